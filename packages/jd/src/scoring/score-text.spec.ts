import { join } from 'node:path';
import { JdIndex } from '../jd-index';
import { scoreText } from './score-text';

const EXAMPLE = join(__dirname, '../../../../examples/jd.yaml');

const BANK_STATEMENT = `Account statement 03/2024
IBAN DE89 3704 0044 0532 0130 00, BIC COBADEFFXXX
Opening balance 1,204.33 EUR
02.03. Direct debit  City Energy         -84.00
05.03. Transfer to savings account      -200.00
15.03. Salary ACME GmbH               +2,950.00
Closing balance 3,870.33 EUR`;

const RECIPE = `Weeknight lentil curry
Serves 4. Ingredients: 2 tablespoons oil, 1 onion, 2 teaspoons curry paste,
250 g red lentils, 400 ml coconut milk. Fry the onion, stir in the paste,
add lentils and simmer for 25 minutes until soft. Serve with rice.`;

describe('scoreText', () => {
  let index: JdIndex;
  beforeAll(async () => {
    index = await JdIndex.load(EXAMPLE);
  });

  const top = (input: Parameters<typeof scoreText>[1]) => scoreText(index, input)[0];

  it('ranks Banking first for a bank statement, with the statements ID on top', () => {
    const results = scoreText(index, { text: BANK_STATEMENT }, { limit: 5 });
    expect(results[0]).toMatchObject({ categoryId: '11', itemId: '11.01' });
    expect(results[0].matched).toEqual(expect.arrayContaining(['account statement', 'opening balance', 'iban']));
    expect(results.slice(0, 3).every((result) => result.categoryId === '11')).toBe(true);
    expect(results[0].score).toBeGreaterThan(0.6);
  });

  it('ranks the recipes category first for a recipe', () => {
    const result = top({ text: RECIPE, title: 'Lentil curry' });
    expect(result).toMatchObject({ categoryId: '25', itemId: '25.01' });
    expect(result.matched).toEqual(expect.arrayContaining(['curry', 'ingredients', 'simmer']));
  });

  it('finds the category from the file name alone', () => {
    expect(top({ text: '', fileName: 'scans/2024-02_payslip.pdf' })).toMatchObject({ categoryId: '16', itemId: '16.01' });
  });

  it('weighs title, file name and hints above the body', () => {
    const inBody = top({ text: 'We talked about the mortgage.' });
    const inTitle = top({ text: '', title: 'Mortgage' });
    const inFileName = top({ text: '', fileName: 'mortgage.pdf' });
    const inHints = top({ text: '', hints: ['mortgage'] });
    expect(inBody.categoryId).toBe('21');
    expect(inTitle.score).toBeGreaterThan(inFileName.score);
    expect(inFileName.score).toBe(inHints.score);
    expect(inFileName.score).toBeGreaterThan(inBody.score * 1.5);

    // A body about cooking with a file name about banking files as banking.
    expect(top({ text: 'Dinner was nice, the sauce needed more salt.', fileName: 'bank_statement_march.pdf' }).categoryId).toBe('11');
  });

  it('saturates repetition so a long text does not outweigh a title', () => {
    const once = top({ text: 'Notes from the doctor.' }).score;
    const hundred = top({ text: 'doctor '.repeat(100) }).score;
    expect(hundred).toBeGreaterThan(once);
    expect(hundred).toBeLessThan(top({ text: '', title: 'Doctor' }).score);

    const filler = 'lorem ipsum dolor sit amet consectetur '.repeat(200);
    expect(top({ text: `Notes from the doctor. ${filler}` }).score).toBeLessThan(once);
  });

  it('matches multi-word keywords as phrases above their separate words', () => {
    const phrase = scoreText(index, { text: 'the opening balance was low' }).find((result) => result.itemId === '11.01');
    const apart = scoreText(index, { text: 'the balance at the opening was low' }).find((result) => result.itemId === '11.01');
    expect(phrase?.matched).toContain('opening balance');
    expect(apart?.matched ?? []).not.toContain('opening balance');
    expect(phrase!.score).toBeGreaterThan(apart?.score ?? 0);
  });

  it('ignores stop words and unknown words', () => {
    expect(scoreText(index, { text: 'The and of it was to be, or not to be, that is the question.', title: 'A' })).toEqual([]);
    expect(scoreText(index, { text: '' })).toEqual([]);
  });

  it('matches regardless of case, accents and word forms', () => {
    expect(top({ text: 'INVOICING', title: '' })).toMatchObject({ categoryId: '12' });
    expect(top({ text: 'Médication et prescriptiôns' })).toMatchObject({ categoryId: '24', itemId: '24.02' });
  });

  it('never proposes the review inbox', () => {
    const results = scoreText(index, { text: 'review inbox items', title: 'Review inbox' }, { limit: 100 });
    expect(results.some((result) => result.itemId === '00.01')).toBe(false);
  });

  it('is deterministic and breaks ties by number', () => {
    const twins = JdIndex.parse(`version: 1
areas:
  - id: "00-09"
    name: System
    categories:
      - { id: "00", name: Inbox, ids: [{ id: "00.01", name: Review inbox }] }
  - id: "20-29"
    name: Twins
    categories:
      - { id: "21", name: Earlier, keywords: [garden] }
      - { id: "22", name: Later, keywords: [garden] }
`);
    const results = scoreText(twins, { text: 'garden' });
    expect(results.map((result) => result.categoryId)).toEqual(['21', '22']);
    expect(results[0].score).toBe(results[1].score);
    expect(scoreText(index, { text: BANK_STATEMENT, title: 'x' })).toEqual(scoreText(index, { text: BANK_STATEMENT, title: 'x' }));
  });

  it('keeps scores in 0..1 and honours the limit', () => {
    const results = scoreText(index, { text: `${BANK_STATEMENT}\n${RECIPE}`.repeat(20), title: 'bank recipe tax insurance' }, { limit: 3 });
    expect(results).toHaveLength(3);
    for (const result of results) {
      expect(result.score).toBeGreaterThan(0);
      expect(result.score).toBeLessThan(1);
    }
  });

  it('scores a 2 KB text well under a millisecond', () => {
    const text = `${BANK_STATEMENT}\n${RECIPE}\n`.repeat(4).slice(0, 2048);
    for (let i = 0; i < 50; i++) scoreText(index, { text, title: 'warm up' });
    const runs = 500;
    const started = process.hrtime.bigint();
    for (let i = 0; i < runs; i++) scoreText(index, { text: `${text} ${i}`, title: 'Statement', fileName: 'scan.pdf' });
    const perRunMs = Number(process.hrtime.bigint() - started) / runs / 1e6;
    expect(perRunMs).toBeLessThan(1);
  });
});
