/** Hostnames a local client uses; always allowed, on any port. */
const LOOPBACK_HOSTNAMES: ReadonlySet<string> = new Set(['localhost', '127.0.0.1', '[::1]']);

/** `host[:port]` → lower-cased hostname (IPv6 keeps its brackets) and port, or undefined if malformed. */
function parseHost(value: string): { hostname: string; port: string | undefined } | undefined {
  const host = value.trim().toLowerCase();
  const bracket = host.startsWith('[') ? host.indexOf(']') : -1;
  const colon = host.indexOf(':', bracket === -1 ? 0 : bracket);
  const hostname = colon === -1 ? host : host.slice(0, colon);
  const port = colon === -1 ? undefined : host.slice(colon + 1);
  if (hostname === '' || (host.startsWith('[') && bracket === -1)) return undefined;
  if (port !== undefined && !/^\d{1,5}$/.test(port)) return undefined;
  return { hostname, port };
}

function normalizeOrigin(entry: string): string {
  try {
    return new URL(entry).origin;
  } catch {
    throw new Error(`allowedOrigins: "${entry}" is not an origin such as https://tools.example.com`);
  }
}

/**
 * DNS-rebinding protection. A page on evil.example.com whose name resolves
 * to 127.0.0.1 (or to a cluster address) reaches the server with its own
 * name in `Host` and `Origin`, so both are checked against an allow-list:
 *
 * - `Host` must name localhost, 127.0.0.1 or [::1] (any port) or an entry of
 *   `allowedHosts`: `name` (any port), `name:port` (that port only) or `*`
 *   (any host; only behind a proxy that checks Host itself).
 * - `Origin`, when a browser sends one, must be a loopback origin or an entry
 *   of `allowedOrigins` (`https://app.example.com`, or `*`).
 */
export class RequestOriginPolicy {
  private readonly anyHost: boolean;
  private readonly hostsAnyPort = new Set(LOOPBACK_HOSTNAMES);
  private readonly hostsWithPort = new Set<string>();
  private readonly anyOrigin: boolean;
  private readonly origins: ReadonlySet<string>;

  constructor(allowedHosts: readonly string[], allowedOrigins: readonly string[]) {
    this.anyHost = allowedHosts.includes('*');
    for (const entry of allowedHosts) {
      if (entry === '*') continue;
      const parsed = parseHost(entry);
      if (parsed === undefined) throw new Error(`allowedHosts: "${entry}" is not a host name with an optional port`);
      if (parsed.port === undefined) this.hostsAnyPort.add(parsed.hostname);
      else this.hostsWithPort.add(`${parsed.hostname}:${parsed.port}`);
    }
    this.anyOrigin = allowedOrigins.includes('*');
    this.origins = new Set(allowedOrigins.filter((entry) => entry !== '*').map(normalizeOrigin));
  }

  isAllowedHost(header: string | undefined): boolean {
    if (this.anyHost) return true;
    if (header === undefined) return false;
    const parsed = parseHost(header);
    if (parsed === undefined) return false;
    if (this.hostsAnyPort.has(parsed.hostname)) return true;
    return parsed.port !== undefined && this.hostsWithPort.has(`${parsed.hostname}:${parsed.port}`);
  }

  /** A request without `Origin` does not come from a browser page and passes. */
  isAllowedOrigin(header: string | undefined): boolean {
    if (header === undefined || this.anyOrigin) return true;
    let origin: URL;
    try {
      origin = new URL(header);
    } catch {
      return false; // includes "null", sent by sandboxed and file:// pages
    }
    if ((origin.protocol === 'http:' || origin.protocol === 'https:') && LOOPBACK_HOSTNAMES.has(origin.hostname)) {
      return true;
    }
    return this.origins.has(origin.origin);
  }
}
