import { freePort, spawnProcess, waitFor } from '../src';

// A tiny HTTP server that says goodbye on SIGTERM and exits 0.
const serverScript = `
const http = require('node:http');
const server = http.createServer((req, res) => res.end('ok'));
server.listen(Number(process.env.PORT), '127.0.0.1', () => console.log('listening ' + process.env.GREETING));
process.on('SIGTERM', () => { console.error('bye'); server.close(() => process.exit(0)); });
`;

describe('spawnProcess', () => {
  it('waits for readyUrl, captures output and stops with SIGTERM', async () => {
    const port = await freePort();
    const child = await spawnProcess(process.execPath, ['-e', serverScript], {
      env: { PORT: String(port), GREETING: 'hello' },
      readyUrl: `http://127.0.0.1:${port}/`,
    });
    expect(child.pid).toBeGreaterThan(0);
    expect(child.output()).toContain('listening hello');

    const exit = await child.stop();
    expect(exit).toEqual({ code: 0, signal: null });
    expect(child.output()).toContain('bye');
  });

  it('rejects with the output when the process exits before it is ready', async () => {
    const port = await freePort();
    await expect(
      spawnProcess(process.execPath, ['-e', 'console.error("bad config: PORT"); process.exit(3)'], {
        readyUrl: `http://127.0.0.1:${port}/`,
      }),
    ).rejects.toThrow(/exited \(code 3[\s\S]*bad config: PORT/);
  });

  it('rejects and kills the process when it never becomes ready', async () => {
    const port = await freePort();
    await expect(
      spawnProcess(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], {
        readyUrl: `http://127.0.0.1:${port}/`,
        readyTimeoutMs: 500,
      }),
    ).rejects.toThrow(/not ready .* after 500 ms/);
  });

  it('delivers signals and reports how the process ended', async () => {
    const child = await spawnProcess(process.execPath, ['-e', 'setInterval(() => {}, 1000); console.log("up")']);
    await waitFor(() => child.output().includes('up'), { message: 'child output' });
    child.signal('SIGKILL');
    expect(await child.exited).toEqual({ code: null, signal: 'SIGKILL' });
  });

  it('kills a process that ignores SIGTERM after the grace period', async () => {
    const child = await spawnProcess(process.execPath, ['-e', 'process.on("SIGTERM", () => {}); setInterval(() => {}, 1000); console.log("up")']);
    await waitFor(() => child.output().includes('up'), { message: 'child output' });
    expect(await child.stop(300)).toEqual({ code: null, signal: 'SIGKILL' });
  });
});

describe('waitFor', () => {
  it('resolves once the predicate holds', async () => {
    let calls = 0;
    await waitFor(() => ++calls === 3, { intervalMs: 1 });
    expect(calls).toBe(3);
  });

  it('times out with the message and the last error', async () => {
    await expect(
      waitFor(
        () => {
          throw new Error('connection refused');
        },
        { timeoutMs: 50, intervalMs: 10, message: 'the service' },
      ),
    ).rejects.toThrow('Timed out after 50 ms waiting for the service (last error: connection refused)');
  });
});
