import { join } from 'node:path';
import { JdIndex } from '@emm/jd';
import { answerJsonSchema, buildPrompt, compactStructure } from './prompt';

describe('prompt', () => {
  let index: JdIndex;
  beforeAll(async () => {
    index = await JdIndex.load(join(__dirname, '../../../../examples/jd.yaml'));
  });

  it('shows the structure compactly: every category and ID, grouped by area, without the review inbox', () => {
    const text = compactStructure(index);
    const lines = text.split('\n');
    expect(lines).toContain('10-19 Finance — Money in and out, and the paperwork that comes with it.');
    expect(lines).toContain('  11 Banking — Current and savings accounts, cards and transfers. [bank, statement, iban, bic, account, transfer, balance, overdraft]');
    expect(lines).toContain('    11.01 Statements [bank statement, monthly statement, account statement, opening balance, closing balance]');
    expect(lines.filter((line) => /^ {2}\d\d /.test(line))).toHaveLength(index.categories().length);
    expect(text).not.toContain('00.01');
    expect(text.length).toBeLessThan(12_000);
  });

  it('puts what is known about the document before its text', () => {
    const [system, user] = buildPrompt(index, { text: 'Body', title: 'T', hints: ['a', 'b'] }, 1_000);
    expect(system.content).toMatch(/never invent a number/);
    expect(user.content).toBe('Title: T\nHints: a; b\nDocument:\n"""\nBody\n"""');
  });

  it('describes the answer with the declared categories only', () => {
    const schema = answerJsonSchema(index) as { properties: { category: { enum: string[] } }; required: string[] };
    expect(schema.properties.category.enum).toEqual(index.categories().map((category) => category.id));
    expect(schema.required).toEqual(expect.arrayContaining(['category', 'confidence']));
  });
});
