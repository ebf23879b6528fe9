import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Classification, ClassifyInput } from './classification';

export const CACHE_KEY_PREFIX = 'emm:content-classifier-service:classification';
/** A cache that cannot answer this fast is treated as a miss: a slow Redis must not slow classification. */
export const DEFAULT_LOOKUP_TIMEOUT_MS = 100;

export interface CacheScope {
  provider: string;
  model: string;
  structureVersion: string;
}

/** Logs cache trouble once per change (down, then back), not once per request. */
export interface CacheLog {
  warn(message: string): void;
  log(message: string): void;
}

const TIMED_OUT = Symbol('timed out');

/**
 * Finished classifications in the cache Redis, keyed by provider, model,
 * structure version and the sha256 of the content, so identical content is
 * classified once. Redis trouble never fails a classification: it runs
 * without the cache.
 */
export class ClassificationCache {
  private degraded = false;

  constructor(
    private readonly redis: Redis,
    private readonly ttlSeconds: number,
    private readonly logger: CacheLog,
    private readonly lookupTimeoutMs = DEFAULT_LOOKUP_TIMEOUT_MS,
  ) {}

  key(scope: CacheScope, input: ClassifyInput): string {
    return `${CACHE_KEY_PREFIX}:${scope.provider}:${scope.model}:${scope.structureVersion}:${contentHash(input)}`;
  }

  async get(key: string): Promise<Classification | undefined> {
    if (this.redis.status !== 'ready') return this.failed(`Redis is ${this.redis.status}`);
    let timer: NodeJS.Timeout | undefined;
    try {
      const timeout = new Promise<typeof TIMED_OUT>((resolve) => {
        timer = setTimeout(resolve, this.lookupTimeoutMs, TIMED_OUT);
      });
      const value = await Promise.race([this.redis.get(key), timeout]);
      if (value === TIMED_OUT) return this.failed(`no answer within ${this.lookupTimeoutMs} ms`);
      this.recovered();
      return value === null ? undefined : (JSON.parse(value) as Classification);
    } catch (error) {
      return this.failed((error as Error).message);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Never rejects: a classification that cannot be stored is simply not cached. */
  async set(key: string, classification: Classification): Promise<void> {
    if (this.redis.status !== 'ready') return;
    try {
      await this.redis.set(key, JSON.stringify(classification), 'EX', this.ttlSeconds);
    } catch (error) {
      this.failed((error as Error).message);
    }
  }

  private failed(reason: string): undefined {
    if (!this.degraded) {
      this.degraded = true;
      this.logger.warn(`classification cache unavailable (${reason}); classifying without it`);
    }
    return undefined;
  }

  private recovered(): void {
    if (this.degraded) {
      this.degraded = false;
      this.logger.log('classification cache available again');
    }
  }
}

/** sha256 over everything that can change a classification; JSON keeps the fields apart ("ab"+"c" ≠ "a"+"bc"). */
export function contentHash(input: ClassifyInput): string {
  const material = JSON.stringify([input.text, input.title ?? null, input.fileName ?? null, input.hints ?? [], input.source ?? null]);
  return createHash('sha256').update(material).digest('hex');
}
