import { loadConfig } from '@emm/config';
import { freePort, spawnProcess, startRedis, waitFor, type ProcessHandle, type RedisServer } from '@emm/testing';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Redis } from 'ioredis';
import { closeRedisClient, createRedisClient, redisEnvSchema, redisSettingsFromEnv, waitUntilReady } from '../src';

/** A real Sentinel watching `master` as "mymaster" (sentinel rewrites its config file, so it gets its own dir). */
async function startSentinel(master: RedisServer): Promise<{ port: number; process: ProcessHandle; dir: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'emm-sentinel-'));
  const port = await freePort();
  const config = join(dir, 'sentinel.conf');
  writeFileSync(
    config,
    [`port ${port}`, 'bind 127.0.0.1', 'protected-mode no', `dir ${dir}`, `sentinel monitor mymaster ${master.host} ${master.port} 1`, ''].join('\n'),
  );
  const process = await spawnProcess(globalThis.process.env.REDIS_SERVER_BIN ?? 'redis-server', [config, '--sentinel']);
  await waitFor(() => process.output().includes('+monitor master mymaster'), { message: 'Sentinel to monitor the master' });
  return { port, process, dir };
}

describe('createRedisClient through Sentinel', () => {
  let master: RedisServer;
  let sentinel: Awaited<ReturnType<typeof startSentinel>>;
  let client: Redis | undefined;
  beforeAll(async () => {
    master = await startRedis();
    sentinel = await startSentinel(master);
  });
  afterAll(async () => {
    if (client) await closeRedisClient(client);
    await sentinel.process.stop();
    rmSync(sentinel.dir, { recursive: true, force: true });
    await master.stop();
  });

  it('finds the master named by REDIS_SENTINEL_NAME and writes to it', async () => {
    const { main } = redisSettingsFromEnv(
      loadConfig(redisEnvSchema, { REDIS_SENTINELS: `127.0.0.1:${sentinel.port}`, REDIS_SENTINEL_NAME: 'mymaster' }),
    );
    client = createRedisClient(main, 'worker', { name: 'sentinel-e2e' });
    await waitFor(() => waitUntilReady(client!, 500), { timeoutMs: 10_000, message: 'a connection through Sentinel' });

    await client.set('emm:sentinel-e2e:k', 'via sentinel');
    expect(await client.get('emm:sentinel-e2e:k')).toBe('via sentinel');
    expect(await client.config('GET', 'port')).toEqual(['port', String(master.port)]);
  });
});
