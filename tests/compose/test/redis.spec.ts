import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort, spawnProcess, type ProcessHandle } from '@emm/testing';
import { Redis } from 'ioredis';
import { IMAGE_APPS } from './support/apps';
import { environmentOf, hostAndPort, mountsOf, resolvedCompose, sourceMountedAt, userVariables } from './support/compose';
import { makeTempDir } from '@emm/testing/temp-dir';

const compose = resolvedCompose(userVariables());
const redis = compose.services.redis;
/** `redis-server <config file>`: the file compose mounts there, read from the host. */
const configFile = (): string => {
  const [binary, path] = redis.command ?? [];
  expect(binary).toBe('redis-server');
  return sourceMountedAt(redis, path);
};
/** A directive of the config file, e.g. `dir` → `/data`. */
const directive = (name: string): string | undefined =>
  readFileSync(configFile(), 'utf8')
    .split('\n')
    .map((line) => line.trim().split(/\s+/))
    .find(([key]) => key === name)?.[1];

describe('Redis in compose', () => {
  let server: ProcessHandle | undefined;
  let client: Redis | undefined;

  afterAll(async () => {
    client?.disconnect();
    await server?.stop();
  });

  it('runs redis.conf with AOF fsynced every second and noeviction (a real redis-server reads it)', async () => {
    const port = await freePort();
    // The file as compose mounts it; only where it listens and writes is moved for the test
    // (redis-server changes into `dir` while it reads the file, so that line is replaced).
    const dataDir = makeTempDir('emm-compose-redis-');
    const config = join(dataDir, 'redis.conf');
    writeFileSync(config, readFileSync(configFile(), 'utf8').replace(/^dir .*$/m, `dir ${dataDir}`));
    server = await spawnProcess(process.env.REDIS_SERVER_BIN ?? 'redis-server', [config, '--port', String(port), '--bind', '127.0.0.1']);
    // Commands wait in ioredis' offline queue until the server accepts connections.
    client = new Redis({ port, host: '127.0.0.1', retryStrategy: () => 50 });
    expect(await client.ping()).toBe('PONG');
    const setting = async (name: string) => ((await client!.config('GET', name)) as string[])[1];
    expect(await setting('appendonly')).toBe('yes');
    expect(await setting('appendfsync')).toBe('everysec');
    expect(await setting('maxmemory-policy')).toBe('noeviction');
    expect(Number(await setting('maxmemory'))).toBeGreaterThan(0);
  });

  it('keeps its data (the AOF) on a named volume', () => {
    const data = mountsOf(redis).find((mount) => mount.target === directive('dir'));
    expect(data).toMatchObject({ bind: false, readOnly: false });
  });

  it('is where every app looks for it', () => {
    const port = Number(directive('port'));
    for (const app of IMAGE_APPS) {
      const { host, port: appPort } = hostAndPort(environmentOf(compose.services[app.name]).REDIS_URL);
      expect({ app: app.name, host, port: appPort }).toEqual({ app: app.name, host: 'redis', port });
    }
    const exporter = hostAndPort(environmentOf(compose.services['redis-exporter']).REDIS_ADDR);
    expect(exporter).toMatchObject({ host: 'redis', port });
  });
});
