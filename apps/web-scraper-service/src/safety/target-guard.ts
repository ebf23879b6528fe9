import { BlockedByPolicyError, FetchFailedError } from '../fetching/fetch-errors';
import { classifyAddress, isIpLiteral, stripBrackets } from './address-policy';
import type { AllowList } from './allow-list';
import type { HostResolver } from './host-resolver';

const FETCHABLE_PROTOCOLS = new Set(['http:', 'https:']);
/** getaddrinfo answers that mean "this name does not exist", as opposed to "DNS is having a bad day". */
const NAME_NOT_FOUND_CODES = new Set(['ENOTFOUND', 'ENODATA', 'EAI_NONAME', 'EAI_NODATA']);

export function effectivePort(url: URL): number {
  return url.port ? Number(url.port) : url.protocol === 'https:' ? 443 : 80;
}

/**
 * Decides where the fetcher may connect. `checkUrl` runs before any I/O on
 * every URL (the first and each redirect hop); `addressFor` runs inside the
 * connector, resolves the name once and hands back the checked address the
 * socket then connects to, so a second, different DNS answer (rebinding) can
 * never be used.
 */
export class TargetGuard {
  constructor(
    private readonly allowList: AllowList,
    private readonly resolve: HostResolver,
  ) {}

  /** Scheme and IP-literal checks; throws BlockedByPolicyError with the rule that was broken. */
  checkUrl(url: URL): void {
    if (!FETCHABLE_PROTOCOLS.has(url.protocol)) {
      throw new BlockedByPolicyError('scheme', `only http:// and https:// URLs can be fetched, not ${url.protocol}//`);
    }
    if (this.allowList.allowsHost(url.hostname, effectivePort(url))) return;
    // The URL parser already turned 127.1, 0177.0.0.1, 0x7f.1 and 2130706433 into 127.0.0.1.
    if (isIpLiteral(url.hostname) && !this.allowList.allowsAddress(url.hostname)) {
      this.assertPublic(url.hostname, (verdict) => `${verdict.address} is ${verdict.description}`);
    }
  }

  /** The address to connect to for `hostname:port`, after every address the name has passed the rules. */
  async addressFor(hostname: string, port: number): Promise<string> {
    const host = stripBrackets(hostname);
    const urlHost = host.includes(':') ? `[${host}]` : host;
    if (isIpLiteral(host)) {
      if (!this.allowList.allowsHost(urlHost, port) && !this.allowList.allowsAddress(host)) {
        this.assertPublic(host, (verdict) => `${verdict.address} is ${verdict.description}`);
      }
      return host;
    }
    const addresses = await this.lookup(host);
    if (!this.allowList.allowsHost(urlHost, port)) {
      // Every answer must pass: a name with one public and one private address is refused outright.
      for (const { address } of addresses) {
        if (this.allowList.allowsAddress(address)) continue;
        this.assertPublic(address, (verdict) => `${host} resolves to ${verdict.address}, ${verdict.description}`);
      }
    }
    return addresses[0].address;
  }

  private async lookup(host: string) {
    try {
      const addresses = await this.resolve(host);
      if (addresses.length === 0) throw Object.assign(new Error('no addresses'), { code: 'ENODATA' });
      return addresses;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? 'EAI_FAIL';
      if (NAME_NOT_FOUND_CODES.has(code)) throw new FetchFailedError('not_found', `${host} does not resolve to any address (${code})`);
      throw new FetchFailedError('unavailable', `${host} could not be resolved right now (${code})`);
    }
  }

  private assertPublic(address: string, describe: (verdict: { address: string; description: string }) => string): void {
    const verdict = classifyAddress(address);
    if (verdict.blocked) throw new BlockedByPolicyError(verdict.blocked, describe({ address: verdict.address, description: verdict.description ?? 'not public' }));
  }
}
