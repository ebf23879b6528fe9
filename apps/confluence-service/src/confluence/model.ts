import type { ConfluenceFlavor } from '../config';
import type { PageAttachment, UserRef } from '../storage';

export interface SpaceInfo {
  id: string;
  key: string;
  name: string;
  type?: string;
  status?: string;
  description?: string;
  webUrl?: string;
}

export interface PageAncestor {
  id: string;
  /** Missing only when Confluence would not say (an ancestor the account cannot see). */
  title?: string;
}

/** A page as list_pages reports it: enough to decide whether to fetch it and where it sits in the tree. */
export interface PageSummary {
  id: string;
  title: string;
  spaceKey: string;
  version: number;
  /** ISO 8601: when this version was saved. */
  lastModified: string;
  /** Root first, immediate parent last. */
  ancestors: PageAncestor[];
  labels: string[];
  webUrl?: string;
}

/** One page of the API's listing, and the link to the next one (as the API gave it) if there is more. */
export interface PageBatch {
  pages: PageSummary[];
  next?: string;
}

export interface PageContent extends PageSummary {
  /** The body in storage format (XHTML). */
  storage: string;
  attachments: PageAttachment[];
}

export interface PageBatchRequest {
  spaceKey: string;
  /** Only pages changed at or after this instant; the batch ends the listing once older pages show up. */
  since?: Date;
  /** A `next` link from an earlier batch of the same listing. */
  next?: string;
  /** Pages to ask the API for (it may cap it lower). */
  limit: number;
  signal?: AbortSignal;
}

/** What the tools need from Confluence, implemented once per REST API flavour. */
export interface ConfluenceApi {
  readonly flavor: ConfluenceFlavor;
  listSpaces(options: { type?: 'global' | 'personal'; signal?: AbortSignal }): Promise<SpaceInfo[]>;
  pagesBatch(request: PageBatchRequest): Promise<PageBatch>;
  /** Whether `next` is a page-listing link of this API (a cursor could carry anything). */
  isListingLink(next: string): boolean;
  getPage(id: string, version: number | undefined, signal?: AbortSignal): Promise<PageContent>;
  /** Display names by user; users Confluence does not resolve are left out. */
  userNames(refs: readonly UserRef[], signal?: AbortSignal): Promise<Map<string, string>>;
  /** A cheap authenticated request, to learn at startup whether the credentials work. */
  probe(signal?: AbortSignal): Promise<void>;
  close(): Promise<void>;
}

/** One stable key per user reference: the map key of `userNames` and of the name cache. */
export function userRefKey(ref: UserRef): string | undefined {
  if (ref.accountId) return `account:${ref.accountId}`;
  if (ref.userKey) return `key:${ref.userKey}`;
  if (ref.username) return `name:${ref.username}`;
  return undefined;
}

/** Runs `fn` over `items` with at most `limit` at a time; stops starting new work after the first failure. */
export async function mapConcurrent<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let nextIndex = 0;
  let failed = false;
  const worker = async (): Promise<void> => {
    while (!failed && nextIndex < items.length) {
      const index = nextIndex++;
      try {
        results[index] = await fn(items[index]);
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
