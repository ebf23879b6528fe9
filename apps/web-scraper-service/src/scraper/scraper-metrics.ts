import { getOrCreateCounter, getOrCreateHistogram, LATENCY_BUCKETS } from '@emm/metrics';
import type { BlockReason } from '../fetching/fetch-errors';
import type { FetchObserver, FetchPurpose } from '../fetching/fetch-observer';

export type CacheResult = 'hit' | 'miss' | 'error';

/** The scraper's own metrics, on top of the MCP server's `mcp_requests_total`. */
export class ScraperMetrics implements FetchObserver {
  private readonly fetches = getOrCreateCounter({
    name: 'scraper_fetches_total',
    help: 'HTTP exchanges with remote servers (each redirect hop counts), by purpose (page, robots) and status class (2xx…5xx, or error when no response came)',
    labelNames: ['purpose', 'status_class'],
  });

  private readonly bytes = getOrCreateCounter({
    name: 'scraper_fetched_bytes_total',
    help: 'Response body bytes received from remote servers, as sent on the wire (before decompression)',
    labelNames: ['purpose'],
  });

  private readonly duration = getOrCreateHistogram({
    name: 'scraper_fetch_duration_seconds',
    help: 'Time of one HTTP exchange, from sending the request to the end of the body',
    labelNames: ['purpose'],
    buckets: LATENCY_BUCKETS,
  });

  private readonly blockedCounter = getOrCreateCounter({
    name: 'scraper_blocked_total',
    help: 'Requests refused by policy, by reason: an address range (loopback, private, link_local, …), scheme, robots_txt, redirect_limit or too_large',
    labelNames: ['reason'],
  });

  private readonly cacheRequests = getOrCreateCounter({
    name: 'scraper_cache_requests_total',
    help: 'Page cache look-ups by result (hit, miss, error: Redis unavailable, fetched without the cache)',
    labelNames: ['result'],
  });

  exchange(purpose: FetchPurpose, statusClass: string, wireBytes: number, seconds: number): void {
    this.fetches.inc({ purpose, status_class: statusClass });
    if (wireBytes > 0) this.bytes.inc({ purpose }, wireBytes);
    this.duration.observe({ purpose }, seconds);
  }

  blocked(reason: BlockReason): void {
    this.blockedCounter.inc({ reason });
  }

  cache(result: CacheResult): void {
    this.cacheRequests.inc({ result });
  }
}
