import { deriveSummary, deriveTags, deriveTitle } from './extract';

describe('deriveTitle', () => {
  it('takes an e-mail subject without Re:/Fwd:', () => {
    expect(deriveTitle('From: a@b.example\nTo: me\nSubject: Re: Fwd: shower leak – quote\n\nHi Rachel,\n…')).toBe('shower leak – quote');
  });

  it('takes the first heading, skipping front matter', () => {
    expect(deriveTitle('---\ntype: note\n---\nSome intro line\n# Move to Calder Street\n')).toBe('Move to Calder Street');
  });

  it('takes the first line that reads like a title: not a header, greeting or rule', () => {
    expect(deriveTitle('Dear Mr Okafor,\n\nYour new Visa Platinum is enclosed\n\nThank you…')).toBe('Your new Visa Platinum is enclosed');
    expect(deriveTitle('=====\n**PENALTY CHARGE NOTICE**\nIssued under…')).toBe('PENALTY CHARGE NOTICE');
  });

  it('uses the first sentence of a long first line, shortened at a word', () => {
    const title = deriveTitle('Handy little debounce I keep copying between projects. Waits until calls stop for a while before running, and the last call wins.');
    expect(title).toBe('Handy little debounce I keep copying between projects');
  });

  it('falls back to the file name, then to the first words of a chat', () => {
    expect(deriveTitle('', 'scans/2024-03_BankStatement.pdf')).toBe('2024 03 Bank Statement');
    expect(deriveTitle('[18:02] Tom: you still up for Saturday?')).toBe('Tom: you still up for Saturday?');
    expect(deriveTitle('   ')).toBeUndefined();
  });
});

describe('deriveSummary', () => {
  it('takes whole first sentences of the prose (after headers, title and greeting) until about 120 characters', () => {
    const text = 'Subject: Your plan renews\n\nHi Sam,\n\nYour membership renews on 12 May. We will charge £17.99 to your card. Want to change plans? Switch at any time under Account. Prices include VAT and more text follows here.';
    const summary = deriveSummary(text, 'Your plan renews');
    expect(summary).toBe('Your membership renews on 12 May. We will charge £17.99 to your card. Want to change plans? Switch at any time under Account.');
  });

  it('never exceeds 300 characters and cuts at a word', () => {
    const summary = deriveSummary(`${'Lorem ipsum dolor sit amet consectetur '.repeat(20)}end.`, undefined);
    expect(summary.length).toBeLessThanOrEqual(300);
    expect(summary.endsWith('…')).toBe(true);
    expect(summary).not.toMatch(/\s…$/);
  });

  it('uses the first lines when a document has no prose (a form, a table)', () => {
    expect(deriveSummary('Name: Ana\nAccount: 1234\n', undefined)).toContain('Name: Ana');
  });
});

describe('deriveTags', () => {
  it('keeps what is tag-worthy, lower-cased and hyphenated, without repeating a stem', () => {
    const tags = deriveTags(['Statements', 'bank statement', 'statement', 'IBAN', 'things', 'Bank'], (label) => label !== 'things');
    expect(tags).toEqual(['statements', 'bank-statement', 'iban']);
  });
});
