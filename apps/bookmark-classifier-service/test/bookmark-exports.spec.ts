import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Bookmark, ParsedBookmarks } from '../src/bookmarks/bookmark';
import { BookmarkFormatError } from '../src/bookmarks/bookmark-format-error';
import { parseBookmarks } from '../src/bookmarks/parse-bookmarks';

const FIXTURES = join(__dirname, 'fixtures');
const fixture = (name: string) => readFileSync(join(FIXTURES, name), 'utf8');
const parse = (name: string): ParsedBookmarks => parseBookmarks(fixture(name), { maxInputBytes: 10 * 1024 * 1024 });
const byTitle = (result: ParsedBookmarks, title: string): Bookmark => {
  const found = result.bookmarks.find((bookmark) => bookmark.title === title);
  if (!found) throw new Error(`no bookmark titled ${title}; have ${result.bookmarks.map((b) => b.title).join(' | ')}`);
  return found;
};
const formatError = (name: string): string => {
  try {
    parse(name);
  } catch (error) {
    if (error instanceof BookmarkFormatError) return error.message;
    throw error;
  }
  throw new Error(`${name} parsed without an error`);
};

describe('bookmark exports as browsers write them', () => {
  describe('Chrome (Netscape HTML)', () => {
    const result = parse('chrome-bookmarks.html');

    it('reads every bookmark with its nested folder path, date and decoded title', () => {
      expect(result.format).toBe('netscape-html');
      expect(result.bookmarks).toHaveLength(11);
      expect(byTitle(result, 'Helm | Getting Started')).toEqual({
        url: 'https://helm.sh/docs/chart_template_guide/getting_started',
        originalUrl: 'https://HELM.sh:443/docs/chart_template_guide/getting_started/',
        title: 'Helm | Getting Started',
        folderPath: ['Bookmarks bar', 'Dev', 'Kubernetes & Helm'],
        addedAt: '2023-08-02T18:13:20.000Z',
        tags: [],
      });
      expect(byTitle(result, 'GitHub')).toMatchObject({ url: 'https://github.com/', folderPath: ['Bookmarks bar'] });
    });

    it('decodes HTML entities in titles, folder names and URLs', () => {
      const page = byTitle(result, "It's a page <with> entities");
      expect(page.url).toBe("https://www.example.com/it's-a-page?q=caf%C3%A9");
      expect(byTitle(result, 'Omas Apfelstrudel – Rezept "klassisch" | Chefkoch').folderPath).toEqual(['Bookmarks bar', 'Küche & Rezepte']);
    });

    it('keeps non-ASCII titles intact', () => {
      expect(byTitle(result, '簡単！ふわふわ卵焼き 🍳 by 料理好き').url).toBe('https://cookpad.com/jp/recipes/17618245');
    });

    it('strips tracking parameters and fragments, sorts the rest', () => {
      expect(byTitle(result, 'What is Ownership? - The Rust Programming Language').url).toBe('https://doc.rust-lang.org/book/ch04-01-what-is-ownership.html');
      expect(byTitle(result, 'Pods | Kubernetes').url).toBe('https://kubernetes.io/docs/concepts/workloads/pods?a=1&b=2');
    });

    it('keeps the first of two bookmarks of one page and counts the other as a duplicate', () => {
      expect(result.duplicates).toBe(1);
      expect(result.bookmarks.filter((bookmark) => bookmark.url === 'https://github.com/')).toHaveLength(1);
      expect(result.bookmarks.map((b) => b.title)).not.toContain('GitHub (again, in Other bookmarks)');
    });

    it('reports bookmarklets and browser pages per line without failing the file', () => {
      expect(result.invalid).toEqual([
        { line: 22, url: 'javascript:(function(){alert(document.title)})()', reason: expect.stringContaining('unsupported scheme "javascript:"') },
        { line: 33, url: 'chrome://settings/', reason: expect.stringContaining('unsupported scheme "chrome:"') },
      ]);
    });

    it('treats ADD_DATE="0" as no date', () => {
      expect(byTitle(result, 'Johnny Decimal - Wikipedia').addedAt).toBeUndefined();
    });
  });

  describe('Firefox (Netscape HTML)', () => {
    const result = parse('firefox-bookmarks.html');

    it('reads menu, toolbar and other-bookmarks folders, with TAGS and <DD> descriptions', () => {
      expect(result.format).toBe('netscape-html');
      expect(byTitle(result, 'Getting Started').folderPath).toEqual([]);
      expect(byTitle(result, 'Get Help').folderPath).toEqual(['Mozilla Firefox']);
      expect(byTitle(result, 'The Rust Programming Language - The Rust Programming Language')).toMatchObject({
        url: 'https://doc.rust-lang.org/book',
        folderPath: ['Bookmarks Toolbar'],
        tags: ['rust', 'book'],
        description: 'The official book: ownership, borrowing & lifetimes.',
        addedAt: '2023-11-26T12:00:00.000Z',
      });
      expect(byTitle(result, 'Steuern – Bundesfinanzministerium')).toMatchObject({ folderPath: ['Bookmarks Toolbar', 'Finanzen'], tags: ['steuern', 'tax'] });
      expect(byTitle(result, 'Moby Dick; Or, The Whale by Herman Melville | Project Gutenberg').folderPath).toEqual(['Other Bookmarks']);
    });

    it('does not take a folder\'s <DD> for a bookmark description', () => {
      expect(result.bookmarks.some((bookmark) => bookmark.description?.includes('Bookmarks Toolbar'))).toBe(false);
    });

    it('merges the tags of a duplicate into the bookmark it kept', () => {
      expect(result.duplicates).toBe(1);
      expect(byTitle(result, 'Exchange-Traded Fund (ETF): How to Invest and What It Is')).toMatchObject({
        url: 'http://www.investopedia.com/terms/e/etf.asp',
        tags: ['investing', 'etf'],
      });
    });

    it('normalises an internationalised host to punycode and keeps the title', () => {
      expect(byTitle(result, 'Ελληνικά').url).toBe('https://xn--hxargifdar.example/%CF%83%CE%B5%CE%BB%CE%AF%CE%B4%CE%B1');
    });

    it('reports place: queries and empty links per line', () => {
      expect(result.invalid).toEqual([
        { line: 19, url: 'place:parent=toolbar_____&sort=12&maxResults=10', reason: expect.stringContaining('place:') },
        { line: 35, url: '', reason: 'URL is empty' },
      ]);
    });
  });

  describe('Safari (Netscape HTML, no outer list)', () => {
    const result = parse('safari-bookmarks.html');

    it('reads FOLDED folders, top-level links and the Reading List', () => {
      expect(result.format).toBe('netscape-html');
      expect(byTitle(result, 'Apple').folderPath).toEqual(['Favourites']);
      expect(byTitle(result, 'Fujifilm X-T5 Review: Digital Photography Review').folderPath).toEqual(['Favourites', 'Photo']);
      expect(byTitle(result, 'iCloud').folderPath).toEqual([]);
      expect(byTitle(result, 'The Web Is a Garden – The Atlantic')).toMatchObject({
        folderPath: ['Reading List'],
        description: 'Preview text from the page, as Safari saved it…',
      });
      expect(result.bookmarks.every((bookmark) => bookmark.addedAt === undefined)).toBe(true);
    });

    it('drops YouTube share markers', () => {
      expect(byTitle(result, 'Lightroom masking tutorial – YouTube').url).toBe('https://www.youtube.com/watch?v=dQw4w9WgXcQ');
    });

    it('treats reordered query parameters and a fragment as the same page', () => {
      expect(byTitle(result, 'Reordered params').url).toBe('https://example.org/path?a=1&b=2');
      expect(result.bookmarks.map((b) => b.title)).not.toContain('Same page, params in order');
      expect(result.duplicates).toBe(1);
    });
  });

  describe('JSON', () => {
    it("reads Chrome's Bookmarks file: date_added in microseconds since 1601, roots as folders", () => {
      const result = parse('chrome-Bookmarks.json');
      expect(result.format).toBe('chrome-json');
      expect(byTitle(result, 'GitHub')).toMatchObject({ folderPath: ['Bookmarks bar'], addedAt: '2023-09-24T03:33:20.000Z' });
      expect(byTitle(result, 'Zod | Documentation').folderPath).toEqual(['Bookmarks bar', 'Entwicklung – Bücher & Docs']);
      // As in Chrome's HTML export, "Other bookmarks" is the top level.
      expect(byTitle(result, 'Mortgage calculator')).toMatchObject({ folderPath: [], url: 'https://www.nerdwallet.com/mortgages/mortgage-calculator' });
      expect(result.invalid).toEqual([{ element: 'roots.bookmark_bar.children[1].children[1]', url: '', reason: 'has no "url" string' }]);
    });

    it('reads a Firefox backup: microsecond dates, tags, root folders by their UI names', () => {
      const result = parse('firefox-backup.json');
      expect(result.format).toBe('firefox-json');
      expect(byTitle(result, 'Getting Started')).toMatchObject({ folderPath: [], addedAt: '2022-04-15T05:20:00.123Z' });
      expect(byTitle(result, 'Tomaten säen – Mein schöner Garten')).toMatchObject({ folderPath: ['Bookmarks Toolbar', 'Gärtnern'], tags: ['garden', 'tomatoes'] });
      expect(byTitle(result, "Runner's World – Training plans").folderPath).toEqual(['Other Bookmarks']);
    });

    it('reads a plain list with folder/folderPath, tag lists or strings, ISO or Unix dates; reports bad elements by index', () => {
      const result = parse('bookmark-list.json');
      expect(result.format).toBe('json-list');
      expect(byTitle(result, 'TypeScript: Generics')).toMatchObject({
        folderPath: ['Dev', 'TypeScript'],
        tags: ['typescript', 'generics', 'ts'],
        addedAt: '2024-03-01T10:00:00.000Z',
      });
      expect(byTitle(result, 'The Shawshank Redemption')).toMatchObject({ folderPath: ['Films', 'Classics'], tags: ['film', 'drama'], addedAt: '2024-03-01T10:46:40.000Z' });
      expect(byTitle(result, 'example.com/just-a-string').url).toBe('https://example.com/just-a-string');
      expect(result.duplicates).toBe(1);
      expect(result.invalid).toEqual([
        { index: 3, url: '', reason: 'has no "url" string' },
        { index: 4, url: '', reason: 'must be an object with a "url", or a URL string' },
        { index: 5, url: 'ftp://files.example.com/pub/file.txt', reason: expect.stringContaining('ftp:') },
      ]);
    });
  });

  describe('plain URL lists', () => {
    it('reads one URL per line with an optional title, skipping comments and blank lines', () => {
      const result = parse('urls.txt');
      expect(result.format).toBe('url-list');
      expect(result.bookmarks.map((b) => b.url)).toEqual([
        'https://martinfowler.com/articles/microservices.html',
        'https://www.nytimes.com/2024/01/01/science/climate-change.html?smid=url-share',
        'https://www.bbc.co.uk/news/technology',
      ]);
      expect(result.bookmarks[1].title).toBe('Climate article');
      expect(result.duplicates).toBe(1);
      expect(result.invalid).toEqual([
        { line: 6, url: 'not a url at all', reason: expect.stringContaining('not an absolute URL') },
        { line: 8, url: 'mailto:someone@example.com', reason: expect.stringContaining('mailto:') },
      ]);
    });
  });

  describe('broken files', () => {
    it('a truncated export names the folder that is never closed and its line', () => {
      expect(formatError('truncated-chrome.html')).toBe('line 13: the list of folder "Dev" is never closed (no </DL>): is the export truncated?');
    });

    it('a truncated link names the line of the <A>', () => {
      const cut = fixture('chrome-bookmarks.html').split('\n').slice(0, 12).join('\n').replace(/<\/A>$/, '');
      expect(() => parseBookmarks(`${cut}\n        <DT><A HREF="https://example.com/" ADD_DATE="1">Half a tit`, { maxInputBytes: 1e6 })).toThrow(
        'line 13: <A> is never closed: the file ends inside it (is the export truncated?)',
      );
    });

    it('a </DL> too many is named by its line', () => {
      expect(formatError('stray-close.html')).toBe('line 11: </DL> has no open list to close: the file closes more folders than it opens');
    });

    it('an HTML page that is not a bookmark file is refused', () => {
      expect(formatError('not-bookmarks.html')).toMatch(/^not a bookmark file: no <DL> list and no <A HREF> link found/);
    });

    it('invalid JSON names line and column', () => {
      expect(formatError('broken.json')).toBe('invalid JSON at line 4, column 3: comma expected');
    });

    it('JSON of another shape is refused with what is expected', () => {
      expect(formatError('wrong-shape.json')).toMatch(/^JSON must be a list of bookmarks .*Chrome's Bookmarks file .*Firefox bookmark backup$/);
    });
  });
});
