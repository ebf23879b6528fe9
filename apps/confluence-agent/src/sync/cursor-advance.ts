import type { SpaceListing } from './cursor-store';

/** A page of the space as finish sees it. */
export interface PageOutcome {
  /** The page's note holds this listing's version (or a newer one). */
  synced: boolean;
  lastModified: string;
}

/** Where a space's cursor goes after a run, and why. */
export type CursorDecision =
  /** Every page is in the vault: the listing's sync cursor (what changes from now on). */
  | { kind: 'advance'; position: { cursor: string } }
  /** Some pages are not: the next sync lists again from the earliest of them. */
  | { kind: 'hold'; position: { since: string }; unsynced: number };

/**
 * The cursor moves only past pages that made it into the vault. When one did
 * not (it failed, or a cancelled run never got to it), the next sync starts
 * at the earliest such page's change time, so it is listed again; the pages
 * that succeeded are listed with it and skipped, their notes already holding
 * that version.
 */
export function decideCursor(listing: SpaceListing, pages: readonly PageOutcome[]): CursorDecision {
  const unsynced = pages.filter((page) => !page.synced);
  if (unsynced.length === 0) return { kind: 'advance', position: { cursor: listing.nextCursor } };
  const earliest = Math.min(...unsynced.map((page) => instant(page.lastModified)));
  return { kind: 'hold', position: { since: new Date(earliest).toISOString() }, unsynced: unsynced.length };
}

/**
 * Data Center reports times with the server's offset (`+01:00`): compare
 * instants, not strings. A time that cannot be read counts as the epoch, so
 * the next sync lists the whole space rather than miss the page.
 */
function instant(iso: string): number {
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? 0 : ms;
}
