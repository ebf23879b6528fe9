import type { Bookmark, InputFormat, InvalidBookmark, ParsedBookmarks, RawBookmark, ReadResult } from './bookmark';
import { BookmarkFormatError } from './bookmark-format-error';
import { readJsonBookmarks } from './json-bookmarks';
import { readNetscapeHtml } from './netscape-html';
import { mergeTags } from './tags';
import { readUrlList } from './url-list';
import { normalizeUrl } from './url-normalizer';

export interface ParseOptions {
  /** Undefined: told by the first character (`<` HTML, `[`/`{` JSON, anything else a URL list). */
  format?: InputFormat;
  /** Larger inputs are refused before any parsing. */
  maxInputBytes: number;
}

const READERS: Record<InputFormat, (content: string) => ReadResult> = {
  'netscape-html': readNetscapeHtml,
  json: readJsonBookmarks,
  'url-list': readUrlList,
};

/**
 * A bookmark export (Netscape HTML, JSON, or a URL list) → normalised,
 * deduplicated bookmarks. The input as a whole must be readable
 * (BookmarkFormatError otherwise); a single unusable entry — a bad URL, a
 * `javascript:` bookmarklet — is listed in `invalid` and the rest is kept.
 * Duplicates (same normalised URL) keep the first entry, which gains the
 * tags of the later ones.
 */
export function parseBookmarks(content: string, options: ParseOptions): ParsedBookmarks {
  const bytes = Buffer.byteLength(content, 'utf8');
  if (bytes > options.maxInputBytes) {
    throw new BookmarkFormatError(`is ${formatBytes(bytes)}; at most ${formatBytes(options.maxInputBytes)} can be parsed at once (split the export)`);
  }
  // Exports saved by Windows tools start with a byte order mark.
  const text = content.charCodeAt(0) === 0xfeff ? content.slice(1) : content;
  const format = options.format ?? detectFormat(text);
  const { format: detected, entries } = READERS[format](text);

  const bookmarks: Bookmark[] = [];
  const byUrl = new Map<string, Bookmark>();
  const invalid: InvalidBookmark[] = [];
  let duplicates = 0;
  for (const entry of entries) {
    if (entry.problem !== undefined) {
      invalid.push({ ...entry.at, url: entry.url, reason: entry.problem });
      continue;
    }
    const normalized = normalizeUrl(entry.url);
    if (!normalized.ok) {
      invalid.push({ ...entry.at, url: entry.url, reason: normalized.reason });
      continue;
    }
    const earlier = byUrl.get(normalized.url);
    if (earlier) {
      duplicates++;
      earlier.tags = mergeTags(earlier.tags, entry.tags);
      continue;
    }
    const bookmark = toBookmark(entry, normalized.url);
    byUrl.set(bookmark.url, bookmark);
    bookmarks.push(bookmark);
  }
  return { format: detected, bookmarks, duplicates, invalid };
}

/** The format by the first character that is not white space. */
export function detectFormat(content: string): InputFormat {
  const first = /\S/.exec(content)?.[0];
  if (first === undefined) throw new BookmarkFormatError('is empty: no bookmarks to parse');
  if (first === '<') return 'netscape-html';
  if (first === '[' || first === '{') return 'json';
  return 'url-list';
}

function toBookmark(entry: RawBookmark, url: string): Bookmark {
  // Optional fields are set only when present (assignments, not spreads: this runs once per bookmark).
  const bookmark: Bookmark = { url, title: entry.title || titleFromUrl(url), folderPath: entry.folderPath, tags: entry.tags };
  const original = entry.url.trim();
  if (original !== url) bookmark.originalUrl = original;
  if (entry.addedAt) bookmark.addedAt = entry.addedAt.toISOString();
  if (entry.description !== undefined) bookmark.description = entry.description;
  return bookmark;
}

/** `https://example.com/docs/intro` → `example.com/docs/intro`: something readable when the export has no title. */
function titleFromUrl(url: string): string {
  const { host, pathname } = new URL(url);
  return pathname === '/' ? host : `${host}${pathname}`;
}

function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
}
