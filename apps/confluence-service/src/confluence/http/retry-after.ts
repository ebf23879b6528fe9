/** The longest Retry-After honoured; beyond this a server is not coming back soon. */
const MAX_RETRY_AFTER_MS = 3_600_000;

/**
 * Parses a `Retry-After` header: delay-seconds or an HTTP date (RFC 9110
 * §10.2.3). Returns milliseconds to wait from `now`, or undefined when the
 * header is missing or unreadable.
 */
export function parseRetryAfter(header: string | string[] | undefined, now = Date.now()): number | undefined {
  const value = (Array.isArray(header) ? header[0] : header)?.trim();
  if (!value) return undefined;
  if (/^\d+$/.test(value)) return Math.min(Number(value) * 1000, MAX_RETRY_AFTER_MS);
  // An HTTP date names its weekday and month; anything else (`-5`, `soon`) is unreadable.
  const date = /[A-Za-z]{3}/.test(value) ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(date)) return undefined;
  return Math.min(Math.max(0, date - now), MAX_RETRY_AFTER_MS);
}
