import type { Redis } from 'ioredis';
import type { UserRef } from '../storage';
import { type ConfluenceApi, userRefKey } from './model';

const TTL_SECONDS = 24 * 3600;
const MEMORY_ENTRIES = 5_000;

export interface UserDirectoryLog {
  warn(message: string, fields: Record<string, unknown>): void;
}

/**
 * Display names for the users pages mention, looked up through the API and
 * cached: in memory, and in the cache Redis (shared by the replicas) for a
 * day. A name that cannot be found is not an error: the mention degrades to
 * `@user`.
 */
export class UserDirectory {
  private readonly memory = new Map<string, { name: string; expiresAt: number }>();

  constructor(
    private readonly api: ConfluenceApi,
    private readonly cache: Redis | undefined,
    private readonly log: UserDirectoryLog,
    private readonly keyPrefix = `emm:confluence-service:user:${api.flavor}:`,
  ) {}

  /** A lookup function for the converter; undefined for users without a known name. */
  async namesFor(refs: readonly UserRef[], signal?: AbortSignal): Promise<(ref: UserRef) => string | undefined> {
    const keys = [...new Set(refs.map(userRefKey).filter((key): key is string => key !== undefined))];
    const found = new Map<string, string>();
    const missing = keys.filter((key) => {
      const entry = this.memory.get(key);
      const fresh = entry !== undefined && entry.expiresAt > Date.now();
      if (fresh) found.set(key, entry.name);
      return !fresh;
    });

    const stillMissing = await this.fromCache(missing, found);
    if (stillMissing.length > 0) {
      try {
        const looked = await this.api.userNames(refs.filter((ref) => stillMissing.includes(userRefKey(ref) ?? '')), signal);
        for (const [key, name] of looked) {
          found.set(key, name);
          this.remember(key, name);
        }
        await this.toCache(looked);
      } catch (error) {
        if (signal?.aborted) throw error;
        this.log.warn('user names could not be looked up; mentions show as @user', { users: stillMissing.length, reason: (error as Error).message });
      }
    }
    return (ref) => {
      const key = userRefKey(ref);
      return key === undefined ? undefined : found.get(key);
    };
  }

  private async fromCache(keys: string[], found: Map<string, string>): Promise<string[]> {
    if (!this.cache || keys.length === 0) return keys;
    try {
      const values = await this.cache.mget(...keys.map((key) => this.keyPrefix + key));
      return keys.filter((key, index) => {
        const name = values[index];
        if (name === null || name === undefined) return true;
        found.set(key, name);
        this.remember(key, name);
        return false;
      });
    } catch {
      // The cache is an optimisation: without it the names come from Confluence.
      return keys;
    }
  }

  private async toCache(names: Map<string, string>): Promise<void> {
    if (!this.cache || names.size === 0) return;
    try {
      const pipeline = this.cache.pipeline();
      for (const [key, name] of names) pipeline.set(this.keyPrefix + key, name, 'EX', TTL_SECONDS);
      await pipeline.exec();
    } catch {
      // Same as above: a later call looks the names up again.
    }
  }

  private remember(key: string, name: string): void {
    this.memory.delete(key);
    if (this.memory.size >= MEMORY_ENTRIES) this.memory.delete(this.memory.keys().next().value as string);
    this.memory.set(key, { name, expiresAt: Date.now() + TTL_SECONDS * 1000 });
  }
}
