import { isTrackingParam } from './tracking-params';

export type NormalizedUrl = { ok: true; url: string; hostname: string } | { ok: false; reason: string };

const SCHEME = /^[a-z][a-z0-9+.-]*:/i;
/** `example.com/path` or `www.example.co.uk`: a host name with a dot, without a scheme. */
const BARE_HOST = /^[\p{L}\p{N}-]+(\.[\p{L}\p{N}-]+)+(:\d+)?([/?#].*)?$/u;
const WEB_PROTOCOLS = new Set(['http:', 'https:']);
/** Longest URL kept; browsers accept 2 MB, but nothing that long is a page address worth filing. */
const MAX_URL_LENGTH = 8192;

/**
 * The one spelling of a web address that bookmarks are compared by:
 *
 * - parsed with the WHATWG URL parser (what browsers do): scheme and host in
 *   lower case, IDN hosts in punycode, default ports (`:80`, `:443`) and dot
 *   segments removed, unsafe characters percent-encoded;
 * - only `http:` and `https:` are bookmarks of web pages; a bare
 *   `example.com/page` is read as `https://example.com/page`;
 * - the fragment is dropped (it points into a page, not at another page),
 *   except hash routes (`#/inbox`, `#!/item/3`) that single-page apps use as
 *   addresses;
 * - a trailing slash is dropped (`/docs/` → `/docs`; the root stays `/`), and
 *   a trailing dot of the host (`example.com.`);
 * - tracking parameters (`utm_*`, `fbclid`, `gclid`, … see tracking-params.ts)
 *   are removed, and the remaining ones sorted by name (stable, so repeated
 *   names keep their order): `?b=2&a=1` and `?a=1&b=2` are one URL. Values
 *   keep their original encoding, so the result still opens the same page.
 */
export function normalizeUrl(raw: string): NormalizedUrl {
  const input = raw.trim();
  if (input === '') return { ok: false, reason: 'URL is empty' };
  if (input.length > MAX_URL_LENGTH) return { ok: false, reason: `URL is longer than ${MAX_URL_LENGTH} characters` };
  const hasScheme = SCHEME.test(input);
  const url = URL.parse(hasScheme || !BARE_HOST.test(input) ? input : `https://${input}`);
  if (url === null) return { ok: false, reason: hasScheme ? 'not a valid URL' : 'not an absolute URL (no scheme such as https://)' };
  if (!WEB_PROTOCOLS.has(url.protocol)) {
    return { ok: false, reason: `unsupported scheme "${url.protocol}": only http and https pages are bookmarks` };
  }
  if (url.hostname === '') return { ok: false, reason: 'URL has no host' };

  // Assembled from the parsed parts rather than through URL setters, which re-parse the whole URL each time.
  const hostname = url.hostname.endsWith('.') ? url.hostname.slice(0, -1) : url.hostname;
  const host = url.port === '' ? hostname : `${hostname}:${url.port}`;
  const credentials = url.username === '' ? '' : `${url.username}${url.password === '' ? '' : `:${url.password}`}@`;
  const path = url.pathname.length > 1 && url.pathname.endsWith('/') ? url.pathname.replace(/\/+$/, '') || '/' : url.pathname;
  const hash = /^#!?\//.test(url.hash) ? url.hash : '';
  return { ok: true, url: `${url.protocol}//${credentials}${host}${path}${cleanQuery(url.search, hostname)}${hash}`, hostname };
}

/** `?b=2&utm_source=x&a=1` → `?a=1&b=2`; `''` when nothing is left. */
function cleanQuery(search: string, hostname: string): string {
  if (search.length <= 1) return '';
  const kept = search
    .slice(1)
    .split('&')
    .map((pair) => ({ pair, name: paramName(pair) }))
    .filter(({ pair, name }) => pair !== '' && !isTrackingParam(name, hostname));
  if (kept.length === 0) return '';
  // Array.prototype.sort is stable: values of a repeated name keep their order.
  if (kept.length > 1) kept.sort((a, b) => compareCodePoints(a.name, b.name));
  return `?${kept.map(({ pair }) => pair).join('&')}`;
}

function paramName(pair: string): string {
  const end = pair.indexOf('=');
  const raw = end === -1 ? pair : pair.slice(0, end);
  if (!raw.includes('%') && !raw.includes('+')) return raw;
  try {
    return decodeURIComponent(raw.replace(/\+/g, ' '));
  } catch {
    return raw;
  }
}

function compareCodePoints(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
