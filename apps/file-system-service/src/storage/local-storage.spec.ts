import { execFileSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalStorage } from './local-storage';
import { type FileInfo, NotAFileError, StorageEscapeError } from './storage';
import { StorageUnavailableError } from './storage-unavailable.error';

async function collect(iterable: AsyncIterable<FileInfo>): Promise<string[]> {
  const paths: string[] = [];
  for await (const info of iterable) paths.push(info.path);
  return paths;
}

describe('LocalStorage', () => {
  let base: string;
  let vault: string;
  let unsorted: string;
  let outside: string;
  let storage: LocalStorage;

  beforeEach(async () => {
    base = await mkdtemp(join(tmpdir(), 'fs-local-spec-'));
    vault = join(base, 'vault');
    unsorted = join(base, 'unsorted');
    outside = join(base, 'outside');
    await Promise.all([mkdir(vault), mkdir(unsorted), mkdir(outside)]);
    await writeFile(join(outside, 'secret.txt'), 'top secret');
    storage = new LocalStorage({ vaultDir: vault, unsortedDir: unsorted, fsync: true });
  });

  afterEach(async () => {
    await rm(base, { recursive: true, force: true });
  });

  describe('symbolic links that lead outside a root', () => {
    it('refuses a file that is such a link, for reading, hashing, moving and removing', async () => {
      await symlink(join(outside, 'secret.txt'), join(unsorted, 'innocent.txt'));
      await expect(storage.read('unsorted', 'innocent.txt', { maxBytes: 1024 })).rejects.toThrow(StorageEscapeError);
      await expect(storage.read('unsorted', 'innocent.txt', { maxBytes: 1024 })).rejects.toThrow('innocent.txt leads outside UNSORTED through a symbolic link');
      await expect(storage.stat('unsorted', 'innocent.txt')).rejects.toThrow(StorageEscapeError);
      await expect(storage.open('unsorted', 'innocent.txt')).rejects.toThrow(StorageEscapeError);
      await expect(storage.place({ root: 'unsorted', path: 'innocent.txt' }, { root: 'vault', path: 'a/b/c/x.txt' })).rejects.toThrow(StorageEscapeError);
      await expect(storage.remove('unsorted', 'innocent.txt')).rejects.toThrow(StorageEscapeError);
      expect(await readFile(join(outside, 'secret.txt'), 'utf8')).toBe('top secret');
    });

    it('refuses paths through a parent folder that is such a link, and writes nothing outside', async () => {
      await symlink(outside, join(vault, '10-19 Finance'));
      await expect(storage.read('vault', '10-19 Finance/secret.txt', { maxBytes: 1024 })).rejects.toThrow(StorageEscapeError);
      await expect(storage.write('vault', '10-19 Finance/11 Banking/11.01 Statements/n.md', Buffer.from('x'), { overwrite: false })).rejects.toThrow(
        StorageEscapeError,
      );
      await expect(storage.write('vault', '10-19 Finance/new.md', Buffer.from('x'), { overwrite: true })).rejects.toThrow(StorageEscapeError);
      await expect(collect(storage.list('vault', '10-19 Finance'))).rejects.toThrow(StorageEscapeError);
      expect(await readdir(outside)).toEqual(['secret.txt']);
    });

    it('refuses dangling links to outside, as the file and as a parent, instead of writing through them', async () => {
      await symlink(join(outside, 'planted.md'), join(vault, 'note.md'));
      await symlink(join(outside, 'not-yet'), join(vault, 'folder'));
      await expect(storage.write('vault', 'note.md', Buffer.from('x'), { overwrite: true })).rejects.toThrow(StorageEscapeError);
      await expect(storage.write('vault', 'note.md', Buffer.from('x'), { overwrite: false })).rejects.toThrow(StorageEscapeError);
      await expect(storage.write('vault', 'folder/deeper/n.md', Buffer.from('x'), { overwrite: false })).rejects.toThrow(StorageEscapeError);
      expect(await readdir(outside)).toEqual(['secret.txt']);
    });

    it('refuses a root-relative path through a link to the parent of the root', async () => {
      await symlink('..', join(unsorted, 'up'));
      await expect(storage.read('unsorted', 'up/outside/secret.txt', { maxBytes: 1024 })).rejects.toThrow(StorageEscapeError);
    });

    it('follows links that stay inside the root, and lists no links at all', async () => {
      await mkdir(join(unsorted, 'real'));
      await writeFile(join(unsorted, 'real/doc.txt'), 'inside');
      await symlink(join(unsorted, 'real/doc.txt'), join(unsorted, 'alias.txt'));
      await symlink(outside, join(unsorted, 'elsewhere'));
      expect((await storage.read('unsorted', 'alias.txt', { maxBytes: 1024 })).data.toString()).toBe('inside');
      expect(await collect(storage.list('unsorted', ''))).toEqual(['real/doc.txt']);
    });
  });

  it('answers a named pipe or a folder with "not a regular file" at once instead of hanging', async () => {
    execFileSync('mkfifo', [join(unsorted, 'pipe')]);
    await mkdir(join(unsorted, 'folder.pdf'));
    await expect(storage.read('unsorted', 'pipe', { maxBytes: 1024 })).rejects.toThrow('pipe is a named pipe, not a regular file');
    await expect(storage.read('unsorted', 'folder.pdf', { maxBytes: 1024 })).rejects.toThrow(NotAFileError);
    await expect(storage.write('vault', 'pipe-free/x.md', Buffer.from('x'), { overwrite: true })).resolves.toBeDefined();
  });

  it('leaves no temp file behind, and hides temp files a crash left', async () => {
    await storage.write('vault', 'a/note.md', Buffer.from('one'), { overwrite: false });
    await storage.write('vault', 'a/note.md', Buffer.from('two'), { overwrite: true });
    expect(await readdir(join(vault, 'a'))).toEqual(['note.md']);
    await writeFile(join(vault, 'a/.0123456789abcdef.emm-tmp'), 'half a note');
    expect(await collect(storage.list('vault', ''))).toEqual(['a/note.md']);
  });

  it('is not ready, naming the variable, when a root is missing', async () => {
    const missing = new LocalStorage({ vaultDir: join(base, 'no-vault'), unsortedDir: unsorted, fsync: false });
    await expect(missing.check()).rejects.toThrow(StorageUnavailableError);
    await expect(missing.check()).rejects.toThrow(`VAULT_DIR ${join(base, 'no-vault')} is not available (ENOENT)`);
  });

  const shm = '/dev/shm';
  const otherDevice = existsSync(shm) && statSync(shm).dev !== statSync(tmpdir()).dev;
  (otherDevice ? it : it.skip)('places across file systems by copying, complete or not at all', async () => {
    const vaultElsewhere = await mkdtemp(join(shm, 'fs-vault-'));
    try {
      const crossDevice = new LocalStorage({ vaultDir: vaultElsewhere, unsortedDir: unsorted, fsync: true });
      const content = Buffer.alloc(3 * 1024 * 1024, 7);
      await writeFile(join(unsorted, 'scan.pdf'), content);
      const placed = await crossDevice.place({ root: 'unsorted', path: 'scan.pdf' }, { root: 'vault', path: 'a/b/scan.pdf' });
      expect(placed.size).toBe(content.length);
      expect((await readFile(join(vaultElsewhere, 'a/b/scan.pdf'))).equals(content)).toBe(true);
      expect(await readdir(join(vaultElsewhere, 'a/b'))).toEqual(['scan.pdf']);
    } finally {
      await rm(vaultElsewhere, { recursive: true, force: true });
    }
  });
});
