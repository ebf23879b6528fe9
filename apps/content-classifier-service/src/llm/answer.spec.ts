import { join } from 'node:path';
import { JdIndex } from '@emm/jd';
import { readAnswer } from './answer';

describe('readAnswer', () => {
  let index: JdIndex;
  beforeAll(async () => {
    index = await JdIndex.load(join(__dirname, '../../../../examples/jd.yaml'));
  });

  const read = (value: unknown) => readAnswer(typeof value === 'string' ? value : JSON.stringify(value), index);

  it('accepts an answer whose numbers exist, naming them as the structure does', () => {
    const reading = read({ category: '11', id: '11.01', confidence: 0.9, alternatives: [{ category: '12', confidence: 0.1 }], title: 'March', summary: 'A statement.', tags: ['Bank', 'bank', '#iban'] });
    expect(reading).toEqual({
      ok: true,
      verdict: {
        best: { category: { id: '11', name: 'Banking', path: '10-19 Finance/11 Banking' }, item: { id: '11.01', name: 'Statements', path: '10-19 Finance/11 Banking/11.01 Statements' }, score: 0.9 },
        alternatives: [{ category: { id: '12', name: 'Invoices and bills', path: '10-19 Finance/12 Invoices and bills' }, score: 0.1 }],
        confidence: 0.9,
        title: 'March',
        summary: 'A statement.',
        tags: ['bank', 'iban'],
      },
    });
  });

  it('reads numbers written as numbers and confidence in percent', () => {
    const reading = read({ category: 11, id: 11.01, confidence: 85 });
    expect(reading.ok && reading.verdict.best.item?.id).toBe('11.01');
    expect(reading.ok && reading.verdict.confidence).toBe(0.85);
    const padded = read({ category: 1, id: 1.02, confidence: '0.7' });
    expect(padded.ok && padded.verdict.best.item?.id).toBe('01.02');
  });

  it('refuses an invented category and says which', () => {
    expect(read({ category: '19', id: null, confidence: 0.9 })).toEqual({ ok: false, reason: 'unknown_category', detail: 'category "19" is not in the JD structure' });
  });

  it('drops an ID outside the chosen category, the review inbox, and invented alternatives', () => {
    const reading = read({ category: '00', id: '00.01', confidence: 0.4, alternatives: [{ category: '98', confidence: 0.3 }, { category: '00', confidence: 0.2 }, { category: '25', id: '11.01', confidence: 0.1 }] });
    expect(reading.ok).toBe(true);
    if (!reading.ok) return;
    expect(reading.verdict.best.item).toBeUndefined();
    expect(reading.verdict.alternatives).toEqual([{ category: expect.objectContaining({ id: '25' }), score: 0.1 }]);
  });

  it('finds the object inside a fence or prose, and refuses what is not JSON', () => {
    expect(readAnswer('Here you go:\n```json\n{"category":"25","id":null,"confidence":0.8}\n```', index).ok).toBe(true);
    expect(read('The category is 25.')).toMatchObject({ ok: false, reason: 'malformed_json', detail: 'the answer is not a JSON object: The category is 25.' });
    expect(read('[1,2]')).toMatchObject({ ok: false, reason: 'malformed_json' });
  });

  it('refuses answers without a usable confidence, naming the field', () => {
    expect(read({ category: '25' })).toMatchObject({ ok: false, reason: 'invalid_answer', detail: expect.stringMatching(/^confidence: /) });
    expect(read({ category: '25', confidence: 250 })).toMatchObject({ ok: false, reason: 'invalid_answer', detail: 'confidence: must be between 0 and 1' });
  });
});
