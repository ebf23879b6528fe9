import { createHash } from 'node:crypto';
import { decodeBody } from './charset';
import { contentLanguage, primarySubtag } from './language';
import { pdfDate } from './pdf-extractor';
import { contentHash, wordCount } from './text-stats';

describe('decodeBody', () => {
  const latin1 = Buffer.from('<meta charset="iso-8859-1"><p>Suðuroy, café</p>', 'latin1');

  it('follows BOM, then header charset, then <meta charset>, then UTF-8', () => {
    expect(decodeBody(latin1, undefined, true)).toContain('Suðuroy, café');
    expect(decodeBody(Buffer.from('café', 'latin1'), 'windows-1252', false)).toBe('café');
    expect(decodeBody(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('naïve')]), 'iso-8859-1', false)).toBe('naïve');
    expect(decodeBody(Buffer.from('naïve'), undefined, false)).toBe('naïve');
    expect(decodeBody(Buffer.from('naïve'), 'no-such-charset', false)).toBe('naïve');
  });
});

describe('wordCount and contentHash', () => {
  it('counts words the way a reader would, CJK characters one each', () => {
    expect(wordCount("It's a well-known fact: 3.5 million people can't be wrong.")).toBe(10);
    expect(wordCount('東京は大きい')).toBe(6);
    expect(wordCount('  ')).toBe(0);
  });

  it('is the sha256 (hex) of the text', () => {
    expect(contentHash('one two three')).toBe(createHash('sha256').update('one two three').digest('hex'));
  });
});

describe('contentLanguage', () => {
  it('takes the declared language, else detects it from enough text', () => {
    expect(contentLanguage('de-AT', 'whatever')).toBe('de');
    expect(contentLanguage(undefined, 'Le gouvernement a présenté mardi un projet de loi qui vise à réduire la consommation d’énergie des bâtiments publics.')).toBe('fr');
    expect(contentLanguage(undefined, 'too short')).toBeUndefined();
    expect(primarySubtag('x-default')).toBeUndefined();
    expect(primarySubtag('en_US, de')).toBe('en');
  });
});

describe('pdfDate', () => {
  it('reads PDF date strings', () => {
    expect(pdfDate("D:20240131120000+01'00'")).toBe('2024-01-31T11:00:00.000Z');
    expect(pdfDate('D:20240131')).toBe('2024-01-31T00:00:00.000Z');
    expect(pdfDate('garbage')).toBeUndefined();
  });
});
