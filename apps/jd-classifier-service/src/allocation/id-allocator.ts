import type Redis from 'ioredis';

/**
 * Claims the first free number after `startAfter` (the category's last
 * declared ID) and records it, in one script, so concurrent callers on any
 * replica can never be handed the same ID. With an idempotency key (e.g. the
 * note's source identity) a retried call gets its first ID back.
 */
const ALLOCATE_LUA = `
local ids_key, keys_key = KEYS[1], KEYS[2]
local category, name, idem_key, start_after = ARGV[1], ARGV[2], ARGV[3], tonumber(ARGV[4])
local idem_field = category .. ' ' .. idem_key
if idem_key ~= '' then
  local existing = redis.call('HGET', keys_key, idem_field)
  if existing then return {existing, 0} end
end
for n = start_after + 1, 99 do
  local id = string.format('%s.%02d', category, n)
  if redis.call('HSETNX', ids_key, id, name) == 1 then
    if idem_key ~= '' then redis.call('HSET', keys_key, idem_field, id) end
    return {id, 1}
  end
end
return {false, 0}
`;

interface AllocatingRedis extends Redis {
  jdAllocate(idsKey: string, keysKey: string, ...args: string[]): Promise<[string | null, number]>;
}

export interface Allocation {
  id: string;
  /** false when the idempotency key matched an earlier allocation */
  created: boolean;
}

export class CategoryFullError extends Error {
  constructor(readonly category: string) {
    super(`category ${category} is full: every ID up to ${category}.99 is taken`);
  }
}

/** IDs handed out at run time. They are not in jd.yaml, so Redis is their record. */
export class IdAllocator {
  private readonly redis: AllocatingRedis;
  private readonly idsKey: string;
  private readonly idempotencyKey: string;

  constructor(redis: Redis, keyPrefix = 'emm:jd-classifier') {
    // defineCommand runs the script by its SHA (EVALSHA) after the first call.
    if (!('jdAllocate' in redis)) redis.defineCommand('jdAllocate', { numberOfKeys: 2, lua: ALLOCATE_LUA });
    this.redis = redis as AllocatingRedis;
    this.idsKey = `${keyPrefix}:allocated-ids`;
    this.idempotencyKey = `${keyPrefix}:allocation-keys`;
  }

  async allocate(category: string, name: string, startAfter: number, idempotencyKey = ''): Promise<Allocation> {
    const [id, created] = await this.redis.jdAllocate(this.idsKey, this.idempotencyKey, category, name, idempotencyKey, String(startAfter));
    if (!id) throw new CategoryFullError(category);
    return { id, created: created === 1 };
  }

  /** Every allocated ID with the name it was given: `{ '11.07': 'Savings account' }`. */
  async all(): Promise<Record<string, string>> {
    return this.redis.hgetall(this.idsKey);
  }

  async nameOf(id: string): Promise<string | undefined> {
    return (await this.redis.hget(this.idsKey, id)) ?? undefined;
  }
}
