import type { RedisOptions } from 'ioredis';
import { backoffDelay, type Backoff } from './backoff';
import type { RedisEndpoint } from './redis-env';

/**
 * - `request`: API paths and caches. Fail fast: while Redis is unreachable
 *   commands reject at once instead of queueing, so a request surfaces the
 *   outage as an error within its timeout rather than hanging.
 * - `worker`: BullMQ queues and workers. Never give up: commands wait for the
 *   reconnect (BullMQ requires `maxRetriesPerRequest: null`).
 * - `subscriber`: pub/sub and blocking reads; like `worker`.
 */
export type RedisPurpose = 'request' | 'worker' | 'subscriber';

interface PurposeProfile {
  options: Pick<RedisOptions, 'maxRetriesPerRequest' | 'enableOfflineQueue' | 'enableReadyCheck' | 'connectTimeout' | 'commandTimeout'>;
  backoff: Backoff;
}

const PROFILES: Record<RedisPurpose, PurposeProfile> = {
  request: {
    options: { maxRetriesPerRequest: 1, enableOfflineQueue: false, enableReadyCheck: true, connectTimeout: 2_000, commandTimeout: 2_000 },
    backoff: { baseMs: 50, capMs: 2_000 },
  },
  worker: {
    options: { maxRetriesPerRequest: null, enableOfflineQueue: true, enableReadyCheck: false, connectTimeout: 10_000 },
    backoff: { baseMs: 250, capMs: 10_000 },
  },
  subscriber: {
    options: { maxRetriesPerRequest: null, enableOfflineQueue: true, enableReadyCheck: false, connectTimeout: 10_000 },
    backoff: { baseMs: 250, capMs: 10_000 },
  },
};

/** The ioredis options for `endpoint` used for `purpose`; `name` shows up in CLIENT LIST as `<name>:<purpose>`. */
export function redisClientOptions(endpoint: RedisEndpoint, purpose: RedisPurpose, name: string): RedisOptions {
  const profile = PROFILES[purpose];
  const retryStrategy = (attempt: number): number => backoffDelay(attempt, profile.backoff);
  return {
    ...profile.options,
    connectionName: `${name}:${purpose}`.replace(/\s+/g, '-'),
    username: endpoint.username,
    password: endpoint.password,
    db: endpoint.db,
    // Reconnect forever; how long a *command* may wait is the purpose's business (above).
    retryStrategy,
    // After a failover the old master turns replica: reconnect (and resend) instead of failing writes.
    reconnectOnError: (error) => (error.message.startsWith('READONLY') ? 2 : false),
    ...(endpoint.tls && { tls: {} }),
    ...(endpoint.sentinels === undefined
      ? { host: endpoint.host, port: endpoint.port }
      : {
          sentinels: endpoint.sentinels,
          name: endpoint.sentinelName,
          sentinelPassword: endpoint.sentinelPassword,
          sentinelRetryStrategy: retryStrategy,
          ...(endpoint.tls && { enableTLSForSentinelMode: true, sentinelTLS: {} }),
        }),
  };
}
