export { assertNoEviction } from './assert-no-eviction';
export { backoffDelay, type Backoff } from './backoff';
export { redisClientOptions, type RedisPurpose } from './client-options';
export { closeRedisClient, createRedisClient, lastRedisError, waitUntilReady } from './redis-client';
export {
  describeEndpoint,
  redisEnvRules,
  redisEnvSchema,
  redisSettingsFromEnv,
  type HostAndPort,
  type RedisEndpoint,
  type RedisEnv,
  type RedisSettings,
} from './redis-env';
export { RedisHealthIndicator } from './redis-health.indicator';
export { RedisModule, type RedisModuleOptions } from './redis.module';
export { CACHE_REDIS_CLIENT, REDIS_CLIENT, REDIS_SETTINGS } from './tokens';
export { isRedisOutage } from './outage';
export {
  workerLeaseEnvRules,
  workerLeaseEnvSchema,
  workerLeaseOptions,
  type WorkerLeaseEnv,
  type WorkerLeaseOptions,
} from './worker-lease';
