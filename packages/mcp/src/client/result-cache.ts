import type { LoggerService } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { argumentsHash } from './canonical-json';
import type { ClientMetrics } from './client-metrics';

/** Where cached results live: a fail-fast request client (the app's `CACHE_REDIS_CLIENT`). */
export interface ResultCacheOptions {
  redis: Redis;
  /** Longest a lookup may take before the call goes on uncached (default 100 ms): a slow Redis must not slow calls. */
  timeoutMs?: number;
}

export const DEFAULT_CACHE_TIMEOUT_MS = 100;

export interface CacheScope {
  caller: string;
  /** Part of every key: a deploy whose tools changed shape never reads the old entries. */
  callerVersion: string;
  service: string;
}

const LOOKUP_TIMED_OUT = Symbol('lookup timed out');

/**
 * Tool results in Redis under
 * `emm:<caller>:mcp-cache:<caller version>:<service>:<tool>:<sha256 of canonical args>`.
 * Redis trouble never fails a call: a lookup that errors or takes too long is
 * a miss (counted as `error`), a write that fails is dropped.
 */
export class ToolResultCache {
  private readonly prefix: string;
  private readonly timeoutMs: number;
  private degraded = false;

  constructor(
    private readonly redis: Redis,
    scope: CacheScope,
    timeoutMs: number | undefined,
    private readonly metrics: ClientMetrics,
    private readonly logger: LoggerService,
  ) {
    this.prefix = `emm:${scope.caller}:mcp-cache:${scope.callerVersion}:${scope.service}:`;
    this.timeoutMs = timeoutMs ?? DEFAULT_CACHE_TIMEOUT_MS;
  }

  key(tool: string, args: unknown): string {
    return `${this.prefix}${tool}:${argumentsHash(args)}`;
  }

  /** The cached JSON text, or undefined on a miss or when Redis cannot answer in time. */
  async get(tool: string, key: string): Promise<string | undefined> {
    // Fail-fast clients reject at once while disconnected; checking first saves the round trip.
    if (this.redis.status !== 'ready') return this.failed(tool, `Redis is ${this.redis.status}`);
    let timer: NodeJS.Timeout | undefined;
    try {
      const deadline = new Promise<typeof LOOKUP_TIMED_OUT>((resolve) => {
        timer = setTimeout(resolve, this.timeoutMs, LOOKUP_TIMED_OUT);
      });
      const value = await Promise.race([this.redis.get(key), deadline]);
      if (value === LOOKUP_TIMED_OUT) return this.failed(tool, `no answer within ${this.timeoutMs} ms`);
      this.recovered();
      this.metrics.cacheLookup(tool, value === null ? 'miss' : 'hit');
      return value ?? undefined;
    } catch (error) {
      return this.failed(tool, error instanceof Error ? error.message : String(error));
    } finally {
      clearTimeout(timer);
    }
  }

  /** Stores without waiting: the caller has its result already. */
  set(key: string, json: string, ttlSeconds: number): void {
    if (this.redis.status !== 'ready') return;
    this.redis.set(key, json, 'EX', ttlSeconds).catch(() => undefined);
  }

  private failed(tool: string, reason: string): undefined {
    this.metrics.cacheLookup(tool, 'error');
    if (!this.degraded) this.logger.warn(`MCP result cache unavailable (${reason}); calling tools uncached until it is back`);
    this.degraded = true;
    return undefined;
  }

  private recovered(): void {
    if (!this.degraded) return;
    this.degraded = false;
    this.logger.log('MCP result cache is back');
  }
}
