import ipaddr from 'ipaddr.js';

/**
 * Why an address may not be fetched. The value doubles as the `reason` label
 * of `scraper_blocked_total`, so the set is closed.
 */
export type BlockedRange =
  | 'unspecified'
  | 'loopback'
  | 'private'
  | 'link_local'
  | 'carrier_grade_nat'
  | 'multicast'
  | 'broadcast'
  | 'reserved'
  | 'unique_local'
  | 'ipv4_embedded'
  | 'not_global';

export interface AddressVerdict {
  /** The address in canonical text form (IPv6 compressed, IPv4 dotted quad). */
  address: string;
  /** Undefined when the address is public. */
  blocked?: BlockedRange;
  /** Human words for the range, e.g. "a private address". */
  description?: string;
}

const IPV4_RANGES: Record<string, [BlockedRange, string]> = {
  unspecified: ['unspecified', 'an unspecified ("this network") address'],
  broadcast: ['broadcast', 'the broadcast address'],
  multicast: ['multicast', 'a multicast address'],
  linkLocal: ['link_local', 'a link-local address (cloud metadata lives here)'],
  loopback: ['loopback', 'a loopback address'],
  carrierGradeNat: ['carrier_grade_nat', 'a carrier-grade NAT address'],
  private: ['private', 'a private address'],
  reserved: ['reserved', 'a reserved or documentation address'],
  as112: ['reserved', 'a reserved (AS112) address'],
  amt: ['reserved', 'a reserved (AMT) address'],
};

const IPV6_RANGES: Record<string, [BlockedRange, string]> = {
  unspecified: ['unspecified', 'the unspecified IPv6 address'],
  linkLocal: ['link_local', 'a link-local IPv6 address'],
  multicast: ['multicast', 'a multicast IPv6 address'],
  loopback: ['loopback', 'the IPv6 loopback address'],
  uniqueLocal: ['unique_local', 'a unique-local (private) IPv6 address'],
  deprecatedSiteLocal: ['private', 'a site-local (private) IPv6 address'],
  discard: ['reserved', 'a discard-only IPv6 address'],
  teredo: ['ipv4_embedded', 'a Teredo tunnel address'],
  benchmarking: ['reserved', 'a benchmarking IPv6 address'],
  amt: ['reserved', 'a reserved (AMT) IPv6 address'],
  as112v6: ['reserved', 'a reserved (AS112) IPv6 address'],
  deprecatedOrchid: ['reserved', 'a reserved (ORCHID) IPv6 address'],
  orchid2: ['reserved', 'a reserved (ORCHIDv2) IPv6 address'],
  droneRemoteIdProtocolEntityTags: ['reserved', 'a reserved (DRIP) IPv6 address'],
  segmentRouting: ['reserved', 'a segment-routing IPv6 address'],
  reserved: ['reserved', 'a reserved or documentation IPv6 address'],
};

/** 2000::/3 is the only IPv6 space handed out for global unicast; the rest is unassigned or special. */
const GLOBAL_UNICAST_V6 = ipaddr.parseCIDR('2000::/3');
/** 64:ff9b:1::/48 (RFC 8215) puts the IPv4 address at a site-chosen position: refuse it whole. */
const LOCAL_USE_NAT64 = ipaddr.parseCIDR('64:ff9b:1::/48');
/** ::/96, the deprecated "IPv4-compatible" form (::127.0.0.1), which ipaddr.js calls unicast. */
const IPV4_COMPATIBLE_V6 = ipaddr.parseCIDR('::/96');

/** True for text that is an IP address (IPv6 with or without brackets), in any spelling ipaddr.js accepts. */
export function isIpLiteral(host: string): boolean {
  return ipaddr.isValid(stripBrackets(host));
}

export function stripBrackets(host: string): string {
  return host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
}

/**
 * Classifies an IP address for fetching: only globally routable unicast
 * passes. Addresses that carry an IPv4 address inside an IPv6 one (mapped,
 * translated, NAT64, 6to4) are judged by the IPv4 address they lead to.
 */
export function classifyAddress(text: string): AddressVerdict {
  const parsed = ipaddr.parse(stripBrackets(text));
  if (parsed.kind() === 'ipv4') return classifyV4(parsed as ipaddr.IPv4);
  const v6 = parsed as ipaddr.IPv6;
  const address = v6.toString();
  if (v6.match(LOCAL_USE_NAT64)) return { address, blocked: 'ipv4_embedded', description: 'a local-use NAT64 address' };
  const embedded = embeddedIpv4(v6);
  if (embedded) {
    const inner = classifyV4(embedded.v4);
    if (inner.blocked) return { address, blocked: inner.blocked, description: `${embedded.form} of ${inner.address}, ${inner.description}` };
    return { address };
  }
  if (v6.match(IPV4_COMPATIBLE_V6) && v6.range() !== 'unspecified' && v6.range() !== 'loopback') {
    return { address, blocked: 'ipv4_embedded', description: 'an IPv4-compatible IPv6 address (deprecated)' };
  }
  const range = v6.range();
  const known = IPV6_RANGES[range];
  if (known) return { address, blocked: known[0], description: known[1] };
  if (!v6.match(GLOBAL_UNICAST_V6)) return { address, blocked: 'not_global', description: 'an IPv6 address outside global unicast space' };
  return { address };
}

function classifyV4(v4: ipaddr.IPv4): AddressVerdict {
  const address = v4.toString();
  const known = IPV4_RANGES[v4.range()];
  return known ? { address, blocked: known[0], description: known[1] } : { address };
}

/** The IPv4 address an IPv6 address stands for, when it is one of the embedding forms. */
function embeddedIpv4(v6: ipaddr.IPv6): { v4: ipaddr.IPv4; form: string } | undefined {
  const parts = v6.parts;
  const fromLow32 = () => new ipaddr.IPv4([parts[6] >> 8, parts[6] & 0xff, parts[7] >> 8, parts[7] & 0xff]);
  switch (v6.range()) {
    case 'ipv4Mapped':
      return { v4: v6.toIPv4Address(), form: 'an IPv4-mapped IPv6 address' };
    case 'rfc6145':
      return { v4: fromLow32(), form: 'an IPv4-translated IPv6 address' };
    case 'rfc6052':
      return { v4: fromLow32(), form: 'a NAT64 IPv6 address' };
    case '6to4':
      return { v4: new ipaddr.IPv4([parts[1] >> 8, parts[1] & 0xff, parts[2] >> 8, parts[2] & 0xff]), form: 'a 6to4 IPv6 address' };
    default:
      return undefined;
  }
}
