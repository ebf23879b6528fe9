import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BuiltService, type ProcessHandle, startBuiltService, startRedis, type RedisServer, waitFor } from '@emm/testing';
import { APP_DIR, EXAMPLE_JD } from './support';

/** The built service as a real process, the way a pod runs it. */
function startService(env: Record<string, string>): Promise<BuiltService> {
  return startBuiltService(APP_DIR, { env: { JD_STRUCTURE_PATH: EXAMPLE_JD, ...env } });
}

interface ToolReply {
  status: number;
  body: { result: { id: string; path: string } };
}

async function callTool(url: string, tool: string, args: unknown): Promise<ToolReply> {
  const res = await fetch(`${url}/tools/${tool}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(args) });
  return { status: res.status, body: (await res.json()) as ToolReply['body'] };
}

describe('jd-classifier-service as processes', () => {
  let redis: RedisServer;
  const started: ProcessHandle[] = [];

  beforeAll(async () => {
    redis = await startRedis();
  });

  afterEach(async () => {
    await Promise.all(started.splice(0).map((proc) => proc.stop()));
  });

  afterAll(async () => {
    await redis?.stop();
  });

  it('two instances on one Redis never hand out the same ID: 200 concurrent allocate_id calls', async () => {
    const a = await startService({ REDIS_URL: redis.url });
    const b = await startService({ REDIS_URL: redis.url });
    started.push(a.proc, b.proc);
    const categories = ['21', '22', '23', '24', '25', '26', '31', '32'];
    const calls = Array.from({ length: 200 }, (_, i) =>
      callTool(i % 2 === 0 ? a.url : b.url, 'allocate_id', { category: categories[i % categories.length], name: `Concurrent ${i}` }),
    );
    const results = await Promise.all(calls);
    expect(results.map((r) => r.status)).toEqual(Array(200).fill(200));
    const ids = results.map((r) => r.body.result.id);
    expect(new Set(ids).size).toBe(200);
    for (const [i, id] of ids.entries()) expect(id.startsWith(`${categories[i % categories.length]}.`)).toBe(true);
  });

  it('answers allocate_id with 503 unavailable (retry), not 500, while Redis is down, and allocates again once it is back', async () => {
    const own = await startRedis();
    const service = await startService({ REDIS_URL: own.url });
    started.push(service.proc);
    try {
      await own.kill('SIGKILL');
      const down = await callTool(service.url, 'allocate_id', { category: '21', name: 'During the outage' });
      expect(down.status).toBe(503);
      expect(down.body).toEqual({ error: { code: 'unavailable', message: 'Redis is unavailable; retry shortly' } });
      await own.restart();
      await waitFor(async () => (await callTool(service.url, 'allocate_id', { category: '21', name: 'After the outage' })).status === 200, { timeoutMs: 10_000 });
    } finally {
      await own.stop();
    }
  });

  it('on SIGTERM: readiness 503 at once, the in-flight request is still answered, exit 0', async () => {
    const { proc, url } = await startService({ REDIS_URL: redis.url, SHUTDOWN_DRAIN_MS: '500' });
    started.push(proc);
    // An in-flight request: headers sent, body still coming when the signal arrives.
    const { request } = await import('node:http');
    const body = JSON.stringify({ id: '11.01' });
    const inFlight = new Promise<{ status: number; text: string }>((resolve, reject) => {
      const req = request(`${url}/tools/resolve_path`, { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (res) => {
        let text = '';
        res.on('data', (chunk) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      });
      req.on('error', reject);
      req.write(body.slice(0, 5));
      // The rest arrives after the drain, while the server is already closing.
      setTimeout(() => req.end(body.slice(5)), 900);
    });
    await new Promise((resolve) => setTimeout(resolve, 100));
    proc.signal('SIGTERM');
    await waitFor(async () => (await fetch(`${url}/health/ready`)).status === 503, { timeoutMs: 300, message: 'readiness did not turn 503' });
    const answered = await inFlight;
    expect(answered.status).toBe(200);
    expect(JSON.parse(answered.text).result.path).toBe('10-19 Finance/11 Banking/11.01 Statements');
    expect(await proc.exited).toEqual({ code: 0, signal: null });
  });

  it('reloads a changed structure and keeps the last good one when the new file is broken', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'jd-reload-'));
    const path = join(dir, 'jd.yaml');
    await copyFile(EXAMPLE_JD, path);
    const { proc, url } = await startService({ REDIS_URL: redis.url, JD_STRUCTURE_PATH: path, JD_RELOAD_INTERVAL_MS: '200' });
    started.push(proc);
    try {
      const original = await readFile(path, 'utf8');
      await writeFile(path, original.replace('name: Banking', 'name: Banks and accounts'));
      await waitFor(async () => (await callTool(url, 'resolve_path', { id: '11' })).body.result.path === '10-19 Finance/11 Banks and accounts', {
        timeoutMs: 5_000,
        message: 'the changed structure was not picked up',
      });

      await writeFile(path, original.replace('id: "11"', 'id: "21"'));
      // writeFile is not atomic: the watcher may first see a half-written file (also rejected); wait for the whole one.
      await waitFor(() => proc.output().includes('is outside area 10-19'), { timeoutMs: 5_000, message: 'broken file was not reported' });
      expect(proc.output()).toContain('JD structure change rejected');
      const still = await callTool(url, 'resolve_path', { id: '11' });
      expect(still.body.result.path).toBe('10-19 Finance/11 Banks and accounts');
      expect((await fetch(`${url}/health/ready`)).status).toBe(200);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('refuses to start on bad configuration with one line per problem and no stack trace', async () => {
    const { proc } = await startBuiltService(APP_DIR, {
      env: { REDIS_URL: 'http://not-redis', JD_STRUCTURE_PATH: undefined, SHUTDOWN_TIMEOUT_MS: 'soon' },
      readyPath: false,
    });
    const exit = await proc.exited;
    expect(exit.code).toBe(1);
    const lines = proc.output().trim().split('\n');
    expect(lines).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/REDIS_URL: must be a redis:\/\/ or rediss:\/\/ URL/),
        expect.stringMatching(/JD_STRUCTURE_PATH: is required/),
        expect.stringMatching(/SHUTDOWN_TIMEOUT_MS: /),
      ]),
    );
    expect(proc.output()).not.toMatch(/\n\s+at /);
  });

  it('refuses to start on a broken jd.yaml, naming the place and the rule', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'jd-broken-'));
    const path = join(dir, 'jd.yaml');
    await writeFile(path, (await readFile(EXAMPLE_JD, 'utf8')).replace('id: "12"', 'id: "31"'));
    try {
      const { proc } = await startBuiltService(APP_DIR, { env: { REDIS_URL: redis.url, JD_STRUCTURE_PATH: path }, readyPath: false });
      expect((await proc.exited).code).toBe(1);
      expect(proc.output()).toMatch(/areas\[1\]\.categories\[1\]\.id: 31 is outside area 10-19/);
      expect(proc.output()).not.toMatch(/\n\s+at /);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
