import { parse as parseJsonc, type ParseError, printParseErrorCode } from 'jsonc-parser';
import type { ItemLocation, RawBookmark, ReadResult } from './bookmark';
import { BookmarkFormatError, LineIndex } from './bookmark-format-error';
import { fromChromeTimestamp, fromLooseDate, fromUnixTimestamp } from './dates';
import { splitTags } from './tags';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

const FIREFOX_CONTAINER = 'text/x-moz-place-container';
const FIREFOX_BOOKMARK = 'text/x-moz-place';
/**
 * Firefox's root folders by their `root` key, under the names its UI shows.
 * The menu is the top level, as in Firefox's HTML export (its `<H1>`), so a
 * bookmark gets the same folder path from either file.
 */
const FIREFOX_ROOT_FOLDERS: Record<string, string[]> = {
  bookmarksMenuFolder: [],
  toolbarFolder: ['Bookmarks Toolbar'],
  unfiledBookmarksFolder: ['Other Bookmarks'],
  mobileFolder: ['Mobile Bookmarks'],
};
/** Chrome's HTML export writes the children of "Other bookmarks" at the top level; so does this reader. */
const CHROME_TOP_LEVEL_ROOT = 'other';

/**
 * Reads the JSON flavours, told apart by shape:
 * - a list: `[{ url, title?, folder? | folderPath?, tags?, addedAt?, description? }]`
 *   (or plain URL strings, or `{ "bookmarks": [...] }`);
 * - Chrome's `Bookmarks` file: `{ roots: { bookmark_bar: { children: [...] }, … } }`,
 *   `date_added` in microseconds since 1601;
 * - a Firefox bookmark backup: nested `text/x-moz-place-container` nodes,
 *   `dateAdded` in microseconds since 1970.
 */
export function readJsonBookmarks(content: string): ReadResult {
  const json = parseJson(content);
  if (Array.isArray(json)) return readList(json, '');
  if (isObject(json) && isObject(json.roots)) return readChrome(json.roots);
  if (isObject(json) && json.type === FIREFOX_CONTAINER) return readFirefox(json);
  if (isObject(json) && Array.isArray(json.bookmarks)) return readList(json.bookmarks, 'bookmarks');
  throw new BookmarkFormatError(
    'JSON must be a list of bookmarks ([{ "url": "…", "title": "…" }]), Chrome\'s Bookmarks file ({ "roots": … }) or a Firefox bookmark backup',
  );
}

