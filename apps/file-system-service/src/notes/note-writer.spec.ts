import { readdir } from 'node:fs/promises';
import { BACKENDS, type BackendUnderTest, createBackend, getRaw, putRaw } from '../../test/support/backends';
import { FileSystemMetrics } from '../metrics';
import { NoteExistsError, NoteWriter, type WriteNoteRequest } from './note-writer';

const FOLDER = '20-29 Work/21 Projects/21.01 Atlas';

describe.each(BACKENDS)('NoteWriter on the %s backend', (kind) => {
  let backend: BackendUnderTest;
  let writer: NoteWriter;

  beforeEach(async () => {
    backend = await createBackend(kind);
    writer = new NoteWriter(backend.storage, new FileSystemMetrics(kind), () => new Date('2026-04-01T08:00:00Z'));
  });

  afterEach(async () => {
    await backend.storage.close();
    await backend.cleanup();
  });

  const request = (overrides: Partial<WriteNoteRequest> = {}): WriteNoteRequest => ({
    folder: FOLDER,
    title: 'Status report',
    frontMatter: { source: { kind: 'confluence', id: '4711', hash: 'v7' }, tags: ['atlas'] },
    body: 'All green.',
    mode: 'skip-if-same',
    ...overrides,
  });

  async function notesInFolder(): Promise<string[]> {
    if (backend.dirs) return (await readdir(`${backend.dirs.vault}/${FOLDER}`)).sort();
    const names: string[] = [];
    for await (const info of backend.storage.list('vault', FOLDER)) names.push(info.path.slice(FOLDER.length + 1));
    return names;
  }

  it('writes one note when the same delivery arrives ten times at once', async () => {
    const results = await Promise.all(Array.from({ length: 10 }, () => writer.write(request())));
    expect(new Set(results.map((result) => result.path))).toEqual(new Set([`${FOLDER}/Status report.md`]));
    expect(results.filter((result) => result.outcome === 'created')).toHaveLength(1);
    expect(results.filter((result) => result.outcome === 'unchanged')).toHaveLength(9);
    expect(await notesInFolder()).toEqual(['Status report.md']);
  });

  it('gives each of many notes sharing a title its own file, written concurrently, and finds each again on a retry', async () => {
    const invoice = (n: number): WriteNoteRequest => request({ title: 'INVOICE', frontMatter: { source: { kind: 'file', id: `sha256:${n}` } }, body: `invoice ${n}` });
    const results = await Promise.all(Array.from({ length: 40 }, (_, n) => writer.write(invoice(n))));
    expect(results.every((result) => result.outcome === 'created')).toBe(true);
    const names = await notesInFolder();
    expect(names).toHaveLength(40);
    // The first twenty take the plain and numbered names; the rest a name derived from their source.
    expect(names.filter((name) => /^INVOICE( \((\d|1\d|20)\))?\.md$/.test(name))).toHaveLength(20);
    expect(names.filter((name) => /^INVOICE \([0-9a-f]{8}\)\.md$/.test(name))).toHaveLength(20);
    const again = await Promise.all(Array.from({ length: 40 }, (_, n) => writer.write(invoice(n))));
    expect(again.map((result) => result.outcome)).toEqual(Array(40).fill('unchanged'));
    expect(again.map((result) => result.path)).toEqual(results.map((result) => result.path));
  });

  it('still finds a note an earlier version filed under a number past twenty', async () => {
    for (let n = 1; n <= 30; n += 1) {
      const name = n === 1 ? 'INVOICE.md' : `INVOICE (${n}).md`;
      await putRaw(backend, 'vault', `${FOLDER}/${name}`, `---\ntitle: INVOICE\nsource:\n  kind: file\n  id: old-${n}\n---\nold ${n}\n`);
    }
    const result = await writer.write(request({ title: 'INVOICE', frontMatter: { source: { kind: 'file', id: 'old-27' } }, body: 'old 27', mode: 'replace' }));
    expect(result).toMatchObject({ path: `${FOLDER}/INVOICE (27).md`, outcome: 'replaced' });
  });

  it('never overwrites a note of the user with the same title, nor one whose front matter is broken', async () => {
    await putRaw(backend, 'vault', `${FOLDER}/Status report.md`, '# My own notes\n\nDo not touch.\n');
    await putRaw(backend, 'vault', `${FOLDER}/Status report (2).md`, '---\nsource: [broken\n---\nmine too\n');
    const result = await writer.write(request({ mode: 'replace' }));
    expect(result).toMatchObject({ path: `${FOLDER}/Status report (3).md`, outcome: 'created' });
    expect((await getRaw(backend, 'vault', `${FOLDER}/Status report.md`))?.toString()).toBe('# My own notes\n\nDo not touch.\n');
    expect((await getRaw(backend, 'vault', `${FOLDER}/Status report (2).md`))?.toString()).toBe('---\nsource: [broken\n---\nmine too\n');
  });

  it('without source hashes, skip-if-same compares what the note says, not how it is formatted', async () => {
    const plain = { source: { kind: 'file', path: 'inbox/atlas.txt' }, tags: ['a', 'b'], jd: '21.01' };
    expect((await writer.write(request({ frontMatter: plain, body: 'Line one\nLine two\n' }))).outcome).toBe('created');
    const reordered = { jd: '21.01', tags: ['a', 'b'], source: { path: 'inbox/atlas.txt', kind: 'file' }, updated: '2030-01-01T00:00:00Z' };
    expect((await writer.write(request({ frontMatter: reordered, body: 'Line one\r\nLine two' }))).outcome).toBe('unchanged');
    expect((await writer.write(request({ frontMatter: plain, body: 'Line one\nLine three\n' }))).outcome).toBe('replaced');
    expect((await getRaw(backend, 'vault', `${FOLDER}/Status report.md`))?.toString()).toContain('Line three');
  });

  it('create refuses an existing note of the same source; titles become safe file names', async () => {
    await writer.write(request({ mode: 'create' }));
    await expect(writer.write(request({ mode: 'create' }))).rejects.toThrow(NoteExistsError);
    const odd = await writer.write(request({ title: 'Q2: "Go/No-go" [final]?', frontMatter: { source: { kind: 'file', path: 'q2.txt' } }, mode: 'create' }));
    expect(odd.path).toBe(`${FOLDER}/Q2- -Go-No-go- -final--.md`);
    expect((await getRaw(backend, 'vault', odd.path))?.toString()).toMatch(/^---\ntitle: 'Q2: "Go\/No-go" \[final\]\?'\n/);
  });

  it('keeps the time a note was first written and stamps each rewrite', async () => {
    await writer.write(request());
    const later = new NoteWriter(backend.storage, new FileSystemMetrics(kind), () => new Date('2026-05-01T08:00:00Z'));
    await later.write(request({ frontMatter: { source: { kind: 'confluence', id: '4711', hash: 'v8' } } }));
    const text = (await getRaw(backend, 'vault', `${FOLDER}/Status report.md`))?.toString();
    expect(text).toContain('created: 2026-04-01T08:00:00.000Z');
    expect(text).toContain('updated: 2026-05-01T08:00:00.000Z');
  });
});
