import type { BlockReason } from './fetch-errors';

/** What a request was for: the page itself, or the robots.txt of its host. */
export type FetchPurpose = 'page' | 'robots';

/** Receives what the fetcher did, for metrics. */
export interface FetchObserver {
  /** One HTTP exchange ended: `statusClass` is `2xx`…`5xx`, or `error` when no response came. */
  exchange(purpose: FetchPurpose, statusClass: string, wireBytes: number, seconds: number): void;
  /** A rule refused a request. */
  blocked(reason: BlockReason): void;
}
