import { FETCH_PAGE_FAILURES, type FetchPageFailure } from '@emm/contracts';
import type { McpCallError } from '@emm/mcp';

/**
 * What is wrong with a bookmarked link, and whether trying again later can help:
 * - `dead_link`: the page or its host is gone (HTTP 404/410, the name does not resolve, the connection is refused),
 * - `blocked`: a safety or politeness rule refuses it (a private or loopback address, robots.txt, too many redirects, too large),
 * - `unreadable`: the server answers something unusable (a bad TLS certificate, malformed HTTP, an unsupported encoding),
 * - `not_accessible`: any other HTTP 4xx (login or permission required, bad request),
 * - `temporary`: the server is overloaded or failing right now (HTTP 5xx, 429, 408): retried with backoff.
 * The first four fail the item at once with `reason`.
 */
export type LinkProblemKind = 'dead_link' | 'blocked' | 'unreadable' | 'not_accessible' | 'temporary';

export interface LinkProblem {
  kind: LinkProblemKind;
  permanent: boolean;
  /** For the item's outcome, e.g. `dead link: HTTP 404`. */
  reason: string;
}

const GONE_STATUSES = new Set([404, 410]);
/** Statuses that say "not now" rather than "not here": Request Timeout, Too Early, Too Many Requests. */
const LATER_STATUSES = new Set([408, 425, 429]);

/** The problem with a page that answered `status`, if any (2xx and 3xx are fine). */
export function problemWithStatus(status: number): LinkProblem | undefined {
  if (status < 400) return undefined;
  if (GONE_STATUSES.has(status)) return { kind: 'dead_link', permanent: true, reason: `dead link: HTTP ${status}` };
  if (status >= 500 || LATER_STATUSES.has(status)) return { kind: 'temporary', permanent: false, reason: `temporary error: HTTP ${status}` };
  return { kind: 'not_accessible', permanent: true, reason: `not accessible: HTTP ${status}` };
}

/**
 * The link problem behind a failed fetch_page call, or undefined when the
 * failure is not the link's (web-scraper down or slow, a timeout, a bad
 * answer from the service): those are left to the caller, and retried when
 * retryable. web-scraper names each failure in the error's `reason`
 * (FETCH_PAGE_FAILURES); without one (an older web-scraper) the code decides.
 */
export function problemWithFetch(error: Pick<McpCallError, 'kind' | 'code' | 'detail' | 'reason'>): LinkProblem | undefined {
  const detail = error.detail.replace(/^url: /, '');
  // A non-http(s) URL is bad input rather than a rule the link broke.
  if (error.code === 'invalid_argument') return { kind: 'blocked', permanent: true, reason: `cannot be fetched: ${detail}` };
  switch (fetchFailure(error)) {
    case 'name_not_found':
      return { kind: 'dead_link', permanent: true, reason: `dead link: ${detail}` };
    case 'connection_refused':
      // The host answers but nothing serves there (also when robots.txt, the first request to a site, was refused).
      return { kind: 'dead_link', permanent: true, reason: 'dead link: the connection was refused' };
    case 'blocked':
      return { kind: 'blocked', permanent: true, reason: `blocked: ${detail}` };
    case 'unreadable':
      return { kind: 'unreadable', permanent: true, reason: `unreadable: ${detail}` };
    case 'unreachable':
      return { kind: 'temporary', permanent: false, reason: `temporary error: ${detail}` };
    default:
      return undefined;
  }
}

/** fetch_page's own word for the failure; without one it knows, the word its code implies. */
function fetchFailure({ code, reason }: Pick<McpCallError, 'code' | 'reason'>): FetchPageFailure | undefined {
  if (isFetchPageFailure(reason)) return reason;
  // The tool's own codes; the client's (`connection_failed`, `timeout` …) are about web-scraper itself.
  if (code === 'not_found') return 'name_not_found';
  if (code === 'failed_precondition') return 'blocked';
  if (code === 'unavailable') return 'unreachable';
  return undefined;
}

function isFetchPageFailure(reason: string | undefined): reason is FetchPageFailure {
  return (FETCH_PAGE_FAILURES as readonly (string | undefined)[]).includes(reason);
}
