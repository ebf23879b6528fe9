import { z } from 'zod';
import { CONFLUENCE_FLAVORS, type ConfluenceFlavor } from '../config';

/**
 * What a list_pages cursor carries. Opaque to callers: they store
 * `nextCursor` and hand it back. While a listing is unfinished it holds the
 * API's `next` link; once finished it is a sync cursor that holds the
 * newest change seen, so the next call lists only what changed since.
 */
export interface ListingCursor {
  flavor: ConfluenceFlavor;
  spaceKey: string;
  /** ISO instant: the listing covers pages changed at or after it. */
  since?: string;
  /** The API's link to the rest of an unfinished listing. */
  next?: string;
  /** ISO instant: the newest change seen so far in this listing. */
  newest?: string;
}

const PREFIX = 'cfl1.';

const isoInstant = z.string().refine((text) => !Number.isNaN(Date.parse(text)));

const cursorShape = z.object({
  flavor: z.enum(CONFLUENCE_FLAVORS),
  spaceKey: z.string().min(1),
  since: isoInstant.optional(),
  next: z.string().min(1).max(8_192).optional(),
  newest: isoInstant.optional(),
});

export class CursorError extends Error {}

export function encodeCursor(cursor: ListingCursor): string {
  return PREFIX + Buffer.from(JSON.stringify(cursor)).toString('base64url');
}

/** Reads a cursor this service issued; anything else is the caller's error. */
export function decodeCursor(text: string): ListingCursor {
  if (!text.startsWith(PREFIX)) throw new CursorError('cursor: is not a cursor this service issued (pass nextCursor from an earlier list_pages)');
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(text.slice(PREFIX.length), 'base64url').toString('utf8'));
  } catch {
    throw new CursorError('cursor: is damaged (pass nextCursor from an earlier list_pages unchanged)');
  }
  const parsed = cursorShape.safeParse(json);
  if (!parsed.success) throw new CursorError('cursor: is damaged (pass nextCursor from an earlier list_pages unchanged)');
  return parsed.data;
}
