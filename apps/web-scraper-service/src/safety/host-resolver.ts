import { lookup } from 'node:dns/promises';

export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

/**
 * Name → every address it has. The one seam between the fetcher and DNS:
 * production uses the system resolver, tests give a function that maps their
 * own names (evil.test → 10.0.0.5) so refusals are checked without a DNS server.
 */
export type HostResolver = (hostname: string) => Promise<ResolvedAddress[]>;

/** Nest token for the HostResolver in use. */
export const HOST_RESOLVER = Symbol('HOST_RESOLVER');

/** getaddrinfo through libuv, like every other Node client: /etc/hosts, search domains, cluster DNS. */
export const systemResolver: HostResolver = async (hostname) => {
  const answers = await lookup(hostname, { all: true, order: 'verbatim' });
  return answers.map(({ address, family }) => ({ address, family: family === 6 ? 6 : 4 }));
};
