import { bookmarkKey, bookmarkLabel, hasOwnTitle, rejectedItem } from './work-items';

const bookmark = (url: string, title: string) => ({ url, title, folder_path: [], tags: [] });

describe('work items', () => {
  it('keys a bookmark by its normalised URL', () => {
    expect(bookmarkKey('https://example.org/guide')).toBe('https://example.org/guide');
  });

  it('keeps keys of long URLs within 200 characters, distinct and stable', () => {
    const long = `https://example.org/${'a'.repeat(300)}`;
    const other = `${long}b`;
    expect(bookmarkKey(long).length).toBeLessThanOrEqual(200);
    expect(bookmarkKey(long)).toBe(bookmarkKey(long));
    expect(bookmarkKey(long)).not.toBe(bookmarkKey(other));
    expect(bookmarkKey(long).startsWith('https://example.org/aaa')).toBe(true);
  });

  it('labels a bookmark with its own title, else its URL', () => {
    expect(bookmarkLabel(bookmark('https://example.org/guide', 'The guide'))).toBe('The guide');
    // parse_bookmarks' stand-in for a missing title is host and path.
    expect(bookmarkLabel(bookmark('https://example.org/guide', 'example.org/guide'))).toBe('https://example.org/guide');
    expect(bookmarkLabel(bookmark('https://example.org', 'example.org'))).toBe('https://example.org');
    expect(hasOwnTitle(bookmark('http://127.0.0.1:8080/a', '127.0.0.1:8080/a'))).toBe(false);
    expect(hasOwnTitle(bookmark('https://example.org/guide', '  '))).toBe(false);
    expect(bookmarkLabel(bookmark('https://example.org/guide', 'A\n  long   title '))).toBe('A long title');
    expect(bookmarkLabel(bookmark('https://example.org/guide', 'x'.repeat(1_000)))).toHaveLength(300);
  });

  it('turns an invalid entry into a rejected item with its place and the reason', () => {
    expect(rejectedItem({ line: 12, url: 'javascript:void(0)', reason: 'unsupported scheme "javascript:": only http and https pages are bookmarks' }, 0)).toEqual({
      key: 'invalid: line 12',
      label: 'javascript:void(0)',
      reason: 'invalid bookmark at line 12: unsupported scheme "javascript:": only http and https pages are bookmarks',
    });
    expect(rejectedItem({ index: 3, url: '', reason: 'has no url' }, 1)).toEqual({ key: 'invalid: entry 3', label: '(no URL) at entry 3', reason: 'invalid bookmark at entry 3: has no url' });
    expect(rejectedItem({ element: 'roots.other.children[2]', url: 'ftp://x', reason: 'bad' }, 2).key).toBe('invalid: roots.other.children[2]');
    expect(rejectedItem({ url: 'x', reason: 'bad' }, 4).key).toBe('invalid: invalid entry 5');
  });
});
