import { BACKENDS, type BackendUnderTest, createBackend, getRaw, putRaw } from '../../test/support/backends';
import { hashBytes } from '../files/content-hash';
import { FileSystemMetrics } from '../metrics';
import type { FileInfo, FileRef, StorageBackend } from '../storage/storage';
import { OriginalChangedError, OriginalMover } from './original-mover';

const FOLDER = '10-19 Finance/13 Insurance/13.02 Car';
const POLICY = Buffer.from('%PDF-1.4 car insurance policy 2026');

/** The backend with one operation replaced, to play a failure at that point. */
function withFailing(storage: StorageBackend, overrides: Partial<StorageBackend>): StorageBackend {
  return Object.assign(Object.create(storage) as StorageBackend, overrides);
}

describe.each(BACKENDS)('OriginalMover on the %s backend', (kind) => {
  let backend: BackendUnderTest;
  let mover: OriginalMover;

  beforeEach(async () => {
    backend = await createBackend(kind);
    mover = new OriginalMover(backend.storage, new FileSystemMetrics(kind));
    await putRaw(backend, 'unsorted', 'policy.pdf', POLICY);
  });

  afterEach(async () => {
    await backend.storage.close();
    await backend.cleanup();
  });

  it('moves the file: in the vault afterwards, gone from UNSORTED', async () => {
    const result = await mover.move({ path: 'policy.pdf', folder: FOLDER, hash: hashBytes(POLICY) });
    expect(result).toEqual({ from: 'policy.pdf', path: `${FOLDER}/policy.pdf`, outcome: 'moved', renamed: false, size: POLICY.length, hash: hashBytes(POLICY) });
    expect((await getRaw(backend, 'vault', `${FOLDER}/policy.pdf`))?.equals(POLICY)).toBe(true);
    expect(await getRaw(backend, 'unsorted', 'policy.pdf')).toBeUndefined();
  });

  it('finishes a move that crashed after placing the copy, without a second copy', async () => {
    // What a crash between place and remove leaves: the file in both trees.
    await putRaw(backend, 'vault', `${FOLDER}/policy.pdf`, POLICY);
    const result = await mover.move({ path: 'policy.pdf', folder: FOLDER, hash: hashBytes(POLICY) });
    expect(result).toMatchObject({ path: `${FOLDER}/policy.pdf`, outcome: 'moved', renamed: false });
    expect(await getRaw(backend, 'unsorted', 'policy.pdf')).toBeUndefined();
    expect(await getRaw(backend, 'vault', `${FOLDER}/policy (2).pdf`)).toBeUndefined();
  });

  it('keeps the original when placing it fails', async () => {
    const failing = withFailing(backend.storage, {
      place: async () => {
        throw new Error('disk full');
      },
    });
    await expect(new OriginalMover(failing, new FileSystemMetrics(kind)).move({ path: 'policy.pdf', folder: FOLDER })).rejects.toThrow('disk full');
    expect((await getRaw(backend, 'unsorted', 'policy.pdf'))?.equals(POLICY)).toBe(true);
  });

  it('keeps the original, and removes the bad copy, when the placed copy is not the same file', async () => {
    const corrupting = withFailing(backend.storage, {
      place: async (_from: FileRef, to: FileRef): Promise<FileInfo> => backend.storage.write(to.root, to.path, Buffer.from('garbled in transit'), { overwrite: false }),
    });
    await expect(new OriginalMover(corrupting, new FileSystemMetrics(kind)).move({ path: 'policy.pdf', folder: FOLDER })).rejects.toThrow(OriginalChangedError);
    expect((await getRaw(backend, 'unsorted', 'policy.pdf'))?.equals(POLICY)).toBe(true);
    expect(await getRaw(backend, 'vault', `${FOLDER}/policy.pdf`)).toBeUndefined();
  });

  it('keeps the original when removing it from UNSORTED fails after the copy is placed', async () => {
    const stuck = withFailing(backend.storage, {
      remove: async () => {
        throw new Error('permission denied');
      },
    });
    await expect(new OriginalMover(stuck, new FileSystemMetrics(kind)).move({ path: 'policy.pdf', folder: FOLDER })).rejects.toThrow('permission denied');
    expect((await getRaw(backend, 'unsorted', 'policy.pdf'))?.equals(POLICY)).toBe(true);
    expect((await getRaw(backend, 'vault', `${FOLDER}/policy.pdf`))?.equals(POLICY)).toBe(true);
    // The retry completes the move.
    expect((await mover.move({ path: 'policy.pdf', folder: FOLDER })).outcome).toBe('moved');
    expect(await getRaw(backend, 'unsorted', 'policy.pdf')).toBeUndefined();
  });

  it('files under another name when asked, and tells a retry where the file went', async () => {
    const first = await mover.move({ path: 'policy.pdf', folder: FOLDER, name: '2026 Car policy.pdf', hash: hashBytes(POLICY) });
    expect(first.path).toBe(`${FOLDER}/2026 Car policy.pdf`);
    const retry = await mover.move({ path: 'policy.pdf', folder: FOLDER, name: '2026 Car policy.pdf', hash: hashBytes(POLICY) });
    expect(retry).toMatchObject({ outcome: 'already_moved', path: `${FOLDER}/2026 Car policy.pdf` });
  });
});
