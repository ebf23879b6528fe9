import { Agent, get } from 'node:http';
import { join } from 'node:path';
import { freePort, spawnProcess, waitFor, type ProcessHandle } from '@emm/testing';

const packageDir = join(__dirname, '..');
const fixture = join(__dirname, 'fixtures', 'shutdown-app.js');

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function httpGet(url: string, agent?: Agent): Promise<Reply> {
  return new Promise((resolve, reject) => {
    get(url, { agent: agent ?? false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    }).on('error', reject);
  });
}

async function startFixture(env: Record<string, string>): Promise<{ app: ProcessHandle; base: string }> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const app = await spawnProcess(process.execPath, [fixture], {
    env: { PORT: String(port), ...env },
    cwd: packageDir,
    readyUrl: `${base}/health/ready`,
  });
  return { app, base };
}

describe('enableGracefulShutdown (real process)', () => {
  let app: ProcessHandle | undefined;
  afterEach(async () => {
    await app?.stop(1_000);
    app = undefined;
  });

  it('turns readiness 503 at once, finishes the in-flight request, closes resources after the server, exits 0', async () => {
    const started = await startFixture({ DRAIN_DELAY_MS: '1000', SLOW_MS: '1500', SHUTDOWN_TIMEOUT_MS: '8000' });
    app = started.app;
    const { base } = started;
    const keepAlive = new Agent({ keepAlive: true });

    const slow = httpGet(`${base}/slow`, keepAlive);
    await waitFor(() => started.app.output().includes('slow request started'), { message: 'the slow request to start' });

    const signalledAt = Date.now();
    started.app.signal('SIGTERM');
    await waitFor(async () => (await httpGet(`${base}/health/ready`)).status === 503, {
      timeoutMs: 500,
      intervalMs: 10,
      message: 'readiness to turn 503',
    });
    expect(Date.now() - signalledAt).toBeLessThan(500);

    const ready = await httpGet(`${base}/health/ready`);
    expect(JSON.parse(ready.body)).toMatchObject({ status: 'shutting_down', error: { shutdown: { status: 'down' } } });
    // Still serving during the drain delay, and telling keep-alive clients to reconnect elsewhere.
    const live = await httpGet(`${base}/health/live`);
    expect(live.status).toBe(200);
    const fast = await httpGet(`${base}/fast`, keepAlive);
    expect(fast.status).toBe(200);
    expect(fast.headers.connection).toBe('close');

    started.app.signal('SIGTERM');

    const slowReply = await slow;
    expect(slowReply.status).toBe(200);
    expect(JSON.parse(slowReply.body)).toEqual({ done: true });

    const exit = await started.app.exited;
    const shutdownMs = Date.now() - signalledAt;
    keepAlive.destroy();
    expect(exit).toEqual({ code: 0, signal: null });
    // Well under Node's 5 s keep-alive timeout: the idle keep-alive socket did not hold the close up.
    expect(shutdownMs).toBeLessThan(4_000);

    const output = started.app.output();
    expect(output).toContain('while already shutting down (draining); ignoring it');
    expect(output.indexOf('slow request finished')).toBeLessThan(output.indexOf('resource closed'));
    expect(output).toContain('Shutdown complete');
  });

  it('exits 1 after timeoutMs when an onApplicationShutdown hook hangs, naming the stage', async () => {
    const started = await startFixture({ DRAIN_DELAY_MS: '100', SHUTDOWN_TIMEOUT_MS: '1500', HANG_ON_SHUTDOWN: '1' });
    app = started.app;
    const signalledAt = Date.now();
    started.app.signal('SIGTERM');

    expect(await started.app.exited).toEqual({ code: 1, signal: null });
    const elapsed = Date.now() - signalledAt;
    expect(elapsed).toBeGreaterThanOrEqual(1_400);
    expect(elapsed).toBeLessThan(3_000);
    expect(started.app.output()).toMatch(/did not finish within 1500 ms; stuck in onApplicationShutdown hooks/);
  });

  it('exits 1 after timeoutMs when a request outlives the deadline, saying it waited for connections', async () => {
    const started = await startFixture({ DRAIN_DELAY_MS: '100', SHUTDOWN_TIMEOUT_MS: '1000', SLOW_MS: '10000' });
    app = started.app;
    const slow = httpGet(`${started.base}/slow`).catch((error: Error) => error);
    await waitFor(() => started.app.output().includes('slow request started'), { message: 'the slow request to start' });
    started.app.signal('SIGINT');

    expect(await started.app.exited).toEqual({ code: 1, signal: null });
    expect(started.app.output()).toMatch(/stuck waiting for 1 open HTTP connection\(s\)/);
    // The client sees its connection cut rather than hanging on forever.
    expect(await slow).toHaveProperty('message', expect.stringMatching(/socket hang up|ECONNRESET/));
  });
});
