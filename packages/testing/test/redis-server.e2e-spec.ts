import { existsSync } from 'node:fs';
import Redis from 'ioredis';
import { startRedis, type RedisServer } from '../src';
import { pingRedis } from '../src/redis-ping';

function client(server: RedisServer): Redis {
  return new Redis(server.url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
}

async function withClient<T>(server: RedisServer, use: (redis: Redis) => Promise<T>): Promise<T> {
  const redis = client(server);
  await redis.connect();
  try {
    return await use(redis);
  } finally {
    redis.disconnect();
  }
}

describe('startRedis', () => {
  const servers: RedisServer[] = [];
  const start = async (...args: Parameters<typeof startRedis>): Promise<RedisServer> => {
    const server = await startRedis(...args);
    servers.push(server);
    return server;
  };
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((server) => server.stop()));
  });

  it('starts a server with noeviction and AOF that answers on its URL', async () => {
    const server = await start();
    expect(server.url).toBe(`redis://127.0.0.1:${server.port}`);
    await withClient(server, async (redis) => {
      await redis.set('k', 'v');
      expect(await redis.get('k')).toBe('v');
      expect(await redis.config('GET', 'maxmemory-policy')).toEqual(['maxmemory-policy', 'noeviction']);
      expect(await redis.config('GET', 'appendonly')).toEqual(['appendonly', 'yes']);
      expect(await redis.config('GET', 'dir')).toEqual(['dir', server.dataDir]);
    });
  });

  it('gives each server its own port and data dir', async () => {
    const [a, b] = await Promise.all([start(), start()]);
    expect(a.port).not.toBe(b.port);
    expect(a.dataDir).not.toBe(b.dataDir);
  });

  it('applies maxmemory policy and password options', async () => {
    const server = await start({ maxmemoryPolicy: 'allkeys-lru', password: 'p@ss word' });
    expect(server.url).toBe(`redis://:p%40ss%20word@127.0.0.1:${server.port}`);
    expect(await pingRedis(server.host, server.port)).toBe(false);
    await withClient(server, async (redis) => {
      expect(await redis.config('GET', 'maxmemory-policy')).toEqual(['maxmemory-policy', 'allkeys-lru']);
    });
  });

  it('passes extra arguments to redis-server', async () => {
    const server = await start({ args: ['--rename-command', 'CONFIG', ''] });
    await withClient(server, async (redis) => {
      await expect(redis.config('GET', 'maxmemory-policy')).rejects.toThrow(/unknown command/);
    });
  });

  it('stop() shuts the server down and removes its data dir', async () => {
    const server = await start();
    await server.stop();
    expect(await pingRedis(server.host, server.port)).toBe(false);
    expect(existsSync(server.dataDir)).toBe(false);
    await server.stop(); // idempotent
  });

  it('keeps AOF data across kill() and restart() on the same port', async () => {
    const server = await start();
    await withClient(server, async (redis) => {
      await redis.set('survivor', 'yes');
      // appendfsync everysec: wait for the fsync, as production Redis would have had.
      await new Promise((resolve) => setTimeout(resolve, 1_200));
    });
    await server.kill();
    expect(await pingRedis(server.host, server.port)).toBe(false);
    expect(existsSync(server.dataDir)).toBe(true);

    await server.restart();
    await withClient(server, async (redis) => expect(await redis.get('survivor')).toBe('yes'));
  });

  it('loses unpersisted data on restart when appendOnly is off', async () => {
    const server = await start({ appendOnly: false });
    await withClient(server, (redis) => redis.set('ephemeral', 'yes'));
    await server.restart();
    await withClient(server, async (redis) => expect(await redis.get('ephemeral')).toBeNull());
  });

  it('rejects with the server log when redis-server cannot start', async () => {
    await expect(startRedis({ maxmemoryPolicy: 'not-a-policy' })).rejects.toThrow(/exited during start[\s\S]*maxmemory-policy/i);
  });

  it('names the missing binary when REDIS_SERVER_BIN is wrong', async () => {
    const previous = process.env.REDIS_SERVER_BIN;
    process.env.REDIS_SERVER_BIN = '/nonexistent/redis-server';
    try {
      await expect(startRedis()).rejects.toThrow(/Could not start \/nonexistent\/redis-server/);
    } finally {
      if (previous === undefined) delete process.env.REDIS_SERVER_BIN;
      else process.env.REDIS_SERVER_BIN = previous;
    }
  });
});
