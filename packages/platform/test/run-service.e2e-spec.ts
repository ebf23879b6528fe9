import { join } from 'node:path';
import { freePort, spawnProcess, startRedis, type RedisServer } from '@emm/testing';

const fixture = join(__dirname, 'fixtures', 'service.js');

describe('runService (a real process)', () => {
  let redis: RedisServer;

  beforeAll(async () => {
    redis = await startRedis();
  });

  afterAll(async () => {
    await redis?.stop();
  });

  it('starts, logs JSON lines, and exits 0 on SIGTERM', async () => {
    const port = await freePort();
    const proc = await spawnProcess(process.execPath, [fixture], {
      env: { PORT: String(port), HOST: '127.0.0.1', REDIS_URL: redis.url, GREETING: 'hello', SHUTDOWN_DRAIN_MS: '50', LOG_LEVEL: 'info' },
      readyUrl: `http://127.0.0.1:${port}/health/ready`,
    });
    proc.signal('SIGTERM');
    expect(await proc.exited).toEqual({ code: 0, signal: null });
    const lines = proc.output().trim().split('\n');
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) expect(JSON.parse(line)).toMatchObject({ service: 'platform-fixture', level: expect.any(String) });
  });

  it('refuses bad configuration with one line per problem, exit 1', async () => {
    const proc = await spawnProcess(process.execPath, [fixture], { env: { PORT: '70000', REDIS_URL: 'redis://127.0.0.1:1', GREETING: undefined } });
    expect((await proc.exited).code).toBe(1);
    expect(proc.output().trim().split('\n').sort()).toEqual([
      'config error: GREETING: is required',
      'config error: PORT: must be an integer between 1 and 65535',
    ]);
  });

  it('reports a start-up failure as one log line and exits 1', async () => {
    const port = await freePort();
    const blocker = await spawnProcess(process.execPath, ['-e', `require('net').createServer().listen(${port}, '127.0.0.1'); setInterval(() => {}, 1e6)`], {});
    try {
      await new Promise((resolve) => setTimeout(resolve, 300));
      const proc = await spawnProcess(process.execPath, [fixture], {
        env: { PORT: String(port), HOST: '127.0.0.1', REDIS_URL: redis.url, GREETING: 'hi', LOG_LEVEL: 'info' },
      });
      expect((await proc.exited).code).toBe(1);
      const fatal = proc
        .output()
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as { level: string; msg: string; err?: { message: string } })
        .find((entry) => entry.level === 'fatal');
      expect(fatal).toMatchObject({ msg: 'platform-fixture failed to start', err: { message: expect.stringContaining('EADDRINUSE') } });
    } finally {
      await blocker.stop();
    }
  });

  it('reports a wiring error as JSON lines without a stack trace, exit 1', async () => {
    const proc = await spawnProcess(process.execPath, [fixture], {
      env: { PORT: String(await freePort()), HOST: '127.0.0.1', REDIS_URL: redis.url, GREETING: 'hi', BREAK_DI: '1' },
    });
    expect((await proc.exited).code).toBe(1);
    const output = proc.output().trim();
    expect(output).toContain('MISSING_TOKEN');
    expect(output).not.toMatch(/\n\s+at /);
    for (const line of output.split('\n')) expect(() => JSON.parse(line)).not.toThrow();
  });
});
