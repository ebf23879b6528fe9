import { createHash } from 'node:crypto';
import { getOrCreateCounter } from '@emm/metrics';
import type { Redis } from 'ioredis';

/** Bumped when the cached shape changes, so an upgrade never reads old entries. */
const ENTRY_VERSION = 'v2'; // v2: with the content classifier's model
const KEY_PREFIX = 'emm:bookmark-classifier:classification';

const cacheRequests = getOrCreateCounter({
  name: 'bookmark_classification_cache_requests_total',
  help: 'Classification cache lookups by result (hit, miss, error)',
  labelNames: ['result'],
});

export interface CacheLog {
  warn(message: string, fields?: Record<string, unknown>): void;
}

/**
 * Classifications in the cache Redis, keyed by everything that decides them
 * (normalised URL, a hash of the page text, title, folders, tags, the rules
 * and the structure version). The cache is an optimisation: when Redis fails
 * the classification is made anyway, and the failure is logged once per outage.
 */
export class ClassificationCache<T> {
  private failing = false;

  constructor(
    private readonly redis: Redis,
    private readonly ttlMs: number,
    private readonly log: CacheLog,
  ) {}

  get enabled(): boolean {
    return this.ttlMs > 0;
  }

  /** A stable key for the parts; long values (page text) only contribute their hash. */
  key(parts: readonly unknown[]): string {
    return `${KEY_PREFIX}:${ENTRY_VERSION}:${createHash('sha256').update(JSON.stringify(parts)).digest('hex')}`;
  }

  async get(key: string): Promise<T | undefined> {
    if (!this.enabled) return undefined;
    try {
      const json = await this.redis.get(key);
      this.recovered();
      cacheRequests.inc({ result: json === null ? 'miss' : 'hit' });
      return json === null ? undefined : (JSON.parse(json) as T);
    } catch (error) {
      cacheRequests.inc({ result: 'error' });
      this.failed(error);
      return undefined;
    }
  }

  async set(key: string, value: T): Promise<void> {
    if (!this.enabled) return;
    try {
      await this.redis.set(key, JSON.stringify(value), 'PX', this.ttlMs);
      this.recovered();
    } catch (error) {
      this.failed(error);
    }
  }

  private failed(error: unknown): void {
    if (!this.failing) this.log.warn('classification cache unavailable; classifying without it', { reason: (error as Error).message });
    this.failing = true;
  }

  private recovered(): void {
    this.failing = false;
  }
}

/** sha256 of a text, for keys that must not hold the text itself. */
export function textHash(text: string | undefined): string {
  return text === undefined ? '' : createHash('sha256').update(text).digest('hex');
}
