import type { DETECTED_FORMATS, INPUT_FORMATS } from '@emm/contracts';

/** The formats parse_bookmarks reads; `json` covers every JSON flavour. */
export type InputFormat = (typeof INPUT_FORMATS)[number];
/** What a file turned out to be. */
export type DetectedFormat = (typeof DETECTED_FORMATS)[number];

/** One bookmark as a file states it, before its URL is checked. */
export interface RawBookmark {
  url: string;
  title?: string;
  folderPath: string[];
  addedAt?: Date;
  tags: string[];
  description?: string;
  /** Where it sits in the input, for error reports. */
  at: ItemLocation;
  /** Why the entry is unusable whatever its URL (a JSON element without a url, say). */
  problem?: string;
}

/** `line` for text formats, `index` for JSON lists, `element` (a JSON path) for bookmark trees. */
export interface ItemLocation {
  line?: number;
  index?: number;
  element?: string;
}

export interface Bookmark {
  /** Normalised: see normalizeUrl. */
  url: string;
  /** The URL as written, when normalising changed it. */
  originalUrl?: string;
  title: string;
  /** Folder names from the root down, e.g. ['Bookmarks bar', 'Dev', 'Rust']. */
  folderPath: string[];
  /** ISO 8601. */
  addedAt?: string;
  tags: string[];
  description?: string;
}

export interface InvalidBookmark extends ItemLocation {
  url: string;
  reason: string;
}

/** What a format reader hands back: every entry it found, in input order. */
export interface ReadResult {
  format: DetectedFormat;
  entries: RawBookmark[];
}

export interface ParsedBookmarks {
  format: DetectedFormat;
  bookmarks: Bookmark[];
  /** Entries dropped because an earlier one has the same normalised URL. */
  duplicates: number;
  invalid: InvalidBookmark[];
}
