import { analyseDocument } from './document-signals';

describe('analyseDocument', () => {
  it('blanks out dates, times, amounts and bare numbers, and counts them', () => {
    const { text, counts } = analyseDocument('Paid £1,204.33 on 02/03/2024 at 14:30, ref 48213 90561, and 84.00 EUR on 5 March 2024 (20%).');
    expect(text).not.toMatch(/\d/);
    expect(text).toMatch(/Paid\s+on\s+at/);
    expect(counts.dates).toBe(2);
    expect(counts.amounts).toBe(2);
  });

  it('keeps numbers that are part of words: P60, 401k, W-2, 1:1, 10K', () => {
    const { text } = analyseDocument('P60 and W-2 forms, the 401k plan, a 1:1 with Ana after the 10K race');
    for (const word of ['P60', 'W-2', '401k', '1:1', '10K']) expect(text).toContain(word);
  });

  it('sees ledger rows (a date and an amount on one line) and says "statement"', () => {
    const rows = ['01 Mar  DD WATER   38.50   1,803.66', '04 Mar  CARD TESCO  62.14  1,741.52', '05 Mar  SALARY  2,415.30  4,156.82', '07 Mar  RENT  950.00  3,206.82'];
    const { counts, kindWords } = analyseDocument(rows.join('\n'));
    expect(counts.ledgerRows).toBe(4);
    expect(kindWords).toEqual(expect.arrayContaining(['statement', 'money']));
  });

  it('recognises code in fences and by its syntax, not prose with brackets', () => {
    const snippet = ['Latest order per customer:', '    SELECT customer_id, total', '    FROM orders o', "    WHERE status <> 'cancelled';", 'const x = load(id);'];
    expect(analyseDocument(snippet.join('\n')).kindWords).toEqual(expect.arrayContaining(['code', 'programming']));
    const prose = 'Ramipril 5 mg – 1 tablet (blood pressure)\nTake it in the morning (with breakfast).\nAsk the pharmacist (Boots).';
    expect(analyseDocument(prose).kindWords).not.toContain('code');
  });

  it('counts placeholders but not checkboxes or Markdown links', () => {
    expect(analyseDocument('# {{title}}\nDate: {{date}}').kindWords).toContain('template');
    expect(analyseDocument('Dear [Hiring manager], I apply for [job title] at [Company] as seen on [where you saw it].').kindWords).toContain('template');
    expect(analyseDocument('- [ ] call Ravi\n- [x] book room\nSee [the docs](https://x.example) and [notes](n.md)').counts.placeholders).toBe(0);
  });

  it('recognises ingredient quantities', () => {
    const { kindWords } = analyseDocument('500 g flour, 375 g water, 2 tbsp oil, ½ tsp salt');
    expect(kindWords).toEqual(expect.arrayContaining(['recipe', 'ingredients']));
  });
});
