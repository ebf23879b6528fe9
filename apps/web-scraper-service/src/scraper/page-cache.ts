import { createHash } from 'node:crypto';
import type { LoggerService } from '@nestjs/common';
import type Redis from 'ioredis';

export const PAGE_CACHE_PREFIX = 'emm:web-scraper-service:page:';
/** A cache that does not answer this fast is skipped: the fetch itself is the fallback. */
const CACHE_COMMAND_TIMEOUT_MS = 250;
/** Query parameters that only track the click and never change the page. */
const TRACKING_PARAMS = /^(utm_[a-z_]+|fbclid|gclid|dclid|msclkid|mc_cid|mc_eid|_hsenc|_hsmi|yclid)$/i;

export type CacheLookup<T> = { result: 'hit'; value: T } | { result: 'miss' } | { result: 'error' };

/**
 * The URL a cache entry stands for: scheme and host in lower case, default
 * port, fragment and credentials dropped, tracking parameters removed and the
 * rest sorted, so the many spellings of one page share an entry.
 */
export function normaliseUrl(url: URL): string {
  const normal = new URL(url.href);
  normal.hash = '';
  normal.username = '';
  normal.password = '';
  const params = [...normal.searchParams.entries()].filter(([name]) => !TRACKING_PARAMS.test(name));
  params.sort(([a, av], [b, bv]) => (a === b ? av.localeCompare(bv) : a < b ? -1 : 1));
  normal.search = new URLSearchParams(params).toString();
  return normal.href;
}

export function cacheKey(url: URL): string {
  return PAGE_CACHE_PREFIX + createHash('sha256').update(normaliseUrl(url)).digest('hex');
}

/**
 * Fetch results in the cache Redis. Best effort by design: when Redis is
 * down or slow, reads count as errors and writes are dropped, and the page is
 * fetched as if nothing was cached.
 */
export class PageCache<T> {
  private lastWarning = 0;

  constructor(
    private readonly redis: Redis,
    private readonly ttlSeconds: number,
    private readonly logger: Pick<LoggerService, 'warn'>,
  ) {}

  get enabled(): boolean {
    return this.ttlSeconds > 0;
  }

  async get(url: URL): Promise<CacheLookup<T>> {
    if (this.redis.status !== 'ready') return { result: 'error' };
    try {
      const raw = await withTimeout(this.redis.get(cacheKey(url)));
      return raw === null ? { result: 'miss' } : { result: 'hit', value: JSON.parse(raw) as T };
    } catch (error) {
      this.warn('read', error);
      return { result: 'error' };
    }
  }

  async set(url: URL, value: T): Promise<void> {
    if (!this.enabled || this.redis.status !== 'ready') return;
    try {
      await withTimeout(this.redis.set(cacheKey(url), JSON.stringify(value), 'EX', this.ttlSeconds));
    } catch (error) {
      this.warn('write', error);
    }
  }

  /** One warning a minute is enough to tell an operator the cache is out. */
  private warn(operation: string, error: unknown): void {
    const now = Date.now();
    if (now - this.lastWarning < 60_000) return;
    this.lastWarning = now;
    this.logger.warn({ msg: `page cache ${operation} failed; fetching without the cache`, reason: (error as Error).message });
  }
}

function withTimeout<T>(promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${CACHE_COMMAND_TIMEOUT_MS} ms`)), CACHE_COMMAND_TIMEOUT_MS);
    }),
  ]).finally(() => clearTimeout(timer));
}
