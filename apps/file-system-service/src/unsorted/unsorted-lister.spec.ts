import { once } from 'node:events';
import { appendFile, open, utimes } from 'node:fs/promises';
import { join } from 'node:path';
import { BACKENDS, type BackendUnderTest, createBackend, putRaw } from '../../test/support/backends';
import { hashBytes } from '../files/content-hash';
import { FileSystemMetrics } from '../metrics';
import type { RootName, StorageBackend } from '../storage/storage';
import { UnsortedLister } from './unsorted-lister';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.each(BACKENDS)('UnsortedLister on the %s backend', (kind) => {
  let backend: BackendUnderTest;

  beforeEach(async () => {
    backend = await createBackend(kind);
  });

  afterEach(async () => {
    await backend.storage.close();
    await backend.cleanup();
  });

  it('lists a file only once it has not changed for the settle time', async () => {
    const lister = new UnsortedLister(backend.storage, new FileSystemMetrics(kind), 1_500);
    await putRaw(backend, 'unsorted', 'fresh.pdf', '%PDF-1.4 just arrived');
    const early = await lister.list({ limit: 10 });
    expect(early.files).toEqual([]);
    expect(early.skipped).toEqual({ incomplete: 0, settling: 1 });

    await sleep(2_100);
    const later = await lister.list({ limit: 10 });
    expect(later.files).toEqual([expect.objectContaining({ path: 'fresh.pdf', kind: 'pdf', hash: hashBytes('%PDF-1.4 just arrived') })]);
  });

  it('pages with a cursor that any instance can continue, never listing a file twice', async () => {
    const names = Array.from({ length: 7 }, (_, i) => `doc-${i}.txt`);
    for (const name of names) await putRaw(backend, 'unsorted', name, name);
    await putRaw(backend, 'unsorted', 'doc-3.txt.part', 'partial');
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      // A new lister per page: cursors carry all the state there is.
      const page = await new UnsortedLister(backend.storage, new FileSystemMetrics(kind), 0).list({ limit: 3, cursor });
      seen.push(...page.files.map((file) => file.path));
      cursor = page.nextCursor;
      pages += 1;
    } while (cursor !== undefined);
    expect(seen).toEqual(names);
    expect(pages).toBe(3);
  });
});

describe('UnsortedLister on a file still being written', () => {
  let backend: BackendUnderTest;

  beforeEach(async () => {
    backend = await createBackend('local');
  });

  afterEach(async () => {
    await backend.cleanup();
  });

  it('waits while a slow writer appends, then lists the whole file', async () => {
    const unsorted = backend.dirs?.unsorted as string;
    const file = join(unsorted, 'scan.pdf');
    const lister = new UnsortedLister(backend.storage, new FileSystemMetrics('local'), 400);
    const handle = await open(file, 'w');
    const chunks = 8;
    for (let i = 0; i < chunks; i += 1) {
      await handle.write(Buffer.alloc(64 * 1024, i));
      await handle.sync();
      const page = await lister.list({ limit: 10 });
      expect(page.files).toEqual([]);
      await sleep(150);
    }
    await handle.close();
    await sleep(600);
    const page = await lister.list({ limit: 10 });
    expect(page.files).toEqual([expect.objectContaining({ path: 'scan.pdf', size: chunks * 64 * 1024 })]);
  });

  it('does not trust a file whose contents change while it is being hashed', async () => {
    const unsorted = backend.dirs?.unsorted as string;
    const file = join(unsorted, 'growing.bin');
    await appendFile(file, Buffer.alloc(4 * 1024 * 1024, 1));
    // Old enough to look settled, but a writer is still at it: it appends as soon as the hashing starts.
    await utimes(file, new Date(Date.now() - 60_000), new Date(Date.now() - 60_000));
    const storage = backend.storage;
    const writerDuringHashing: StorageBackend = Object.create(storage, {
      open: {
        value: async (root: RootName, path: string) => {
          const opened = await storage.open(root, path);
          await once(opened.stream, 'readable');
          await appendFile(file, Buffer.alloc(1024, 2));
          return opened;
        },
      },
    }) as StorageBackend;
    const page = await new UnsortedLister(writerDuringHashing, new FileSystemMetrics('local'), 1_000).list({ limit: 10 });
    expect(page.files).toEqual([]);
    expect(page.skipped.settling).toBe(1);

    // Once the writer is done and the file has settled, it is listed with the hash of all of it.
    await utimes(file, new Date(Date.now() - 60_000), new Date(Date.now() - 60_000));
    const settled = await new UnsortedLister(storage, new FileSystemMetrics('local'), 1_000).list({ limit: 10 });
    expect(settled.files).toEqual([expect.objectContaining({ path: 'growing.bin', size: 4 * 1024 * 1024 + 1024 })]);
  });
});