function parseJson(content: string): Json {
  try {
    return JSON.parse(content) as Json;
  } catch {
    // JSON.parse does not always say where; jsonc-parser does (strict mode: no comments, no trailing commas).
    const errors: ParseError[] = [];
    parseJsonc(content, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
    const first = errors[0];
    if (!first) throw new BookmarkFormatError('invalid JSON');
    const lines = new LineIndex(content);
    throw new BookmarkFormatError(`invalid JSON at line ${lines.lineOf(first.offset)}, column ${lines.columnOf(first.offset)}: ${describeJsonError(first)}`);
  }
}

function describeJsonError(error: ParseError): string {
  // InvalidSymbol → "invalid symbol", CommaExpected → "comma expected".
  return printParseErrorCode(error.error)
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase();
}

function readList(items: Json[], base: string): ReadResult {
  const entries: RawBookmark[] = [];
  items.forEach((item, index) => {
    const at = base === '' ? { index } : { index, element: `${base}[${index}]` };
    if (typeof item === 'string') {
      entries.push({ url: item, folderPath: [], tags: [], at });
      return;
    }
    if (!isObject(item)) {
      entries.push(unusable(at, 'must be an object with a "url", or a URL string'));
      return;
    }
    const url = item.url ?? item.href;
    if (typeof url !== 'string') {
      entries.push(unusable(at, 'has no "url" string'));
      return;
    }
    entries.push({
      url,
      title: optionalString(item.title ?? item.name),
      folderPath: folderPathOf(item.folderPath ?? item.folder),
      addedAt: fromLooseDate(item.addedAt),
      tags: splitTags(item.tags),
      description: optionalString(item.description),
      at,
    });
  });
  return { format: 'json-list', entries };
}

/** `"Dev/Rust"`, `"Dev / Rust"` or `["Dev", "Rust"]` → `['Dev', 'Rust']`. */
function folderPathOf(value: Json | undefined): string[] {
  const parts = Array.isArray(value) ? value.filter((part) => typeof part === 'string') : typeof value === 'string' ? value.split('/') : [];
  return parts.map((part) => part.trim()).filter((part) => part !== '');
}

interface Visit {
  node: Json;
  path: string;
  folders: string[];
}

/** Walks a bookmark tree in document order without recursion: a crafted deep file cannot overflow the stack. */
function walkTree(roots: Visit[], visit: (item: Visit, enqueueChildren: (children: Json, folders: string[]) => void) => void): void {
  const stack = [...roots].reverse();
  while (stack.length > 0) {
    const current = stack.pop() as Visit;
    visit(current, (children, folders) => {
      if (!Array.isArray(children)) return;
      for (let i = children.length - 1; i >= 0; i--) stack.push({ node: children[i], path: `${current.path}.children[${i}]`, folders });
    });
  }
}

function readChrome(roots: JsonObject): ReadResult {
  const entries: RawBookmark[] = [];
  const start = Object.entries(roots).map(([key, node]) => ({ node, path: `roots.${key}`, folders: [] as string[] }));
  walkTree(start, ({ node, path, folders }, enqueueChildren) => {
    if (!isObject(node)) return;
    if (node.type === 'folder' || (node.type === undefined && Array.isArray(node.children))) {
      const isTopLevel = path === `roots.${CHROME_TOP_LEVEL_ROOT}`;
      enqueueChildren(node.children, isTopLevel ? folders : [...folders, optionalString(node.name) || 'Untitled folder']);
    } else if (node.type === 'url') {
      if (typeof node.url !== 'string') entries.push(unusable({ element: path }, 'has no "url" string'));
      else entries.push({ url: node.url, title: optionalString(node.name), folderPath: folders, addedAt: fromChromeTimestamp(node.date_added), tags: [], at: { element: path } });
    }
  });
  return { format: 'chrome-json', entries };
}

function readFirefox(root: JsonObject): ReadResult {
  const entries: RawBookmark[] = [];
  walkTree([{ node: root, path: '$', folders: [] }], ({ node, path, folders }, enqueueChildren) => {
    if (!isObject(node)) return;
    if (node.type === FIREFOX_CONTAINER) {
      enqueueChildren(node.children, [...folders, ...firefoxFolderNames(node, path)]);
    } else if (node.type === FIREFOX_BOOKMARK) {
      if (typeof node.uri !== 'string') entries.push(unusable({ element: path }, 'has no "uri" string'));
      else {
        entries.push({
          url: node.uri,
          title: optionalString(node.title),
          folderPath: folders,
          addedAt: typeof node.dateAdded === 'number' ? fromUnixTimestamp(node.dateAdded) : undefined,
          tags: splitTags(node.tags),
          at: { element: path },
        });
      }
    }
  });
  return { format: 'firefox-json', entries };
}

/** The names a Firefox container adds to the folder path: none for the unnamed root, UI names for the root folders. */
function firefoxFolderNames(node: JsonObject, path: string): string[] {
  if (path === '$') return [];
  if (typeof node.root === 'string' && Object.hasOwn(FIREFOX_ROOT_FOLDERS, node.root)) return FIREFOX_ROOT_FOLDERS[node.root];
  return [optionalString(node.title) || 'Untitled folder'];
}

function unusable(at: ItemLocation, problem: string): RawBookmark {
  return { url: '', folderPath: [], tags: [], at, problem };
}

function isObject(value: Json | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function optionalString(value: Json | undefined): string | undefined {
  if (typeof value !== 'string') return undefined;
  const trimmed = value.replace(/\s+/g, ' ').trim();
  return trimmed === '' ? undefined : trimmed;
}
