import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, startBuiltService, type BuiltService } from '../src';

// A stand-in for a built service: reports the environment it got, ready only at /health/ready.
const mainScript = `
const http = require('node:http');
const { PORT, HOST, LOG_LEVEL, SHUTDOWN_DRAIN_MS, EXTRA, REMOVED } = process.env;
const server = http.createServer((req, res) => {
  if (req.url === '/health/ready') res.writeHead(200).end('ready');
  else res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ PORT, HOST, LOG_LEVEL, SHUTDOWN_DRAIN_MS, EXTRA, REMOVED: REMOVED ?? null }));
});
if (process.env.FAIL) { console.error('config error: FAIL: is set'); process.exit(1); }
server.listen(Number(PORT), HOST, () => console.log('listening'));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
`;

describe('startBuiltService', () => {
  let appDir: string;
  const started: BuiltService[] = [];

  beforeAll(async () => {
    appDir = await mkdtemp(join(tmpdir(), 'built-service-'));
    await mkdir(join(appDir, 'dist'));
    await writeFile(join(appDir, 'dist/main.js'), mainScript);
  });

  afterEach(async () => {
    await Promise.all(started.splice(0).map(({ proc }) => proc.stop()));
  });

  afterAll(async () => {
    await rm(appDir, { recursive: true, force: true });
  });

  async function environmentOf(service: BuiltService): Promise<Record<string, string | null>> {
    return (await (await fetch(`${service.url}/env`)).json()) as Record<string, string | null>;
  }

  it('runs dist/main.js on a free loopback port with test defaults, waiting until it is ready', async () => {
    process.env.REMOVED = 'inherited';
    try {
      const service = await startBuiltService(appDir, { env: { EXTRA: 'yes', LOG_LEVEL: 'debug', REMOVED: undefined } });
      started.push(service);
      expect(service.proc.output()).toContain('listening');
      expect(service.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(await environmentOf(service)).toEqual({
        PORT: new URL(service.url).port,
        HOST: '127.0.0.1',
        LOG_LEVEL: 'debug',
        SHUTDOWN_DRAIN_MS: '0',
        EXTRA: 'yes',
        REMOVED: null,
      });
    } finally {
      delete process.env.REMOVED;
    }
  });

  it('listens on the port it is given', async () => {
    const port = await freePort();
    const service = await startBuiltService(appDir, { port });
    started.push(service);
    expect(service.url).toBe(`http://127.0.0.1:${port}`);
  });

  it('with readyPath false, resolves at once, for a process expected to exit', async () => {
    const { proc } = await startBuiltService(appDir, { env: { FAIL: '1' }, readyPath: false });
    expect((await proc.exited).code).toBe(1);
    expect(proc.output()).toContain('config error: FAIL: is set');
  });

  it('rejects with the output when the process exits before it is ready', async () => {
    await expect(startBuiltService(appDir, { env: { FAIL: '1' } })).rejects.toThrow(/exited \(code 1[\s\S]*config error: FAIL/);
  });
});
