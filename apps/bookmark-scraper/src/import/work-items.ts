import { createHash } from 'node:crypto';
import type { bookmarkSchema, invalidBookmarkSchema } from '@emm/contracts';
import type { z } from 'zod';

/** A bookmark as parse_bookmarks returns it (normalised URL, folders, tags, date): the payload of one work item. */
export type Bookmark = z.output<typeof bookmarkSchema>;
export type InvalidBookmark = z.output<typeof invalidBookmarkSchema>;

/** The runtime's limit on item keys. */
const MAX_KEY_LENGTH = 200;
const LONG_URL_PREFIX = 120;
/** Labels are for lists and progress lines: an odd export's 10,000-character title is cut. */
const MAX_LABEL_LENGTH = 300;

/**
 * The item key of a bookmark: its normalised URL, so the same bookmark in a
 * re-planned run is the same item. URLs too long for a key keep a readable
 * start and get the URL's sha256 instead of the rest.
 */
export function bookmarkKey(url: string): string {
  if (url.length <= MAX_KEY_LENGTH) return url;
  return `${url.slice(0, LONG_URL_PREFIX)}…#${createHash('sha256').update(url).digest('hex')}`;
}

/**
 * What a person sees for a bookmark in progress and outcome lists: its own
 * title from the export, else its URL (parse_bookmarks makes `host/path`
 * titles for entries without one; those say less than the URL).
 */
export function bookmarkLabel(bookmark: Bookmark): string {
  const label = hasOwnTitle(bookmark) ? bookmark.title.replace(/\s+/g, ' ').trim() : bookmark.url;
  return label.length <= MAX_LABEL_LENGTH ? label : `${label.slice(0, MAX_LABEL_LENGTH - 1)}…`;
}

/** False when the export gave no title and parse_bookmarks made one from the URL (`example.com/docs/intro`). */
export function hasOwnTitle(bookmark: Bookmark): boolean {
  const title = bookmark.title.trim();
  return title !== '' && title !== titleFromUrl(bookmark.url);
}

/** parse_bookmarks' stand-in title for an entry without one: host and path. */
function titleFromUrl(url: string): string {
  if (!URL.canParse(url)) return url;
  const { host, pathname } = new URL(url);
  return pathname === '/' ? host : `${host}${pathname}`;
}

/** Where an invalid entry sits in the export: `line 12`, `entry 3`, or a JSON path; `position` is its place among the invalid ones. */
export function invalidEntryPlace(entry: InvalidBookmark, position: number): string {
  if (entry.line !== undefined) return `line ${entry.line}`;
  if (entry.index !== undefined) return `entry ${entry.index}`;
  if (entry.element !== undefined) return entry.element;
  return `invalid entry ${position + 1}`;
}

/** A rejected item for an entry parse_bookmarks could not use: failed at once, with the parser's reason and where it is. */
export function rejectedItem(entry: InvalidBookmark, position: number): { key: string; label: string; reason: string } {
  const place = invalidEntryPlace(entry, position);
  const key = `invalid: ${place}`;
  return {
    key: key.length <= MAX_KEY_LENGTH ? key : `invalid: #${position + 1}`,
    label: entry.url === '' ? `(no URL) at ${place}` : entry.url,
    reason: `invalid bookmark at ${place}: ${entry.reason}`,
  };
}
