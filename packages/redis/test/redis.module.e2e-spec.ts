import { loadConfig } from '@emm/config';
import type { INestApplicationContext } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { startRedis, waitFor, type RedisServer } from '@emm/testing';
import type { Redis } from 'ioredis';
import { CACHE_REDIS_CLIENT, REDIS_CLIENT, REDIS_SETTINGS, RedisHealthIndicator, RedisModule, redisEnvSchema, redisSettingsFromEnv } from '../src';

async function createContext(env: Record<string, string>, connectWaitMs?: number): Promise<INestApplicationContext> {
  const settings = redisSettingsFromEnv(loadConfig(redisEnvSchema, env));
  const moduleRef = await Test.createTestingModule({
    imports: [RedisModule.forRoot(settings, { name: 'module-e2e', connectWaitMs })],
  }).compile();
  moduleRef.useLogger(false);
  return moduleRef.init();
}

describe('RedisModule', () => {
  let queues: RedisServer;
  let cache: RedisServer;
  let app: INestApplicationContext | undefined;
  beforeAll(async () => {
    [queues, cache] = await Promise.all([startRedis(), startRedis({ maxmemoryPolicy: 'allkeys-lru' })]);
  });
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });
  afterAll(async () => {
    await Promise.all([queues.stop(), cache.stop()]);
  });

  it('provides the main and the cache client, each on its own Redis and connection', async () => {
    app = await createContext({ REDIS_URL: queues.url, CACHE_REDIS_URL: cache.url });
    const main = app.get<Redis>(REDIS_CLIENT);
    const cacheClient = app.get<Redis>(CACHE_REDIS_CLIENT);
    await main.set('emm:module-e2e:where', 'queues');
    await cacheClient.set('emm:module-e2e:where', 'cache');
    expect(await main.get('emm:module-e2e:where')).toBe('queues');
    expect(await cacheClient.get('emm:module-e2e:where')).toBe('cache');
    expect(app.get(REDIS_SETTINGS)).toMatchObject({ main: { port: queues.port }, cache: { port: cache.port } });
  });

  it('opens a separate cache connection when the cache is the main Redis', async () => {
    app = await createContext({ REDIS_URL: queues.url });
    expect(app.get(CACHE_REDIS_CLIENT)).not.toBe(app.get(REDIS_CLIENT));
    const names = (await app.get<Redis>(REDIS_CLIENT).client('LIST')) as string;
    expect(names.match(/name=module-e2e:request/g)).toHaveLength(2);
  });

  it('closes its connections when the app shuts down', async () => {
    const context = await createContext({ REDIS_URL: queues.url });
    const main = context.get<Redis>(REDIS_CLIENT);
    const cacheClient = context.get<Redis>(CACHE_REDIS_CLIENT);
    await context.close();
    expect([main.status, cacheClient.status]).toEqual(['end', 'end']);
  });

  it('RedisHealthIndicator is up while Redis answers PING', async () => {
    app = await createContext({ REDIS_URL: queues.url });
    const indicator = app.get(RedisHealthIndicator);
    expect(indicator.name).toBe('redis');
    await expect(indicator.check()).resolves.toBeUndefined();
  });

  it('starts while Redis is down, reports why it is not ready, and recovers', async () => {
    const server = await startRedis();
    try {
      await server.kill();
      const startedAt = Date.now();
      app = await createContext({ REDIS_URL: server.url }, 300);
      expect(Date.now() - startedAt).toBeLessThan(2_000);

      const indicator = app.get(RedisHealthIndicator);
      await expect(indicator.check()).rejects.toThrow(/^not connected \((connecting|reconnecting)\): connect ECONNREFUSED/);

      await server.restart();
      await waitFor(
        async () => {
          await indicator.check();
          return true;
        },
        { timeoutMs: 5_000, message: 'Redis readiness to recover' },
      );
    } finally {
      await app?.close();
      app = undefined;
      await server.stop();
    }
  });

  it('RedisHealthIndicator names a wrong password', async () => {
    const server = await startRedis({ password: 'right' });
    try {
      app = await createContext({ REDIS_URL: `redis://:wrong@${server.host}:${server.port}` }, 300);
      await expect(app.get(RedisHealthIndicator).check()).rejects.toThrow(/WRONGPASS|invalid password/i);
    } finally {
      await app?.close();
      app = undefined;
      await server.stop();
    }
  });
});
