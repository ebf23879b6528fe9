import { BACKENDS, type BackendUnderTest, createBackend, getRaw, putRaw } from '../../test/support/backends';
import { FileTooLargeError, type FileInfo, StorageExistsError, StorageNotFoundError } from './storage';

async function collect(iterable: AsyncIterable<FileInfo>): Promise<string[]> {
  const paths: string[] = [];
  for await (const info of iterable) paths.push(info.path);
  return paths;
}

describe.each(BACKENDS)('storage contract: %s backend', (kind) => {
  let backend: BackendUnderTest;

  beforeEach(async () => {
    backend = await createBackend(kind);
  });

  afterEach(async () => {
    await backend.storage.close();
    await backend.cleanup();
  });

  it('writes a new file and reads it back with its size and time', async () => {
    const before = Date.now() - 2_000;
    const written = await backend.storage.write('vault', '10-19 Finance/11 Banking/Note.md', Buffer.from('# Note\n'), { overwrite: false });
    expect(written).toMatchObject({ path: '10-19 Finance/11 Banking/Note.md', size: 7 });

    const { info, data } = await backend.storage.read('vault', '10-19 Finance/11 Banking/Note.md', { maxBytes: 1024 });
    expect(data.toString()).toBe('# Note\n');
    expect(info.size).toBe(7);
    expect(info.modified.getTime()).toBeGreaterThan(before);
    expect((await backend.storage.stat('vault', '10-19 Finance/11 Banking/Note.md'))?.size).toBe(7);
    expect(await getRaw(backend, 'vault', '10-19 Finance/11 Banking/Note.md')).toEqual(Buffer.from('# Note\n'));
  });

  it('refuses to create over an existing file and leaves it as it was; replaces when asked', async () => {
    await putRaw(backend, 'vault', 'a/b/c/n.md', 'original');
    await expect(backend.storage.write('vault', 'a/b/c/n.md', Buffer.from('new'), { overwrite: false })).rejects.toBeInstanceOf(StorageExistsError);
    expect((await getRaw(backend, 'vault', 'a/b/c/n.md'))?.toString()).toBe('original');

    await backend.storage.write('vault', 'a/b/c/n.md', Buffer.from('replaced'), { overwrite: true });
    expect((await getRaw(backend, 'vault', 'a/b/c/n.md'))?.toString()).toBe('replaced');
  });

  it('reports missing files, and files over the size limit before reading them', async () => {
    expect(await backend.storage.stat('unsorted', 'nothing.pdf')).toBeUndefined();
    await expect(backend.storage.read('unsorted', 'nothing.pdf', { maxBytes: 10 })).rejects.toBeInstanceOf(StorageNotFoundError);
    await expect(backend.storage.open('unsorted', 'nothing.pdf')).rejects.toBeInstanceOf(StorageNotFoundError);

    await putRaw(backend, 'unsorted', 'big.bin', Buffer.alloc(4096, 1));
    const tooLarge = backend.storage.read('unsorted', 'big.bin', { maxBytes: 1024 });
    await expect(tooLarge).rejects.toBeInstanceOf(FileTooLargeError);
    await expect(tooLarge).rejects.toThrow('big.bin is 4.0 KiB, more than the 1.0 KiB limit (READ_MAX_BYTES)');
  });

  it('lists files in byte order, after a start path, without hidden names or other folders', async () => {
    for (const path of ['b.txt', 'a/z.txt', 'a-b.txt', 'A.txt', 'ä.txt', 'a/.hidden', '.dotfile', 'ab/c.txt']) await putRaw(backend, 'unsorted', path, path);
    expect(await collect(backend.storage.list('unsorted', ''))).toEqual(['A.txt', 'a-b.txt', 'a/z.txt', 'ab/c.txt', 'b.txt', 'ä.txt']);
    expect(await collect(backend.storage.list('unsorted', '', { startAfter: 'a/z.txt' }))).toEqual(['ab/c.txt', 'b.txt', 'ä.txt']);
    expect(await collect(backend.storage.list('unsorted', 'a'))).toEqual(['a/z.txt']);
    expect(await collect(backend.storage.list('unsorted', 'missing'))).toEqual([]);
    expect((await backend.storage.listFolders('unsorted', '')).sort()).toEqual(['a', 'ab']);
  });

  it('places a copy without touching the source, and never over an existing file', async () => {
    await putRaw(backend, 'unsorted', 'scan.pdf', '%PDF-1.4 scan');
    const placed = await backend.storage.place({ root: 'unsorted', path: 'scan.pdf' }, { root: 'vault', path: '10-19 F/11 B/11.01 S/scan.pdf' });
    expect(placed).toMatchObject({ path: '10-19 F/11 B/11.01 S/scan.pdf', size: 13 });
    expect((await getRaw(backend, 'vault', '10-19 F/11 B/11.01 S/scan.pdf'))?.toString()).toBe('%PDF-1.4 scan');
    expect((await getRaw(backend, 'unsorted', 'scan.pdf'))?.toString()).toBe('%PDF-1.4 scan');

    await putRaw(backend, 'unsorted', 'other.pdf', 'another file');
    await expect(backend.storage.place({ root: 'unsorted', path: 'other.pdf' }, { root: 'vault', path: '10-19 F/11 B/11.01 S/scan.pdf' })).rejects.toBeInstanceOf(
      StorageExistsError,
    );
    expect((await getRaw(backend, 'vault', '10-19 F/11 B/11.01 S/scan.pdf'))?.toString()).toBe('%PDF-1.4 scan');
    await expect(backend.storage.place({ root: 'unsorted', path: 'gone.pdf' }, { root: 'vault', path: 'x/gone.pdf' })).rejects.toBeInstanceOf(StorageNotFoundError);
  });

  it('removes files, and removing twice is fine', async () => {
    await putRaw(backend, 'unsorted', 'x/done.txt', 'done');
    await backend.storage.remove('unsorted', 'x/done.txt');
    await backend.storage.remove('unsorted', 'x/done.txt');
    expect(await getRaw(backend, 'unsorted', 'x/done.txt')).toBeUndefined();
  });

  it('is ready when both roots are usable', async () => {
    await expect(backend.storage.check()).resolves.toBeUndefined();
  });
});
