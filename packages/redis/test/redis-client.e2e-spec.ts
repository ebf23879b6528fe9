import { loadConfig } from '@emm/config';
import { startRedis, waitFor, type RedisServer } from '@emm/testing';
import type { Redis } from 'ioredis';
import {
  assertNoEviction,
  closeRedisClient,
  createRedisClient,
  redisEnvSchema,
  redisSettingsFromEnv,
  waitUntilReady,
  type RedisEndpoint,
  type RedisPurpose,
} from '../src';

function endpointFor(env: Record<string, string>): RedisEndpoint {
  return redisSettingsFromEnv(loadConfig(redisEnvSchema, env)).main;
}

describe('createRedisClient against a real redis-server', () => {
  const servers: RedisServer[] = [];
  const clients: Redis[] = [];
  const start = async (options?: Parameters<typeof startRedis>[0]): Promise<RedisServer> => {
    const server = await startRedis(options);
    servers.push(server);
    return server;
  };
  const connect = async (endpoint: RedisEndpoint, purpose: RedisPurpose = 'request'): Promise<Redis> => {
    const client = createRedisClient(endpoint, purpose, { name: 'redis-e2e' });
    clients.push(client);
    await waitUntilReady(client, 5_000);
    return client;
  };
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((client) => closeRedisClient(client)));
    await Promise.all(servers.splice(0).map((server) => server.stop()));
  });

  it('connects with REDIS_URL and names its connection', async () => {
    const server = await start();
    const client = await connect(endpointFor({ REDIS_URL: server.url }));
    await client.set('emm:test:k', 'v');
    expect(await client.get('emm:test:k')).toBe('v');
    expect(await client.client('LIST')).toContain('name=redis-e2e:request');
  });

  it('connects with REDIS_HOST/REDIS_PORT and selects the database from the URL', async () => {
    const server = await start();
    const byHost = await connect(endpointFor({ REDIS_HOST: server.host, REDIS_PORT: String(server.port) }));
    const db3 = await connect(endpointFor({ REDIS_URL: `${server.url}/3` }));
    await db3.set('only-in-db3', '1');
    expect(await byHost.get('only-in-db3')).toBeNull();
    expect(await db3.get('only-in-db3')).toBe('1');
  });

  it('authenticates with REDIS_PASSWORD', async () => {
    const server = await start({ password: 's3cret pass' });
    const client = await connect(endpointFor({ REDIS_URL: `redis://${server.host}:${server.port}`, REDIS_PASSWORD: 's3cret pass' }));
    expect(client.status).toBe('ready');
    expect(await client.ping()).toBe('PONG');
    const fromUrl = await connect(endpointFor({ REDIS_URL: server.url }));
    expect(await fromUrl.ping()).toBe('PONG');
  });

  it('request clients fail fast while Redis is down and recover when it is back', async () => {
    const server = await start();
    const client = await connect(endpointFor({ REDIS_URL: server.url }));
    await client.set('emm:test:survives', 'yes');
    await new Promise((resolve) => setTimeout(resolve, 1_100)); // let appendfsync everysec persist it

    await server.kill();
    const startedAt = Date.now();
    await expect(client.get('emm:test:survives')).rejects.toThrow();
    expect(Date.now() - startedAt).toBeLessThan(1_000);

    // Still failing fast a while into the outage (no queueing behind reconnects).
    await new Promise((resolve) => setTimeout(resolve, 500));
    const again = Date.now();
    await expect(client.get('emm:test:survives')).rejects.toThrow();
    expect(Date.now() - again).toBeLessThan(1_000);

    await server.restart();
    await waitFor(async () => (await client.get('emm:test:survives')) === 'yes', { timeoutMs: 5_000, message: 'the client to reconnect' });
  });

  it('worker clients wait through an outage instead of failing', async () => {
    const server = await start();
    const client = await connect(endpointFor({ REDIS_URL: server.url }), 'worker');
    await server.kill();
    await waitFor(() => client.status !== 'ready', { message: 'the client to notice the outage' });

    const pending = client.set('emm:test:queued', 'written after the restart');
    await new Promise((resolve) => setTimeout(resolve, 500));
    await server.restart();
    await expect(pending).resolves.toBe('OK');
    expect(await client.get('emm:test:queued')).toBe('written after the restart');
  });

  it('closeRedisClient ends the connection within its bound', async () => {
    const server = await start();
    const client = await connect(endpointFor({ REDIS_URL: server.url }));
    await closeRedisClient(client, 500);
    expect(client.status).toBe('end');
  });

  it('closeRedisClient returns within its bound for a client that cannot reach Redis, and stops reconnecting', async () => {
    const server = await start();
    const client = await connect(endpointFor({ REDIS_URL: server.url }));
    await server.kill();
    const startedAt = Date.now();
    await closeRedisClient(client, 500);
    expect(Date.now() - startedAt).toBeLessThan(600);

    await server.restart();
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(client.status).not.toBe('ready');
    const observer = await connect(endpointFor({ REDIS_URL: server.url }));
    // Only the observer itself: the closed client did not come back.
    expect(((await observer.client('LIST')) as string).match(/name=redis-e2e:request/g)).toHaveLength(1);
  });
});

describe('assertNoEviction', () => {
  const servers: RedisServer[] = [];
  const clients: Redis[] = [];
  const clientFor = async (options: Parameters<typeof startRedis>[0]): Promise<Redis> => {
    const server = await startRedis(options);
    servers.push(server);
    const client = createRedisClient(endpointFor({ REDIS_URL: server.url }), 'request', { name: 'eviction-test' });
    clients.push(client);
    await waitUntilReady(client, 5_000);
    return client;
  };
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((client) => closeRedisClient(client)));
    await Promise.all(servers.splice(0).map((server) => server.stop()));
  });

  it('passes on noeviction', async () => {
    await expect(assertNoEviction(await clientFor({}))).resolves.toBeUndefined();
  });

  it('fails with a clear reason on allkeys-lru', async () => {
    await expect(assertNoEviction(await clientFor({ maxmemoryPolicy: 'allkeys-lru' }))).rejects.toThrow(
      'Redis maxmemory-policy is "allkeys-lru", but queues need "noeviction"',
    );
  });

  it('falls back to INFO where CONFIG is disabled (managed Redis)', async () => {
    const noConfig = ['--rename-command', 'CONFIG', ''];
    await expect(assertNoEviction(await clientFor({ args: noConfig }))).resolves.toBeUndefined();
    await expect(assertNoEviction(await clientFor({ args: noConfig, maxmemoryPolicy: 'volatile-lru' }))).rejects.toThrow(
      'Redis maxmemory-policy is "volatile-lru"',
    );
  });
});
