import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BuiltService, type ProcessHandle, startBuiltService, startRedis, type RedisServer, waitFor } from '@emm/testing';
import { APP_DIR } from './support/app';

const FOLDER = '10-19 Finance/11 Banking/11.01 Statements';

describe('file-system-service as a process', () => {
  let redis: RedisServer;
  let base: string;
  const started: ProcessHandle[] = [];

  beforeAll(async () => {
    redis = await startRedis();
  });

  beforeEach(async () => {
    base = await mkdtemp(join(tmpdir(), 'fs-process-'));
    await mkdir(join(base, 'vault'));
    await mkdir(join(base, 'unsorted'));
  });

  afterEach(async () => {
    await Promise.all(started.splice(0).map((proc) => proc.stop()));
    await rm(base, { recursive: true, force: true });
  });

  afterAll(async () => {
    await redis?.stop();
  });

  async function start(env: Record<string, string>, ready = true): Promise<BuiltService> {
    const service = await startBuiltService(APP_DIR, {
      env: { REDIS_URL: redis.url, VAULT_DIR: join(base, 'vault'), UNSORTED_DIR: join(base, 'unsorted'), ...env },
      readyPath: ready ? undefined : false,
    });
    started.push(service.proc);
    return service;
  }

  it('refuses to start on bad configuration with one line per problem and no stack trace', async () => {
    const { proc } = await startBuiltService(APP_DIR, {
      env: { REDIS_URL: redis.url, VAULT_DIR: undefined, UNSORTED_DIR: undefined, READ_MAX_BYTES: 'lots', EXTRACT_WORKERS: '0' },
      readyPath: false,
    });
    expect((await proc.exited).code).toBe(1);
    const lines = proc.output().trim().split('\n');
    expect(lines).toEqual(
      expect.arrayContaining([
        'config error: VAULT_DIR: is required when STORAGE_BACKEND=local',
        'config error: UNSORTED_DIR: is required when STORAGE_BACKEND=local',
        'config error: READ_MAX_BYTES: must be an integer of at least 1024',
        'config error: EXTRACT_WORKERS: must be an integer between 1 and 32',
      ]),
    );
    expect(proc.output()).not.toMatch(/\n\s+at /);

    const { proc: s3 } = await startBuiltService(APP_DIR, {
      env: { REDIS_URL: redis.url, STORAGE_BACKEND: 's3', S3_ENDPOINT: 'ftp://store', S3_UNSORTED_PREFIX: 'vault/inbox' },
      readyPath: false,
    });
    expect((await s3.exited).code).toBe(1);
    expect(s3.output().trim().split('\n')).toEqual(
      expect.arrayContaining([
        'config error: S3_BUCKET: is required when STORAGE_BACKEND=s3',
        'config error: S3_ENDPOINT: must be an http:// or https:// URL',
        'config error: S3_UNSORTED_PREFIX: must not be inside S3_VAULT_PREFIX, contain it, or be the same prefix',
      ]),
    );
  });

  it('refuses an UNSORTED inside the vault, which would make the agent import its own notes', async () => {
    const { proc } = await startBuiltService(APP_DIR, {
      env: { REDIS_URL: redis.url, VAULT_DIR: join(base, 'vault'), UNSORTED_DIR: join(base, 'vault/UNSORTED') },
      readyPath: false,
    });
    expect((await proc.exited).code).toBe(1);
    expect(proc.output()).toContain('config error: UNSORTED_DIR: must not be inside VAULT_DIR, contain it, or be the same directory');
  });

  it('is not ready while the vault is missing (a mount not there yet), and ready once it is', async () => {
    const { url } = await start({ VAULT_DIR: join(base, 'later/vault') }, false);
    await waitFor(async () => (await fetch(`${url}/health/live`).catch(() => undefined))?.status === 200, { timeoutMs: 15_000, message: 'never came up' });
    const notReady = await fetch(`${url}/health/ready`);
    expect(notReady.status).toBe(503);
    expect(JSON.stringify(await notReady.json())).toContain(`VAULT_DIR ${join(base, 'later/vault')} is not available (ENOENT)`);
    const tool = await fetch(`${url}/tools/list_vault`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(tool.status).toBe(503);
    expect(((await tool.json()) as { error: { code: string } }).error.code).toBe('unavailable');

    await mkdir(join(base, 'later/vault'), { recursive: true });
    await waitFor(async () => (await fetch(`${url}/health/ready`)).status === 200, { timeoutMs: 5_000, message: 'did not become ready' });
  });

  it('on SIGTERM: readiness 503 at once, the in-flight write still completes, exit 0', async () => {
    const { proc, url } = await start({ SHUTDOWN_DRAIN_MS: '500' });
    const { request } = await import('node:http');
    const body = JSON.stringify({ folder: FOLDER, title: 'Written during shutdown', body: 'still here', mode: 'create' });
    const inFlight = new Promise<{ status: number; text: string }>((resolve, reject) => {
      const req = request(`${url}/tools/write_note`, { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (res) => {
        let text = '';
        res.on('data', (chunk) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      });
      req.on('error', reject);
      req.write(body.slice(0, 10));
      setTimeout(() => req.end(body.slice(10)), 900);
    });
    await new Promise((resolve) => setTimeout(resolve, 100));
    proc.signal('SIGTERM');
    await waitFor(async () => (await fetch(`${url}/health/ready`)).status === 503, { timeoutMs: 300, message: 'readiness did not turn 503' });
    const answered = await inFlight;
    expect(answered.status).toBe(200);
    expect(await proc.exited).toEqual({ code: 0, signal: null });
    expect(await readFile(join(base, 'vault', FOLDER, 'Written during shutdown.md'), 'utf8')).toMatch(/---\nstill here\n$/);
  });

  it('a writer killed at any moment leaves the old note or the new one, never a part', async () => {
    const note = join(base, 'vault', FOLDER, 'Big note.md');
    const SIZE = 4 * 1024 * 1024;
    const version = (letter: string) => `---\ntitle: Big note\nversion: ${letter}\n---\n${letter.repeat(SIZE)}\n`;
    const versions = ['A', 'B', 'C'].map(version);
    // A real process writing with the service's own storage code, one version after the other, until it is killed.
    const writer = `
      const { LocalStorage } = require('./dist/storage/local-storage.js');
      const [vault, unsorted, path] = process.argv.slice(1);
      const storage = new LocalStorage({ vaultDir: vault, unsortedDir: unsorted, fsync: true });
      const versions = ['A', 'B', 'C'].map((letter) => Buffer.from('---\\ntitle: Big note\\nversion: ' + letter + '\\n---\\n' + letter.repeat(${SIZE}) + '\\n'));
      (async () => {
        await storage.write('vault', path, versions[0], { overwrite: true });
        process.stdout.write('ready\\n');
        for (let i = 1; ; i += 1) await storage.write('vault', path, versions[i % versions.length], { overwrite: true });
      })();
    `;
    let interruptedWrites = 0;
    for (let round = 0; round < 25; round += 1) {
      const child = spawn(process.execPath, ['-e', writer, join(base, 'vault'), join(base, 'unsorted'), `${FOLDER}/Big note.md`], {
        cwd: APP_DIR,
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
      await new Promise((resolve) => setTimeout(resolve, 5 + Math.random() * 60));
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGKILL');
      await exited;

      const content = await readFile(note, 'utf8');
      expect(versions.includes(content) ? 'a whole version' : `a partial note of ${content.length} characters`).toBe('a whole version');
      // Temp files a killed writer leaves are hidden: no listing shows them, and they prove the kill hit a write.
      const leftovers = (await readdir(join(base, 'vault', FOLDER))).filter((name) => name.endsWith('.emm-tmp'));
      interruptedWrites += leftovers.length;
      for (const name of leftovers) await rm(join(base, 'vault', FOLDER, name));
    }
    expect(interruptedWrites).toBeGreaterThan(0);
  }, 60_000);
});
