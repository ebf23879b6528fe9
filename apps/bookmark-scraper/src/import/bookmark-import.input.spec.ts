import { argumentIssueMessage, summarizeIssues, toArgumentIssues } from '@emm/mcp';
import { bookmarkImportInput } from './bookmark-import.input';

/** What POST /runs answers for this input: every broken rule as `field: rule`. */
function problems(input: unknown): string {
  const result = bookmarkImportInput.safeParse(input, { error: argumentIssueMessage });
  return result.success ? 'ok' : summarizeIssues(toArgumentIssues(result.error, 'input'));
}

describe('bookmark-import input', () => {
  it('takes each source form on its own', () => {
    expect(problems({ content: '<!DOCTYPE NETSCAPE-Bookmark-file-1>' })).toBe('ok');
    expect(problems({ content: '[]', format: 'json' })).toBe('ok');
    expect(problems({ path: 'exports/bookmarks.json' })).toBe('ok');
    expect(problems({ urls: ['https://example.org/a', 'https://example.org/b'] })).toBe('ok');
    expect(problems({ urls: ['https://example.org/a'], format: 'url-list' })).toBe('ok');
  });

  it('wants exactly one source', () => {
    expect(problems({})).toBe('content: give exactly one of content, path or urls');
    expect(problems({ format: 'json' })).toBe('content: give exactly one of content, path or urls');
    expect(problems({ content: 'https://example.org', urls: ['https://example.org'] })).toBe('urls: give only one of content, path or urls (content is given too)');
    expect(problems({ path: 'a.json', urls: ['https://example.org'] })).toBe('urls: give only one of content, path or urls (path is given too)');
  });

  it('names the field and the rule for bad values', () => {
    expect(problems({ content: '  \n ' })).toBe('content: must not be empty');
    expect(problems({ path: ' ' })).toBe('path: must not be empty');
    expect(problems({ urls: [] })).toBe('urls: must list at least one URL');
    expect(problems({ urls: ['https://example.org/a', 'https://example.org/b c'] })).toBe('urls[1]: must be one URL, without spaces or line breaks');
    expect(problems({ urls: ['https://example.org/a\nhttps://example.org/b'] })).toBe('urls[0]: must be one URL, without spaces or line breaks');
    expect(problems({ urls: ['#https://example.org/a'] })).toBe('urls[0]: must be one URL, without spaces or line breaks');
    expect(problems({ content: 'x', format: 'csv' })).toBe('format: must be one of "netscape-html", "json", "url-list"');
    expect(problems({ urls: ['https://example.org'], format: 'json' })).toBe('format: must be url-list or left out when urls are given');
    expect(problems({ content: 'x', url: 'https://example.org' })).toBe('input: unknown field url');
  });

  it('trims URLs and paths', () => {
    expect(bookmarkImportInput.parse({ urls: [' https://example.org/a '] })).toEqual({ urls: ['https://example.org/a'] });
    expect(bookmarkImportInput.parse({ path: ' bookmarks.json ' })).toEqual({ path: 'bookmarks.json' });
  });
});
