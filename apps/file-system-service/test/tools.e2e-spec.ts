import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { startRedis, type RedisServer } from '@emm/testing';
import request from 'supertest';
import { BACKENDS, type BackendUnderTest, getRaw, putRaw } from './support/backends';
import { backendForApp, connectMcp, FIXTURES, type RunningApp, startApp, testConfig } from './support/app';
import { metricValue } from './support/metrics';

const STATEMENTS = '10-19 Finance/11 Banking/11.01 Statements';

interface UnsortedFile {
  path: string;
  size: number;
  hash: string;
  kind: string;
  modified: string;
}

describe.each(BACKENDS)('file-system-service tools on the %s backend (REST and MCP, real Redis)', (kind) => {
  let redis: RedisServer;
  let backend: BackendUnderTest;
  let running: RunningApp;
  let mcp: Client;

  beforeAll(async () => {
    redis = await startRedis();
    const storage = await backendForApp(kind);
    backend = storage.backend;
    running = await startApp(testConfig({ REDIS_URL: redis.url, READ_MAX_BYTES: String(2 * 1024 * 1024), ...storage.env }));
    mcp = await connectMcp(running.baseUrl);
  });

  afterAll(async () => {
    await mcp?.close();
    await running?.app.close();
    await backend?.cleanup();
    await redis?.stop();
  });

  const rest = () => request(running.baseUrl);
  const call = (tool: string, args: Record<string, unknown>) => rest().post(`/tools/${tool}`).send(args);
  const callMcp = async (name: string, args: Record<string, unknown>) => mcp.callTool({ name, arguments: args });

  async function listAll(): Promise<UnsortedFile[]> {
    const files: UnsortedFile[] = [];
    let cursor: string | undefined;
    do {
      const page = await call('list_unsorted', { limit: 2, ...(cursor ? { cursor } : {}) }).expect(200);
      files.push(...page.body.result.files);
      cursor = page.body.result.nextCursor;
    } while (cursor !== undefined);
    return files;
  }

  it('lists the five tools with schemas on both transports, and is ready with its storage', async () => {
    const names = ['list_unsorted', 'list_vault', 'move_to_vault', 'read_file', 'write_note'];
    expect((await rest().get('/tools').expect(200)).body.tools.map((t: { name: string }) => t.name).sort()).toEqual(names);
    const { tools } = await mcp.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual(names);
    expect(tools.find((t) => t.name === 'write_note')?.inputSchema.properties).toHaveProperty('frontMatter');
    const ready = await rest().get('/health/ready').expect(200);
    expect(ready.body.details.storage.status).toBe('up');
  });

  describe('list_unsorted', () => {
    beforeAll(async () => {
      for (const name of readdirSync(FIXTURES)) await putRaw(backend, 'unsorted', `inbox/${name}`, readFileSync(join(FIXTURES, name)));
      await putRaw(backend, 'unsorted', 'inbox/download.pdf.crdownload', '%PDF-1.4 half');
      await putRaw(backend, 'unsorted', 'inbox/movie.mkv.part', 'partial');
      await putRaw(backend, 'unsorted', 'inbox/~$report.docx', 'lock');
      await putRaw(backend, 'unsorted', 'inbox/.DS_Store', 'clutter');
    });

    it('pages through every complete file with size, time and content hash, leaving out partial and temp files', async () => {
      const files = await listAll();
      expect(files.map((f) => f.path)).toEqual(readdirSync(FIXTURES).map((name) => `inbox/${name}`).sort());
      const statement = files.find((f) => f.path === 'inbox/statement.pdf') as UnsortedFile;
      const bytes = readFileSync(join(FIXTURES, 'statement.pdf'));
      expect(statement).toMatchObject({ size: bytes.length, kind: 'pdf', hash: expect.stringMatching(/^sha256:[0-9a-f]{64}$/) });
      expect(Date.parse(statement.modified)).not.toBeNaN();

      const again = await listAll();
      expect(again).toEqual(files);
      const first = await call('list_unsorted', { limit: 50 }).expect(200);
      expect(first.body.result.skipped).toEqual({ incomplete: 3, settling: 0 });
      const viaMcp = await callMcp('list_unsorted', { limit: 50 });
      expect((viaMcp.structuredContent as { files: UnsortedFile[] }).files).toEqual(files);
    });

    it('refuses a cursor it did not issue, naming the field', async () => {
      const res = await call('list_unsorted', { cursor: 'not-a-cursor' }).expect(400);
      expect(res.body.error).toEqual({ code: 'invalid_argument', message: expect.stringMatching(/^cursor: is not a cursor this service issued/) });
    });
  });

  describe('read_file', () => {
    it('extracts text and metadata of a PDF over REST, and of a DOCX over MCP', async () => {
      const pdf = await call('read_file', { path: 'inbox/statement.pdf' }).expect(200);
      expect(pdf.body.result).toMatchObject({ kind: 'pdf', mediaType: 'application/pdf', extraction: { status: 'ok' }, metadata: { pages: 2, author: 'Example Bank AG' } });
      expect(pdf.body.result.text).toContain('Transfer to savings account');

      const docx = await callMcp('read_file', { path: 'inbox/report.docx' });
      expect(docx.isError).toBeFalsy();
      const result = docx.structuredContent as { text: string; metadata: { title: string } };
      expect(result.metadata.title).toBe('Quarterly project report Q1 2026');
      expect(result.text).toContain('# Milestones');
    });

    it('reads HTML as its article, detects encodings, parses front matter, and gives binaries metadata only', async () => {
      const html = await call('read_file', { path: 'inbox/article.html' }).expect(200);
      expect(html.body.result.text).toContain('## Unit price and standing charge');
      expect(html.body.result.text).not.toContain('analytics');

      const latin = await call('read_file', { path: 'inbox/letter-windows1252.txt' }).expect(200);
      expect(latin.body.result).toMatchObject({ kind: 'text', encoding: 'windows-1252' });
      expect(latin.body.result.text).toContain('Rechnung über 1.250,00 € für März');

      const note = await call('read_file', { path: 'inbox/tax-notes.md' }).expect(200);
      expect(note.body.result.frontMatter).toMatchObject({ title: 'Tax return 2025', source: { kind: 'file' } });

      const png = await call('read_file', { path: 'inbox/pixel.png' }).expect(200);
      expect(png.body.result).toMatchObject({ kind: 'binary', mediaType: 'image/png', size: 70, extraction: { status: 'metadata_only' }, truncated: false });
      expect(png.body.result.text).toBeUndefined();
    });

    it('returns a text file as it is with raw: the HTML markup with its links, the Markdown with its front matter; refuses raw for a PDF', async () => {
      const html = await call('read_file', { path: 'inbox/article.html', raw: true }).expect(200);
      expect(html.body.result).toMatchObject({ kind: 'html', encoding: 'utf-8', extraction: { status: 'ok' }, truncated: false });
      expect(html.body.result.text).toMatch(/^<!doctype html>/i);
      expect(html.body.result.text).toContain('analytics');
      const note = await call('read_file', { path: 'inbox/tax-notes.md', raw: true }).expect(200);
      expect(note.body.result.text).toMatch(/^---\n/);
      expect(note.body.result.frontMatter).toBeUndefined();
      const pdf = await call('read_file', { path: 'inbox/statement.pdf', raw: true }).expect(400);
      expect(pdf.body.error.message).toBe('raw: statement.pdf is a pdf file; raw applies to text files only (markdown, text, html, json, csv)');
    });

    it('reports broken and encrypted documents as failed extractions, and counts them', async () => {
      const count = (text: string, type: string, reason: string) => metricValue(text, 'fs_extraction_failures_total', { type, reason });
      const before = (await rest().get('/metrics')).text;
      const truncated = await call('read_file', { path: 'inbox/truncated.pdf' }).expect(200);
      expect(truncated.body.result.extraction).toEqual({ status: 'failed', reason: expect.stringMatching(/^not a readable PDF: /) });
      expect(truncated.body.result.hash).toMatch(/^sha256:/);
      const encrypted = await callMcp('read_file', { path: 'inbox/encrypted.pdf' });
      expect(encrypted.structuredContent).toMatchObject({ extraction: { status: 'failed', reason: 'the PDF is password-protected' } });
      const docx = await call('read_file', { path: 'inbox/broken.docx' }).expect(200);
      expect(docx.body.result.extraction.status).toBe('failed');
      const after = (await rest().get('/metrics')).text;
      expect(count(after, 'pdf', 'corrupt') - count(before, 'pdf', 'corrupt')).toBe(1);
      expect(count(after, 'pdf', 'encrypted') - count(before, 'pdf', 'encrypted')).toBe(1);
      expect(count(after, 'docx', 'corrupt') - count(before, 'docx', 'corrupt')).toBe(1);
      // Still serving after all that.
      await call('read_file', { path: 'inbox/settings.json' }).expect(200);
    });

    it('cuts long text at maxChars and says so', async () => {
      const res = await call('read_file', { path: 'inbox/statement.pdf', maxChars: 40 }).expect(200);
      expect(res.body.result.text).toHaveLength(40);
      expect(res.body.result.truncated).toBe(true);
      expect(res.body.result.chars).toBeGreaterThan(40);
    });

    it('refuses a file over READ_MAX_BYTES with a clear error, before reading it', async () => {
      await putRaw(backend, 'unsorted', 'inbox/video.mp4', Buffer.alloc(3 * 1024 * 1024, 1));
      const res = await call('read_file', { path: 'inbox/video.mp4' }).expect(412);
      expect(res.body.error).toEqual({ code: 'failed_precondition', message: 'path: inbox/video.mp4 is 3.0 MiB, more than the 2.0 MiB limit (READ_MAX_BYTES)', reason: 'too_large' });
    });

    it('answers missing files and hostile paths with the field and the rule', async () => {
      const missing = await call('read_file', { path: 'inbox/nothing.pdf' }).expect(404);
      expect(missing.body.error).toEqual({ code: 'not_found', message: 'path: inbox/nothing.pdf does not exist in UNSORTED' });
      const traversal = await call('read_file', { path: '../../etc/passwd' }).expect(400);
      expect(traversal.body.error.message).toBe('path: must not contain . or .. segments');
      const viaMcp = await callMcp('read_file', { path: '/etc/passwd', root: 'vault' });
      expect(viaMcp.isError).toBe(true);
      expect(JSON.stringify(viaMcp.content)).toContain('path: must be relative to its root');
    });
  });

  describe('write_note', () => {
    const source = { kind: 'file', path: 'inbox/statement.pdf', hash: 'sha256:aaaa' };
    const note = (overrides: Record<string, unknown> = {}) => ({
      folder: STATEMENTS,
      title: '2026-03 Bank statement',
      frontMatter: { jd: '11.01', source, tags: ['bank', 'statement'] },
      body: '# March 2026\n\nOpening balance 2,410.37 EUR.\n',
      ...overrides,
    });

    it('creates the note with YAML front matter, and create refuses to write it twice', async () => {
      const created = await call('write_note', { ...note(), mode: 'create' }).expect(200);
      expect(created.body.result).toMatchObject({ path: `${STATEMENTS}/2026-03 Bank statement.md`, outcome: 'created', written: true });
      const text = (await getRaw(backend, 'vault', `${STATEMENTS}/2026-03 Bank statement.md`))?.toString() ?? '';
      expect(text).toMatch(/^---\ntitle: 2026-03 Bank statement\n/);
      expect(text).toContain('  path: inbox/statement.pdf\n');
      expect(text).toMatch(/\ncreated: \d{4}-\d\d-\d\dT/);
      expect(text.endsWith('---\n# March 2026\n\nOpening balance 2,410.37 EUR.\n')).toBe(true);

      const again = await call('write_note', { ...note(), mode: 'create' }).expect(409);
      expect(again.body.error.message).toBe(`title: ${STATEMENTS}/2026-03 Bank statement.md already holds the note for this source (use mode replace or skip-if-same)`);
    });

    it('skip-if-same writes nothing for the same source version, over MCP too, and counts it', async () => {
      const path = `${STATEMENTS}/2026-03 Bank statement.md`;
      const unchanged = async () => metricValue((await rest().get('/metrics')).text, 'fs_notes_written_total', { backend: kind, outcome: 'unchanged' });
      const countedBefore = await unchanged();
      const before = await getRaw(backend, 'vault', path);
      const first = await call('write_note', { ...note(), mode: 'skip-if-same' }).expect(200);
      expect(first.body.result).toMatchObject({ path, outcome: 'unchanged', written: false });
      const second = await callMcp('write_note', { ...note({ body: 'a retry whose classifier worded it differently' }), mode: 'skip-if-same' });
      expect(second.structuredContent).toMatchObject({ outcome: 'unchanged', written: false });
      expect(await getRaw(backend, 'vault', path)).toEqual(before);
      expect((await unchanged()) - countedBefore).toBe(2);
    });

    it('skip-if-same rewrites when the source changed, keeping the first created time; replace overwrites', async () => {
      const path = `${STATEMENTS}/2026-03 Bank statement.md`;
      const created = /\ncreated: (\S+)/.exec((await getRaw(backend, 'vault', path))?.toString() ?? '')?.[1];
      const changed = await call('write_note', { ...note({ frontMatter: { source: { ...source, hash: 'sha256:bbbb' } }, body: 'v2' }), mode: 'skip-if-same' }).expect(200);
      expect(changed.body.result).toMatchObject({ path, outcome: 'replaced', written: true });
      const text = (await getRaw(backend, 'vault', path))?.toString() ?? '';
      expect(text).toContain('hash: sha256:bbbb');
      expect(text).toContain(`created: ${created}`);
      expect(text.endsWith('---\nv2\n')).toBe(true);

      await call('write_note', { ...note({ body: 'v3' }), mode: 'replace' }).expect(200);
      expect((await getRaw(backend, 'vault', path))?.toString().endsWith('---\nv3\n')).toBe(true);
    });

    it('gives a note of another source with the same title its own file instead of overwriting', async () => {
      const other = await call('write_note', { ...note({ frontMatter: { source: { kind: 'file', path: 'inbox/other.pdf' } } }), mode: 'replace' }).expect(200);
      expect(other.body.result.path).toBe(`${STATEMENTS}/2026-03 Bank statement (2).md`);
      const retry = await call('write_note', { ...note({ frontMatter: { source: { kind: 'file', path: 'inbox/other.pdf' } } }), mode: 'skip-if-same' }).expect(200);
      expect(retry.body.result).toMatchObject({ path: `${STATEMENTS}/2026-03 Bank statement (2).md`, outcome: 'unchanged' });
      expect((await getRaw(backend, 'vault', `${STATEMENTS}/2026-03 Bank statement.md`))?.toString()).toContain('path: inbox/statement.pdf');
    });

    it('refuses folders outside the JD structure and sources without identity, naming the field', async () => {
      const flat = await call('write_note', note({ folder: 'Finance' })).expect(400);
      expect(flat.body.error.message).toMatch(/^folder: must be a JD ID folder/);
      const hidden = await call('write_note', note({ folder: '.obsidian/plugins/x' })).expect(400);
      expect(hidden.body.error.message).toBe('folder: must not contain hidden segments (names starting with .)');
      const anonymous = await call('write_note', note({ frontMatter: { source: { kind: 'file' } } })).expect(400);
      expect(anonymous.body.error.issues).toEqual([expect.objectContaining({ path: 'frontMatter.source.id', message: expect.stringContaining('needs id, path or url') })]);
    });
  });

  describe('move_to_vault', () => {
    let listed: UnsortedFile;

    beforeAll(async () => {
      await putRaw(backend, 'unsorted', 'scans/statement.pdf', readFileSync(join(FIXTURES, 'statement.pdf')));
      await putRaw(backend, 'vault', `${STATEMENTS}/statement.pdf`, 'a different file that is already there');
      listed = (await listAll()).find((file) => file.path === 'scans/statement.pdf') as UnsortedFile;
    });

    it('moves the original next to its note without overwriting a different file, and a retry finds it', async () => {
      const moved = await call('move_to_vault', { path: 'scans/statement.pdf', folder: STATEMENTS, hash: listed.hash }).expect(200);
      expect(moved.body.result).toEqual({
        from: 'scans/statement.pdf',
        path: `${STATEMENTS}/statement (2).pdf`,
        outcome: 'moved',
        renamed: true,
        size: listed.size,
        hash: listed.hash,
      });
      expect(await getRaw(backend, 'unsorted', 'scans/statement.pdf')).toBeUndefined();
      expect((await getRaw(backend, 'vault', `${STATEMENTS}/statement (2).pdf`))?.equals(readFileSync(join(FIXTURES, 'statement.pdf')))).toBe(true);
      expect((await getRaw(backend, 'vault', `${STATEMENTS}/statement.pdf`))?.toString()).toBe('a different file that is already there');

      const retry = await callMcp('move_to_vault', { path: 'scans/statement.pdf', folder: STATEMENTS, hash: listed.hash });
      expect(retry.structuredContent).toMatchObject({ outcome: 'already_moved', path: `${STATEMENTS}/statement (2).pdf` });
    });

    it('refuses a file that changed since it was listed and leaves it where it is', async () => {
      await putRaw(backend, 'unsorted', 'scans/changing.txt', 'version 1');
      const hash = (await listAll()).find((file) => file.path === 'scans/changing.txt')?.hash;
      await putRaw(backend, 'unsorted', 'scans/changing.txt', 'version 2, written after the listing');
      const res = await call('move_to_vault', { path: 'scans/changing.txt', folder: STATEMENTS, hash }).expect(409);
      expect(res.body.error.message).toMatch(/^hash: scans\/changing.txt changed since it was listed/);
      expect(res.body.error.reason).toBe('original_changed');
      expect((await getRaw(backend, 'unsorted', 'scans/changing.txt'))?.toString()).toBe('version 2, written after the listing');
      expect(await getRaw(backend, 'vault', `${STATEMENTS}/changing.txt`)).toBeUndefined();
    });

    it('answers a missing original with not_found and bad arguments with the field', async () => {
      const missing = await call('move_to_vault', { path: 'scans/never.pdf', folder: STATEMENTS }).expect(404);
      expect(missing.body.error.message).toBe('path: scans/never.pdf does not exist in UNSORTED');
      const badHash = await call('move_to_vault', { path: 'scans/never.pdf', folder: STATEMENTS, hash: 'md5:123' }).expect(400);
      expect(badHash.body.error.issues[0].path).toBe('hash');
      const badName = await call('move_to_vault', { path: 'scans/never.pdf', folder: STATEMENTS, name: 'a/b.pdf' }).expect(400);
      expect(badName.body.error.message).toBe('name: must be a file name, not a path');
    });
  });

  describe('list_vault', () => {
    it('lists notes under a JD number or a folder with their front matter, a page at a time', async () => {
      await putRaw(backend, 'vault', '10-19 Finance/12 Taxes/12.01 Returns/Tax return 2025.md', readFileSync(join(FIXTURES, 'tax-notes.md')));
      await putRaw(backend, 'vault', '10-19 Finance/12 Taxes/12.01 Returns/Broken.md', '---\ntitle: [unclosed\n---\nbody\n');
      await putRaw(backend, 'vault', '10-19 Finance/12 Taxes/12.01 Returns/receipt.pdf', '%PDF-1.4');

      const byId = await call('list_vault', { prefix: '12.01' }).expect(200);
      expect(byId.body.result.folder).toBe('10-19 Finance/12 Taxes/12.01 Returns');
      expect(byId.body.result.notes).toEqual([
        expect.objectContaining({ path: '10-19 Finance/12 Taxes/12.01 Returns/Broken.md', title: 'Broken', frontMatter: null, frontMatterError: expect.stringMatching(/^front matter is not valid YAML/) }),
        expect.objectContaining({ path: '10-19 Finance/12 Taxes/12.01 Returns/Tax return 2025.md', title: 'Tax return 2025', frontMatter: expect.objectContaining({ tags: ['tax', '2025'] }) }),
      ]);

      const area = await callMcp('list_vault', { prefix: '10-19', limit: 2 });
      const page = area.structuredContent as { notes: Array<{ path: string }>; nextCursor?: string };
      expect(page.notes).toHaveLength(2);
      const rest2 = await call('list_vault', { prefix: '10-19 Finance', cursor: page.nextCursor, limit: 50 }).expect(200);
      const all = [...page.notes, ...rest2.body.result.notes].map((n: { path: string }) => n.path);
      expect(all).toEqual(expect.arrayContaining([`${STATEMENTS}/2026-03 Bank statement.md`, `${STATEMENTS}/2026-03 Bank statement (2).md`]));
      expect(all).toHaveLength(4);
      expect(new Set(all).size).toBe(4);

      const none = await call('list_vault', { prefix: '31.01' }).expect(200);
      expect(none.body.result).toEqual({ folder: null, notes: [] });
    });
  });

  it('shows bytes read and written in /metrics', async () => {
    const metrics = (await rest().get('/metrics').expect(200)).text;
    expect(metricValue(metrics, 'fs_bytes_read_total', { backend: kind, root: 'unsorted' })).toBeGreaterThan(0);
    expect(metricValue(metrics, 'fs_bytes_written_total', { backend: kind, root: 'vault' })).toBeGreaterThan(0);
    expect(metricValue(metrics, 'mcp_requests_total', { tool: 'write_note', status: 'conflict' })).toBeGreaterThan(0);
  });
});
