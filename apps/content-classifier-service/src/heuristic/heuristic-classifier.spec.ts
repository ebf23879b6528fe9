import { join } from 'node:path';
import { JdIndex } from '@emm/jd';
import { classifyHeuristically } from './heuristic-classifier';

const EXAMPLE_JD = join(__dirname, '../../../../examples/jd.yaml');

const STATEMENT = `Northfield Bank plc
Current Account Statement
Sort code 20-45-77   Account number 41552903
01 Mar  Balance brought forward                1,842.16
01 Mar  DD THAMES WATER            38.50       1,803.66
04 Mar  CARD 4471 TESCO STORES     62.14       1,741.52
05 Mar  FPI ACME LTD SALARY               2,415.30   4,156.82
07 Mar  SO RENT                   950.00       3,206.82
31 Mar  Balance carried forward                3,206.82
Your arranged overdraft limit is £500. You did not use it this month.`;

describe('classifyHeuristically (example structure)', () => {
  let index: JdIndex;
  beforeAll(async () => {
    index = await JdIndex.load(EXAMPLE_JD);
  });

  it('files a bank statement under Banking › Statements, sure of it, with ranked alternatives', () => {
    const decision = classifyHeuristically(index, { text: STATEMENT, fileName: 'Statement_2024-03.pdf' });
    expect(decision.best?.category).toEqual({ id: '11', name: 'Banking', path: '10-19 Finance/11 Banking' });
    expect(decision.best?.item?.id).toBe('11.01');
    expect(decision.confidence).toBeGreaterThan(0.8);
    expect(decision.provider).toBe('heuristic');
    const scores = [decision.best?.score ?? 0, ...decision.alternatives.map((alternative) => alternative.score)];
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    expect(decision.alternatives.map((alternative) => alternative.category.id)).not.toContain('11');
    expect(decision.tags).toEqual(expect.arrayContaining(['statements']));
    expect(decision.title).toBe('Northfield Bank plc');
    expect(decision.summary).toContain('overdraft limit');
  });

  it('says it found nothing when no word of the structure occurs', () => {
    const decision = classifyHeuristically(index, { text: 'Zorp blick quandle frimp.' });
    expect(decision.best).toBeUndefined();
    expect(decision.alternatives).toEqual([]);
    expect(decision.confidence).toBe(0);
    expect(decision.title).toBe('Zorp blick quandle frimp');
  });

  it('gives the same answer for the same input', () => {
    const input = { text: STATEMENT, title: 'March', hints: ['Finance/Bank'] };
    expect(classifyHeuristically(index, input)).toEqual(classifyHeuristically(index, input));
  });

  it('weighs a given title and hints such as a bookmark folder above the body', () => {
    const text = 'Notes from Saturday. We talked for a long time and then went home.';
    expect(classifyHeuristically(index, { text }).best?.category.id).not.toBe('25');
    expect(classifyHeuristically(index, { text, hints: ['Bookmarks/Recipes'] }).best?.category.id).toBe('25');
    expect(classifyHeuristically(index, { text, title: 'Sourdough bread' }).best?.category.id).toBe('25');
  });

  it('reads a very long document as head and tail, quickly', () => {
    const filler = 'Lorem ipsum dolor sit amet, consectetur adipiscing elit. '.repeat(10_000);
    const recipe = 'Preheat the oven. Ingredients: 500 g flour, 2 tsp salt, 300 ml water. Knead the dough, bake for 40 minutes.';
    const started = performance.now();
    const decision = classifyHeuristically(index, { text: `${filler}\n${recipe}` });
    expect(performance.now() - started).toBeLessThan(500);
    expect(decision.best?.category.id).toBe('25');
  });
});
