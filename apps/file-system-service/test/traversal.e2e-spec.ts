import { mkdir, readdir, readFile, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import { startRedis, type RedisServer } from '@emm/testing';
import fc from 'fast-check';
import request from 'supertest';
import { backendForApp, type RunningApp, startApp, testConfig } from './support/app';
import { BACKENDS, type BackendUnderTest, putRaw } from './support/backends';
import { anyPath } from './support/hostile-paths';

const FOLDER = '10-19 Finance/11 Banking/11.01 Statements';
const SECRET = 'top secret: the sentinel outside both roots';
/** Answers a hostile path may get: refused (400), not there (404), taken (409), unusable (412). Never a 500, never data from outside. */
const EXPECTED_STATUSES = new Set([200, 400, 404, 409, 412]);

describe.each(BACKENDS)('hostile paths on the %s backend (property-based, through the tools)', (kind) => {
  let redis: RedisServer;
  let backend: BackendUnderTest;
  let running: RunningApp;

  beforeAll(async () => {
    redis = await startRedis();
    const storage = await backendForApp(kind);
    backend = storage.backend;
    if (backend.dirs) {
      await mkdir(join(backend.dirs.base, 'outside'));
      await writeFile(join(backend.dirs.base, 'outside/secret.txt'), SECRET);
    } else {
      const s3 = backend.s3 as NonNullable<BackendUnderTest['s3']>;
      await s3.client().send(new PutObjectCommand({ Bucket: s3.bucket, Key: 'secret.txt', Body: SECRET }));
    }
    await putRaw(backend, 'unsorted', 'report.pdf', '%PDF-1.4 inside');
    running = await startApp(testConfig({ REDIS_URL: redis.url, ...storage.env }));
  });

  afterAll(async () => {
    await running?.app.close();
    await backend?.cleanup();
    await redis?.stop();
  });

  async function everythingStaysInside(): Promise<void> {
    if (backend.dirs) {
      expect(await readdir(join(backend.dirs.base, 'outside'))).toEqual(['secret.txt']);
      expect(await readFile(join(backend.dirs.base, 'outside/secret.txt'), 'utf8')).toBe(SECRET);
      expect((await readdir(backend.dirs.base)).sort()).toEqual(['outside', 'unsorted', 'vault']);
    } else {
      const s3 = backend.s3 as NonNullable<BackendUnderTest['s3']>;
      const listed = await s3.client().send(new ListObjectsV2Command({ Bucket: s3.bucket }));
      const keys = (listed.Contents ?? []).map((object) => object.Key as string);
      expect(keys.filter((key) => !key.startsWith('vault/') && !key.startsWith('unsorted/'))).toEqual(['secret.txt']);
    }
  }

  const property = (call: (path: string) => Promise<request.Response>) =>
    fc.asyncProperty(anyPath, async (path) => {
      const res = await call(path);
      if (!EXPECTED_STATUSES.has(res.status)) throw new Error(`status ${res.status} for ${JSON.stringify(path)}: ${res.text}`);
      if (res.text.includes('top secret')) throw new Error(`leaked the sentinel for ${JSON.stringify(path)}`);
      if (res.status === 400 && !/^\w+: /.test(String(res.body.error?.message))) throw new Error(`unclear error ${res.text}`);
    });

  const post = (tool: string, args: Record<string, unknown>) => request(running.baseUrl).post(`/tools/${tool}`).send(args);

  it('read_file never reads outside either root', async () => {
    await fc.assert(property((path) => post('read_file', { path, root: 'unsorted' })), { numRuns: 150 });
    await fc.assert(property((path) => post('read_file', { path, root: 'vault' })), { numRuns: 150 });
    await everythingStaysInside();
  });

  it('write_note never writes outside the vault, whatever the folder or title', async () => {
    await fc.assert(property((folder) => post('write_note', { folder, title: 'Probe', mode: 'replace' })), { numRuns: 150 });
    await fc.assert(property((title) => post('write_note', { folder: FOLDER, title: title.trim() === '' ? 'x' : title, mode: 'replace' })), { numRuns: 150 });
    await everythingStaysInside();
  });

  it('move_to_vault never takes from or puts outside the roots', async () => {
    await fc.assert(property((path) => post('move_to_vault', { path, folder: FOLDER })), { numRuns: 150 });
    await fc.assert(property((folder) => post('move_to_vault', { path: 'report.pdf', folder })), { numRuns: 100 });
    await fc.assert(property((name) => post('move_to_vault', { path: 'missing.pdf', folder: FOLDER, name: name === '' ? 'x' : name })), { numRuns: 100 });
    await everythingStaysInside();
  });

  it('list_vault never lists outside the vault', async () => {
    await fc.assert(property((prefix) => post('list_vault', { prefix })), { numRuns: 150 });
    await everythingStaysInside();
  });
});

describe('symbolic links out of the roots, through the tools (local backend)', () => {
  let redis: RedisServer;
  let backend: BackendUnderTest;
  let running: RunningApp;
  let outside: string;

  beforeAll(async () => {
    redis = await startRedis();
    const storage = await backendForApp('local');
    backend = storage.backend;
    const dirs = backend.dirs as NonNullable<BackendUnderTest['dirs']>;
    outside = join(dirs.base, 'outside');
    await mkdir(outside);
    await writeFile(join(outside, 'secret.txt'), SECRET);
    await symlink(join(outside, 'secret.txt'), join(dirs.unsorted, 'invoice.pdf'));
    await symlink(outside, join(dirs.unsorted, 'scans'));
    await mkdir(join(dirs.vault, '10-19 Finance'));
    await symlink(outside, join(dirs.vault, '10-19 Finance/11 Banking'));
    running = await startApp(testConfig({ REDIS_URL: redis.url, ...storage.env }));
  });

  afterAll(async () => {
    await running?.app.close();
    await backend?.cleanup();
    await redis?.stop();
  });

  const post = (tool: string, args: Record<string, unknown>) => request(running.baseUrl).post(`/tools/${tool}`).send(args);

  it('refuses a file that links outside, and a folder that does, with a clear error', async () => {
    const file = await post('read_file', { path: 'invoice.pdf' }).expect(400);
    expect(file.body.error).toEqual({ code: 'invalid_argument', message: 'path: invoice.pdf leads outside UNSORTED through a symbolic link' });
    const parent = await post('read_file', { path: 'scans/secret.txt' }).expect(400);
    expect(parent.body.error.message).toBe('path: scans/secret.txt leads outside UNSORTED through a symbolic link');
    const move = await post('move_to_vault', { path: 'invoice.pdf', folder: '20-29 Work/21 Projects/21.01 Atlas' }).expect(400);
    expect(move.body.error.message).toMatch(/^path: invoice.pdf leads outside UNSORTED/);
  });

  it('writes and lists nothing through a vault folder that links outside', async () => {
    const write = await post('write_note', { folder: FOLDER, title: 'Escape', body: 'x' }).expect(400);
    expect(write.body.error.message).toMatch(/^folder: .* leads outside the vault through a symbolic link$/);
    const move = await post('move_to_vault', { path: 'nothing.pdf', folder: FOLDER });
    expect(move.status).toBe(404);
    const list = await post('list_vault', { prefix: '10-19 Finance/11 Banking' }).expect(400);
    expect(list.body.error.message).toMatch(/^prefix: .* leads outside the vault/);
    expect(await readdir(outside)).toEqual(['secret.txt']);
  });

  it('leaves links out of listings', async () => {
    const unsorted = await post('list_unsorted', {}).expect(200);
    expect(unsorted.body.result.files).toEqual([]);
    const vault = await post('list_vault', {}).expect(200);
    expect(vault.body.result.notes).toEqual([]);
  });
});
