import robotsParser from 'robots-parser';
import { BlockedByPolicyError, FetchFailedError } from './fetch-errors';
import type { HostLimiter } from './host-limiter';
import type { SafeFetcher } from './safe-fetcher';

type Robots = ReturnType<typeof robotsParser>;

/** What a host's robots.txt says, as far as this crawler is concerned. */
/** `unreachable`: no rules could be read; `refused` when the host refused the connection (nothing serves there). */
type RobotsVerdict = { kind: 'rules'; robots: Robots } | { kind: 'allow_all' } | { kind: 'unreachable'; reason: string; refused: boolean };

interface CacheEntry {
  verdict: RobotsVerdict;
  expiresAt: number;
}

/** RFC 9309: crawlers must parse at least 500 KiB; more is not read. */
const MAX_ROBOTS_BYTES = 512 * 1024;
const RULES_TTL_MS = 15 * 60_000;
/** An unreachable robots.txt blocks the host, so look again soon. */
const UNREACHABLE_TTL_MS = 60_000;
const MAX_CACHED_ORIGINS = 5_000;

/**
 * Honours robots.txt per RFC 9309: rules for this crawler's product token
 * (else `*`) apply; a 4xx robots.txt means no rules; a 5xx or a network
 * failure means the host is treated as fully disallowed until it answers.
 * Verdicts are cached per origin in this process.
 */
export class RobotsPolicy {
  private readonly cache = new Map<string, CacheEntry>();
  private readonly inFlight = new Map<string, Promise<RobotsVerdict>>();

  constructor(
    private readonly fetcher: SafeFetcher,
    private readonly limiter: HostLimiter,
    private readonly userAgent: string,
    private readonly now: () => number = Date.now,
  ) {}

  /** Throws BlockedByPolicyError (robots_txt) when `url` may not be fetched, FetchFailedError when robots.txt is unreachable. */
  async assertAllowed(url: URL, signal: AbortSignal): Promise<void> {
    const verdict = await this.verdictFor(url.origin, signal);
    if (verdict.kind === 'unreachable') {
      throw new FetchFailedError(verdict.refused ? 'refused' : 'unavailable', `robots.txt of ${url.origin} ${verdict.reason}, so the site counts as disallowed for now (RFC 9309)`);
    }
    if (verdict.kind === 'rules' && verdict.robots.isAllowed(url.href, this.userAgent) === false) {
      throw new BlockedByPolicyError('robots_txt', `robots.txt of ${url.origin} disallows ${productToken(this.userAgent)} from ${url.pathname}`);
    }
  }

  private async verdictFor(origin: string, signal: AbortSignal): Promise<RobotsVerdict> {
    const cached = this.cache.get(origin);
    if (cached && cached.expiresAt > this.now()) return cached.verdict;
    let pending = this.inFlight.get(origin);
    if (!pending) {
      pending = this.load(origin, signal).finally(() => this.inFlight.delete(origin));
      this.inFlight.set(origin, pending);
    }
    return pending;
  }

  private async load(origin: string, signal: AbortSignal): Promise<RobotsVerdict> {
    const robotsUrl = new URL('/robots.txt', origin);
    let verdict: RobotsVerdict;
    try {
      const response = await this.fetcher.fetch(robotsUrl, {
        purpose: 'robots',
        maxBytes: MAX_ROBOTS_BYTES,
        accept: 'text/plain, */*;q=0.1',
        readBody: () => true,
        signal,
        gate: (hopUrl, hopSignal) => this.limiter.acquire(hopUrl.hostname, hopSignal),
        rawErrors: true,
      });
      if (response.status >= 200 && response.status < 300) {
        // Parsed as the origin's own file even when it came through a redirect: its rules apply to the origin asked about.
        verdict = { kind: 'rules', robots: robotsParser(robotsUrl.href, response.body?.toString('utf8') ?? '') };
      } else if (response.status >= 400 && response.status < 500 && response.status !== 429) {
        verdict = { kind: 'allow_all' };
      } else {
        verdict = { kind: 'unreachable', reason: `answered HTTP ${response.status}`, refused: false };
      }
    } catch (error) {
      // The host itself refused by the address rules, or a name that does not exist: that is the page's answer too.
      if (error instanceof BlockedByPolicyError && error.hop === 0) throw error;
      if (error instanceof FetchFailedError && error.kind === 'not_found') throw error;
      if (signal.aborted) throw error;
      // A refused redirect or an oversized file is "unavailable" in RFC terms: no rules apply.
      if (error instanceof BlockedByPolicyError) verdict = { kind: 'allow_all' };
      else verdict = { kind: 'unreachable', reason: `could not be fetched (${describeFailure(error)})`, refused: isRefused(error) };
    }
    this.remember(origin, verdict);
    return verdict;
  }

  private remember(origin: string, verdict: RobotsVerdict): void {
    if (this.cache.size >= MAX_CACHED_ORIGINS) this.cache.delete(this.cache.keys().next().value as string);
    this.cache.delete(origin);
    this.cache.set(origin, { verdict, expiresAt: this.now() + (verdict.kind === 'unreachable' ? UNREACHABLE_TTL_MS : RULES_TTL_MS) });
  }
}

function describeFailure(error: unknown): string {
  if (error instanceof FetchFailedError) return error.message;
  const code = (error as NodeJS.ErrnoException).code;
  return code === 'ECONNREFUSED' ? 'the connection was refused' : code ? `network error ${code}` : 'network error';
}

function isRefused(error: unknown): boolean {
  return error instanceof FetchFailedError ? error.kind === 'refused' : (error as NodeJS.ErrnoException).code === 'ECONNREFUSED';
}

/** `EMM-WebScraper` of `EMM-WebScraper/1.2 (...)`: the name robots.txt groups are matched against. */
export function productToken(userAgent: string): string {
  return userAgent.split('/')[0].trim();
}
