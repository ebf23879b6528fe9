import { cacheKey, normaliseUrl } from './page-cache';

describe('normaliseUrl (the page cache key)', () => {
  it('gives every spelling of one page the same key', () => {
    const spellings = [
      'HTTP://Example.COM:80/a/b?y=2&x=1',
      'http://example.com/a/./b?x=1&y=2#section',
      'http://user:pw@example.com/a/c/../b?utm_source=news&x=1&y=2&fbclid=abc',
    ];
    expect(new Set(spellings.map((url) => normaliseUrl(new URL(url))))).toEqual(new Set(['http://example.com/a/b?x=1&y=2']));
    expect(cacheKey(new URL(spellings[0]))).toMatch(/^emm:web-scraper-service:page:[0-9a-f]{64}$/);
  });

  it('keeps what changes the page: path case, scheme, port and other parameters', () => {
    const keys = ['http://example.com/A', 'http://example.com/a', 'https://example.com/a', 'http://example.com:8080/a', 'http://example.com/a?page=2'];
    expect(new Set(keys.map((url) => normaliseUrl(new URL(url)))).size).toBe(keys.length);
  });
});
