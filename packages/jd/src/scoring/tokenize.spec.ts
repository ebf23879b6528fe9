import { porterStem } from './stem';
import { fileNameWords, tokenize } from './tokenize';

describe('porterStem', () => {
  it.each([
    ['caresses', 'caress'],
    ['ponies', 'poni'],
    ['cats', 'cat'],
    ['agreed', 'agre'],
    ['plastered', 'plaster'],
    ['motoring', 'motor'],
    ['hopping', 'hop'],
    ['filing', 'file'],
    ['happy', 'happi'],
    ['relational', 'relat'],
    ['generalization', 'gener'],
    ['electrical', 'electr'],
    ['adjustable', 'adjust'],
    ['controll', 'control'],
    ['yelling', 'yell'],
    ['sky', 'sky'],
  ])('%s → %s', (word, stem) => {
    expect(porterStem(word)).toBe(stem);
  });

  it('conflates the forms a user writes and a document contains', () => {
    expect(porterStem('statements')).toBe(porterStem('statement'));
    expect(porterStem('invoices')).toBe(porterStem('invoicing'));
    expect(porterStem('banking')).toBe(porterStem('bank'));
  });

  it('leaves words with non-ASCII letters or digits alone', () => {
    expect(porterStem('straße')).toBe('straße');
    expect(porterStem('401k')).toBe('401k');
  });
});

describe('tokenize', () => {
  it('folds case and accents, drops stop words and single letters, stems', () => {
    expect(tokenize('The Café’s NEW invoices, paid via IBAN — a résumé of 2024!')).toEqual([
      'cafe',
      'new',
      'invoic',
      'paid',
      'iban',
      'resum',
      '2024',
    ]);
  });

  it('gives nothing for stop words only', () => {
    expect(tokenize('and the of it was to be')).toEqual([]);
  });
});

describe('fileNameWords', () => {
  it('turns file names into words', () => {
    expect(fileNameWords('/inbox/2024-03_BankStatement.final.pdf')).toBe('2024 03 Bank Statement final');
    expect(fileNameWords('C:\\Users\\me\\tax-return.docx')).toBe('tax return');
    expect(fileNameWords('README')).toBe('README');
  });
});
