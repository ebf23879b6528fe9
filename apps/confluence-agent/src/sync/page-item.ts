import type { WorkItem } from '@emm/agent-runtime';
import type { confluencePageSummarySchema } from '@emm/contracts';
import type { z } from 'zod';

export type PageSummary = z.output<typeof confluencePageSummarySchema>;

/** The space a page belongs to, as the note and the classifier hints name it. */
export interface SpaceRef {
  key: string;
  name: string;
}

/** Everything processItem needs about one page: its listing entry and its space. */
export interface PagePayload {
  page: PageSummary;
  space: SpaceRef;
}

const MAX_KEY_LENGTH = 200;

/**
 * `<space>:<page id>:<version>`: the same page version gives the same item,
 * so planning a run twice never makes two items for it. Space keys are at
 * most 255 characters in Confluence; a key that would not fit the runtime's
 * 200 is shortened from the space side, the id and version always stay.
 */
export function pageItemKey(spaceKey: string, page: Pick<PageSummary, 'id' | 'version'>): string {
  const tail = `:${page.id}:${page.version}`;
  return `${spaceKey.slice(0, MAX_KEY_LENGTH - tail.length)}${tail}`;
}

export function pageItem(space: SpaceRef, page: PageSummary): WorkItem<PagePayload> {
  return { key: pageItemKey(space.key, page), label: page.title, payload: { page, space } };
}

/**
 * One item per page: a listing can show a page twice when it was edited
 * while the listing was paged through; only its newest version is worth
 * writing.
 */
export function newestVersionPerPage(pages: readonly PageSummary[]): PageSummary[] {
  const newest = new Map<string, PageSummary>();
  for (const page of pages) {
    const seen = newest.get(page.id);
    if (seen === undefined || page.version > seen.version) newest.set(page.id, page);
  }
  return [...newest.values()];
}

/** Narrows what finish() gets back (rejected entries carry no payload). */
export function isPagePayload(payload: unknown): payload is PagePayload {
  if (typeof payload !== 'object' || payload === null) return false;
  const { page, space } = payload as Partial<PagePayload>;
  return typeof page?.id === 'string' && typeof space?.key === 'string';
}
