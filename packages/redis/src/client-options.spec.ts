import { redisClientOptions } from './client-options';
import type { RedisEndpoint } from './redis-env';

const endpoint: RedisEndpoint = { host: 'redis', port: 6379, password: 'pw', db: 1, tls: false };

describe('redisClientOptions', () => {
  it('makes request clients fail fast', () => {
    expect(redisClientOptions(endpoint, 'request', 'jd-classifier-service')).toMatchObject({
      host: 'redis',
      port: 6379,
      password: 'pw',
      db: 1,
      maxRetriesPerRequest: 1,
      enableOfflineQueue: false,
      connectTimeout: 2_000,
      connectionName: 'jd-classifier-service:request',
    });
  });

  it('gives worker and subscriber clients what BullMQ requires', () => {
    for (const purpose of ['worker', 'subscriber'] as const) {
      const options = redisClientOptions(endpoint, purpose, 'file-system-agent');
      expect(options).toMatchObject({ maxRetriesPerRequest: null, enableOfflineQueue: true, enableReadyCheck: false });
      expect(options.commandTimeout).toBeUndefined();
    }
  });

  it('reconnects forever with capped backoff', () => {
    const request = redisClientOptions(endpoint, 'request', 'app').retryStrategy!;
    const worker = redisClientOptions(endpoint, 'worker', 'app').retryStrategy!;
    expect(request(1_000_000)).toBeLessThanOrEqual(2_000);
    expect(request(1_000_000)).toBeGreaterThanOrEqual(1_000);
    expect(worker(1_000_000)).toBeLessThanOrEqual(10_000);
  });

  it('reconnects on READONLY after a failover', () => {
    const { reconnectOnError } = redisClientOptions(endpoint, 'worker', 'app');
    expect(reconnectOnError!(new Error("READONLY You can't write against a read only replica."))).toBe(2);
    expect(reconnectOnError!(new Error('WRONGTYPE Operation against a key'))).toBe(false);
  });

  it('turns on TLS', () => {
    expect(redisClientOptions({ ...endpoint, tls: true }, 'request', 'app').tls).toEqual({});
    expect(redisClientOptions(endpoint, 'request', 'app').tls).toBeUndefined();
  });

  it('connects through Sentinel', () => {
    const sentinel: RedisEndpoint = {
      ...endpoint,
      tls: true,
      sentinels: [{ host: 's0', port: 26379 }],
      sentinelName: 'mymaster',
      sentinelPassword: 'spw',
    };
    const options = redisClientOptions(sentinel, 'worker', 'app');
    expect(options).toMatchObject({
      sentinels: [{ host: 's0', port: 26379 }],
      name: 'mymaster',
      sentinelPassword: 'spw',
      password: 'pw',
      enableTLSForSentinelMode: true,
    });
    expect(options.host).toBeUndefined();
  });
});
