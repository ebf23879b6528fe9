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

// web-scraper reports a refused URL as `failed_precondition` for both its rules and unusable
// answers; these are the unusable answers (see its safe-fetcher), everything else is a rule.
const UNREADABLE = /TLS certificate|malformed HTTP|could not be decompressed|invalid Location|unsupported content encoding/i;
const CONNECTION_REFUSED = /connection was refused/i;

/**
 * The link problem behind a failed fetch_page call, or undefined when the
 * failure is not the link's (web-scraper down or slow, a timeout, a bad
 * answer from the service): those are left to the caller, and retried when
 * retryable.
 */
export function problemWithFetch(error: Pick<McpCallError, 'kind' | 'code' | 'detail'>): LinkProblem | undefined {
  const detail = error.detail.replace(/^url: /, '');
  switch (error.code) {
    case 'not_found':
      return { kind: 'dead_link', permanent: true, reason: `dead link: ${detail}` };
    case 'failed_precondition':
      return UNREADABLE.test(detail) ? { kind: 'unreadable', permanent: true, reason: `unreadable: ${detail}` } : { kind: 'blocked', permanent: true, reason: `blocked: ${detail}` };
    case 'invalid_argument':
      return { kind: 'blocked', permanent: true, reason: `cannot be fetched: ${detail}` };
    case 'unavailable':
      // The tool's own `unavailable` is about the site (the service being down has other codes).
      // A refused connection is a host that no longer serves anything there; a reset or a timeout may pass.
      // (Also when robots.txt, the first request to a site, is what was refused.)
      if (CONNECTION_REFUSED.test(detail)) return { kind: 'dead_link', permanent: true, reason: 'dead link: the connection was refused' };
      return { kind: 'temporary', permanent: false, reason: `temporary error: ${detail}` };
    default:
      return undefined;
  }
}
