import ipaddr from 'ipaddr.js';
import { stripBrackets } from './address-policy';

type AllowRule = { kind: 'host'; hostname: string; port?: number } | { kind: 'cidr'; range: [ipaddr.IPv4 | ipaddr.IPv6, number]; text: string };

const BRACKETED_HOST = /^\[([^\]]+)\](?::(\d{1,5}))?$/;
const PLAIN_HOST = /^([^:/\s[\]@]+)(?::(\d{1,5}))?$/;

/** Parses one SCRAPER_ALLOW_HOSTS entry; a string is the reason it is not valid. */
export function parseAllowRule(entry: string): AllowRule | string {
  const text = entry.trim();
  const invalid = `"${text}" is not a host, host:port or CIDR`;
  if (text.includes('/')) {
    try {
      return { kind: 'cidr', range: ipaddr.parseCIDR(stripBrackets(text.replace(/^\[([^\]]+)\]/, '$1'))), text };
    } catch {
      return invalid;
    }
  }
  const bracketed = BRACKETED_HOST.exec(text);
  const match = bracketed ?? PLAIN_HOST.exec(text);
  if (!match) return invalid;
  const host = bracketed ? `[${match[1]}]` : match[1];
  const port = match[2] === undefined ? undefined : Number(match[2]);
  if (port !== undefined && (port < 1 || port > 65535)) return invalid;
  if (!URL.canParse(`http://${host}/`)) return invalid;
  // The URL parser spells hosts the way request URLs will be spelled (127.1 → 127.0.0.1, case folded).
  return { kind: 'host', hostname: new URL(`http://${host}/`).hostname, port };
}

/**
 * Exceptions to the public-address rule, for tests and local demos only:
 * `host[:port]` entries match the URL's host (and port), CIDR entries match
 * the address a name resolves to.
 */
export class AllowList {
  private readonly rules: AllowRule[];

  constructor(entries: readonly string[]) {
    this.rules = entries.map((entry) => {
      const rule = parseAllowRule(entry);
      if (typeof rule === 'string') throw new Error(`SCRAPER_ALLOW_HOSTS: ${rule}`);
      return rule;
    });
  }

  get isEmpty(): boolean {
    return this.rules.length === 0;
  }

  /** `hostname` as URL.hostname spells it (IPv6 in brackets); `port` the effective port. */
  allowsHost(hostname: string, port: number): boolean {
    return this.rules.some((rule) => rule.kind === 'host' && rule.hostname === hostname && (rule.port === undefined || rule.port === port));
  }

  allowsAddress(address: string): boolean {
    const parsed = ipaddr.process(stripBrackets(address));
    return this.rules.some((rule) => rule.kind === 'cidr' && rule.range[0].kind() === parsed.kind() && parsed.match(rule.range));
  }

  describe(): string[] {
    return this.rules.map((rule) => (rule.kind === 'cidr' ? rule.text : rule.port === undefined ? rule.hostname : `${rule.hostname}:${rule.port}`));
  }
}
