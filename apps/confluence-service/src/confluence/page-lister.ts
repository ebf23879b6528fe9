import type { ConfluenceApi, PageSummary } from './model';
import { CursorError, decodeCursor, encodeCursor, type ListingCursor } from './listing-cursor';

export interface ListPagesRequest {
  spaceKey: string;
  /** Only pages changed at or after this instant. Not together with `cursor`. */
  since?: Date;
  /** nextCursor of an earlier call. */
  cursor?: string;
  /** Stop following the API's pages once this many pages are collected. */
  limit: number;
  signal?: AbortSignal;
}

export interface ListPagesResult {
  pages: PageSummary[];
  /** Always set: continues this listing when `complete` is false, else lists what changes from now on. */
  nextCursor: string;
  /** true when the API's listing was followed to its end. */
  complete: boolean;
  /** The newest change this listing has seen (ISO), the point the sync cursor continues from. */
  newestChange?: string;
}

/**
 * list_pages over either API: follows the API's `next` links until the
 * listing ends or `limit` pages are collected, and hands out a cursor for
 * whatever comes next.
 */
export class PageLister {
  constructor(private readonly api: ConfluenceApi) {}

  async list(request: ListPagesRequest): Promise<ListPagesResult> {
    const start = request.cursor ? this.resume(request.cursor, request.spaceKey) : { flavor: this.api.flavor, spaceKey: request.spaceKey, since: request.since?.toISOString() };
    const since = start.since ? new Date(start.since) : undefined;
    const pages: PageSummary[] = [];
    let next = start.next;
    let newest = start.newest;
    do {
      const batch = await this.api.pagesBatch({ spaceKey: request.spaceKey, since, next, limit: request.limit - pages.length, signal: request.signal });
      for (const page of batch.pages) {
        pages.push(page);
        if (newest === undefined || page.lastModified > newest) newest = page.lastModified;
      }
      next = batch.next;
    } while (next !== undefined && pages.length < request.limit);

    const base = { flavor: this.api.flavor, spaceKey: request.spaceKey };
    if (next !== undefined) {
      return { pages, complete: false, newestChange: newest, nextCursor: encodeCursor({ ...base, since: start.since, next, newest }) };
    }
    // Finished: from now on only what changed at or after the newest change seen.
    const syncFrom = newest ?? start.since;
    return { pages, complete: true, newestChange: newest, nextCursor: encodeCursor({ ...base, since: syncFrom }) };
  }

  private resume(text: string, spaceKey: string): ListingCursor {
    const cursor = decodeCursor(text);
    if (cursor.flavor !== this.api.flavor) throw new CursorError(`cursor: was issued for Confluence ${cursor.flavor}, but this service reads Confluence ${this.api.flavor}`);
    if (cursor.spaceKey !== spaceKey) throw new CursorError(`cursor: belongs to space ${cursor.spaceKey}, not ${spaceKey}`);
    if (cursor.next !== undefined && !this.api.isListingLink(cursor.next)) throw new CursorError('cursor: is damaged (pass nextCursor from an earlier list_pages unchanged)');
    return cursor;
  }
}
