import { randomBytes } from 'node:crypto';
import { constants, type Dirent, type Stats } from 'node:fs';
import { access, copyFile, link, lstat, mkdir, open, readdir, readlink, realpath, rename, stat, unlink, type FileHandle } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import type { Readable } from 'node:stream';
import { baseName, comparePaths, joinPath, parentOf } from '../paths/relative-path';
import {
  type FileInfo,
  type FileRef,
  FileTooLargeError,
  NotAFileError,
  NotAFolderError,
  type RootName,
  type StorageBackend,
  StorageEscapeError,
  StorageExistsError,
  StorageNotFoundError,
  type WriteOptions,
} from './storage';
import { FolderSyncs } from './folder-syncs';
import { StorageUnavailableError } from './storage-unavailable.error';

export interface LocalStorageOptions {
  vaultDir: string;
  unsortedDir: string;
  /** fsync files and their folders after writes (durability across power loss). */
  fsync: boolean;
}

const ENV_NAMES: Record<RootName, string> = { vault: 'VAULT_DIR', unsorted: 'UNSORTED_DIR' };
// Hard links are how a place stays atomic and no-replace; these say the file system cannot make one here.
const NO_HARD_LINK = new Set(['EXDEV', 'EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS', 'EMLINK']);
const READ_FLAGS = constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK;
const CREATE_FLAGS = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW;

/**
 * The vault and UNSORTED as directories (hostPath, PVC, NFS). Containment:
 * every path is resolved with realpath and must stay under the root's real
 * path; files are opened with O_NOFOLLOW on the checked real path and the
 * opened descriptor is checked again through /proc, so a symbolic link
 * swapped in between check and use still cannot lead outside. Writes go to a
 * hidden temp file that is fsynced and then renamed (replace) or hard-linked
 * (no-replace) into place.
 */
export class LocalStorage implements StorageBackend {
  readonly kind = 'local' as const;
  private readonly dirs: Record<RootName, string>;
  private readonly realRoots = new Map<RootName, string>();
  private procFdAvailable: boolean | undefined;
  private readonly folderSyncs = new FolderSyncs((dir) => fsyncFolder(dir));

  constructor(private readonly options: LocalStorageOptions) {
    this.dirs = { vault: resolve(options.vaultDir), unsorted: resolve(options.unsortedDir) };
  }

  async *list(root: RootName, folder: string, options: { startAfter?: string } = {}): AsyncIterable<FileInfo> {
    const start = await this.resolveFolder(root, folder);
    if (start === undefined || !(await stat(start)).isDirectory()) return;
    const files: Array<{ path: string; abs: string }> = [];
    await this.walk(start, folder, files);
    files.sort((a, b) => comparePaths(a.path, b.path));
    for (const file of files) {
      if (options.startAfter !== undefined && comparePaths(file.path, options.startAfter) <= 0) continue;
      const stats = await lstat(file.abs).catch(() => undefined);
      // Gone since the walk, or replaced by something else: not a file to list.
      if (stats?.isFile()) yield toInfo(file.path, stats);
    }
  }

  async listFolders(root: RootName, folder: string): Promise<string[]> {
    const dir = await this.resolveFolder(root, folder);
    if (dir === undefined) return [];
    const entries = await readdir(dir, { withFileTypes: true }).catch(() => [] as Dirent[]);
    return entries
      .filter((entry) => entry.isDirectory() && !entry.name.startsWith('.'))
      .map((entry) => entry.name)
      .sort(comparePaths);
  }

  async stat(root: RootName, path: string): Promise<FileInfo | undefined> {
    const real = await this.resolveExisting(root, path);
    if (real === undefined) return undefined;
    const stats = await stat(real);
    if (!stats.isFile()) throw new NotAFileError(root, path, describe(stats));
    return toInfo(path, stats);
  }

  async read(root: RootName, path: string, { maxBytes }: { maxBytes: number }): Promise<{ info: FileInfo; data: Buffer }> {
    const { handle, stats } = await this.openFile(root, path);
    try {
      if (stats.size > maxBytes) throw new FileTooLargeError(root, path, stats.size, maxBytes);
      const data = await handle.readFile();
      // The file may grow between fstat and read; the limit is about what we hold.
      if (data.length > maxBytes) throw new FileTooLargeError(root, path, data.length, maxBytes);
      return { info: toInfo(path, stats), data };
    } finally {
      await handle.close();
    }
  }

  async open(root: RootName, path: string): Promise<{ info: FileInfo; stream: Readable }> {
    const { handle, stats } = await this.openFile(root, path);
    return { info: toInfo(path, stats), stream: handle.createReadStream({ autoClose: true }) };
  }

  async write(root: RootName, path: string, data: Buffer, { overwrite }: WriteOptions): Promise<FileInfo> {
    const dir = await this.ensureFolder(root, parentOf(path));
    const target = join(dir, baseName(path));
    await this.assertTargetContained(root, path, target);
    const temp = await this.writeTemp(dir, data);
    await this.commit(root, path, temp, target, overwrite);
    return toInfo(path, await lstat(target));
  }

  async place(from: FileRef, to: FileRef): Promise<FileInfo> {
    const source = await this.resolveEntry(from.root, from.path);
    if (source === undefined) throw new StorageNotFoundError(from.root, from.path);
    const sourceStats = await lstat(source);
    if (!sourceStats.isFile()) throw new NotAFileError(from.root, from.path, describe(sourceStats));
    const dir = await this.ensureFolder(to.root, parentOf(to.path));
    const target = join(dir, baseName(to.path));
    try {
      await link(source, target);
      await this.syncFolder(dir);
    } catch (error) {
      if (errorCode(error) === 'EEXIST') throw new StorageExistsError(to.root, to.path);
      if (!NO_HARD_LINK.has(errorCode(error) ?? '')) throw error;
      // Another file system (or one without hard links): copy to a temp file first, so a crash never leaves half a copy.
      const temp = await this.copyToTemp(dir, source);
      await this.commit(to.root, to.path, temp, target, false);
    }
    return toInfo(to.path, await lstat(target));
  }

  async remove(root: RootName, path: string): Promise<void> {
    const entry = await this.resolveEntry(root, path);
    if (entry === undefined) return;
    try {
      await unlink(entry);
    } catch (error) {
      if (errorCode(error) !== 'ENOENT') throw error;
    }
    await this.syncFolder(dirname(entry));
  }

  async check(): Promise<void> {
    for (const root of ['vault', 'unsorted'] as const) {
      const dir = await this.realRoot(root);
      if (!(await stat(dir)).isDirectory()) throw new StorageUnavailableError(`${ENV_NAMES[root]} ${this.dirs[root]} is not a directory`);
      await access(dir, constants.R_OK | constants.W_OK).catch(() => {
        throw new StorageUnavailableError(`${ENV_NAMES[root]} ${this.dirs[root]} is not readable and writable by this process`);
      });
    }
  }

  async close(): Promise<void> {}

  // ---- containment ----

  private async realRoot(root: RootName): Promise<string> {
    const cached = this.realRoots.get(root);
    if (cached !== undefined) return cached;
    try {
      const real = await realpath(this.dirs[root]);
      this.realRoots.set(root, real);
      return real;
    } catch (error) {
      throw new StorageUnavailableError(`${ENV_NAMES[root]} ${this.dirs[root]} is not available (${errorCode(error) ?? 'unknown error'})`);
    }
  }

  /**
   * The real path of an existing entry, inside its root; undefined when
   * nothing is there. Symbolic links are followed and checked, the file's own
   * as well as its parents'. Two calls in the common case (the parent's real
   * path, then the entry), which matters at hundreds of writes a second.
   */
  private async resolveExisting(root: RootName, path: string): Promise<string | undefined> {
    const base = await this.realRoot(root);
    const dir = await this.resolveFolder(root, parentOf(path), path);
    if (dir === undefined) return undefined;
    const entry = join(dir, baseName(path));
    const stats = await lstat(entry).catch((error: unknown) => {
      if (isMissing(error)) return undefined;
      throw error;
    });
    if (stats === undefined) return undefined;
    if (!stats.isSymbolicLink()) return entry;
    let real: string;
    try {
      real = await realpath(entry);
    } catch (error) {
      if (!isMissing(error)) throw error;
      // A dangling link is judged by where it points.
      if (!isInside(base, resolve(dir, await readlink(entry)))) throw new StorageEscapeError(root, path);
      return undefined;
    }
    if (!isInside(base, real)) throw new StorageEscapeError(root, path);
    return real;
  }

  /** The real path of a folder inside the root, or undefined when it does not exist; `path` is what errors name. */
  private async resolveFolder(root: RootName, folder: string, path = folder): Promise<string | undefined> {
    const base = await this.realRoot(root);
    if (folder === '') return base;
    let real: string;
    try {
      // The trailing slash makes a file answer ENOTDIR, so only a folder resolves.
      real = await realpath(`${join(base, folder)}/`);
    } catch (error) {
      if (!isMissing(error)) throw error;
      await this.assertMissingPathContained(root, base, folder, path);
      return undefined;
    }
    if (!isInside(base, real)) throw new StorageEscapeError(root, path);
    return real;
  }

  /**
   * The entry itself, not what a link at its place points to: the real
   * parent folder joined with the name. For removing and moving, where a
   * link must never stand in for its target.
   */
  private async resolveEntry(root: RootName, path: string): Promise<string | undefined> {
    const dir = await this.resolveFolder(root, parentOf(path), path);
    if (dir === undefined) return undefined;
    const entry = join(dir, baseName(path));
    const stats = await lstat(entry).catch((error: unknown) => {
      if (isMissing(error)) return undefined;
      throw error;
    });
    if (stats === undefined) return undefined;
    // A link is checked like any path: one that leads outside is refused even here.
    if (stats.isSymbolicLink()) await this.resolveExisting(root, path);
    return entry;
  }

  /**
   * A path that does not exist may still be a link to outside (a dangling one)
   * or lie under a parent that is: report the escape rather than "not found".
   */
  private async assertMissingPathContained(root: RootName, base: string, missing: string, path: string): Promise<void> {
    let current = missing;
    while (current !== '') {
      const lexical = join(base, current);
      const stats = await lstat(lexical).catch(() => undefined);
      if (stats?.isSymbolicLink()) {
        const target = resolve(dirname(lexical), await readlink(lexical));
        if (!isInside(base, target)) throw new StorageEscapeError(root, path);
      } else if (stats !== undefined) {
        const real = await realpath(lexical).catch(() => undefined);
        if (real !== undefined && !isInside(base, real)) throw new StorageEscapeError(root, path);
        return;
      }
      current = parentOf(current);
    }
  }

  private async openFile(root: RootName, path: string): Promise<{ handle: FileHandle; stats: Stats }> {
    const real = await this.resolveExisting(root, path);
    if (real === undefined) throw new StorageNotFoundError(root, path);
    let handle: FileHandle;
    try {
      handle = await open(real, READ_FLAGS);
    } catch (error) {
      // ELOOP: the checked path became a symbolic link before the open.
      if (errorCode(error) === 'ELOOP') throw new StorageEscapeError(root, path);
      if (isMissing(error)) throw new StorageNotFoundError(root, path);
      throw error;
    }
    try {
      await this.assertDescriptorContained(root, path, handle);
      const stats = await handle.stat();
      if (!stats.isFile()) throw new NotAFileError(root, path, describe(stats));
      return { handle, stats };
    } catch (error) {
      await handle.close();
      throw error;
    }
  }

  /** What was really opened, by its descriptor: catches a parent folder swapped for a link after the check. */
  private async assertDescriptorContained(root: RootName, path: string, handle: FileHandle): Promise<void> {
    if (this.procFdAvailable === false) return;
    let opened: string;
    try {
      opened = await readlink(`/proc/self/fd/${handle.fd}`);
      this.procFdAvailable = true;
    } catch {
      this.procFdAvailable = false;
      return;
    }
    if (!isInside(await this.realRoot(root), opened)) throw new StorageEscapeError(root, path);
  }

  /** The real path of `folder` inside the root, created when missing. */
  private async ensureFolder(root: RootName, folder: string): Promise<string> {
    let real = await this.resolveFolder(root, folder);
    if (real === undefined) {
      await mkdir(join(await this.realRoot(root), folder), { recursive: true }).catch((error: unknown) => {
        if (errorCode(error) === 'ENOTDIR' || errorCode(error) === 'EEXIST') throw new NotAFolderError(root, folder);
        throw error;
      });
      real = await this.resolveFolder(root, folder);
      if (real === undefined) throw new StorageNotFoundError(root, folder);
    }
    return real;
  }

  /** A write target may be a link (even a dangling one) to outside: refuse rather than replace it silently. */
  private async assertTargetContained(root: RootName, path: string, target: string): Promise<void> {
    const stats = await lstat(target).catch(() => undefined);
    if (stats?.isSymbolicLink()) await this.resolveExisting(root, path);
  }

  // ---- atomic writes ----

  /** A hidden temp file in `dir` holding `data`, fsynced; removed again if anything fails. */
  private async writeTemp(dir: string, data: Buffer): Promise<string> {
    const temp = tempPath(dir);
    const handle = await open(temp, CREATE_FLAGS, 0o666);
    try {
      await handle.writeFile(data);
      if (this.options.fsync) await handle.sync();
    } catch (error) {
      await handle.close().catch(() => undefined);
      await unlink(temp).catch(() => undefined);
      throw error;
    }
    await handle.close();
    return temp;
  }

  /** A hidden temp copy of `source` in `dir`, fsynced. */
  private async copyToTemp(dir: string, source: string): Promise<string> {
    const temp = tempPath(dir);
    try {
      await copyFile(source, temp, constants.COPYFILE_EXCL);
      if (this.options.fsync) {
        const handle = await open(temp, constants.O_RDONLY | constants.O_NOFOLLOW);
        await handle.sync().finally(() => handle.close());
      }
    } catch (error) {
      await unlink(temp).catch(() => undefined);
      throw error;
    }
    return temp;
  }

  /** Moves a finished temp file to `target`: rename replaces, a hard link never does. */
  private async commit(root: RootName, path: string, temp: string, target: string, overwrite: boolean): Promise<void> {
    try {
      if (overwrite) {
        await rename(temp, target).catch((error: unknown) => {
          if (errorCode(error) === 'EISDIR' || errorCode(error) === 'ENOTEMPTY') throw new NotAFileError(root, path, 'a folder');
          throw error;
        });
      } else {
        await this.linkNoReplace(root, path, temp, target);
        await unlink(temp);
      }
    } catch (error) {
      await unlink(temp).catch(() => undefined);
      throw error;
    }
    await this.syncFolder(dirname(target));
  }

  private async linkNoReplace(root: RootName, path: string, temp: string, target: string): Promise<void> {
    try {
      await link(temp, target);
    } catch (error) {
      if (errorCode(error) === 'EEXIST') throw new StorageExistsError(root, path);
      if (!NO_HARD_LINK.has(errorCode(error) ?? '')) throw error;
      // No hard links on this file system (some SMB/FUSE mounts): check, then rename. Not race-free, the best it allows.
      const existing = await lstat(target).catch(() => undefined);
      if (existing !== undefined) throw new StorageExistsError(root, path);
      await rename(temp, target);
    }
  }

  private async syncFolder(dir: string): Promise<void> {
    if (this.options.fsync) await this.folderSyncs.sync(dir);
  }

  private async walk(dir: string, relative: string, out: Array<{ path: string; abs: string }>): Promise<void> {
    const entries = await readdir(dir, { withFileTypes: true }).catch((error: unknown) => {
      if (isMissing(error)) return [] as Dirent[];
      throw error;
    });
    for (const entry of entries) {
      // Hidden names (dotfiles, our temp files, .obsidian, .trash) are never listed; links are not followed.
      if (entry.name.startsWith('.')) continue;
      const path = joinPath(relative, entry.name);
      const abs = join(dir, entry.name);
      if (entry.isDirectory()) await this.walk(abs, path, out);
      else if (entry.isFile()) out.push({ path, abs });
    }
  }
}

async function fsyncFolder(dir: string): Promise<void> {
  const handle = await open(dir, constants.O_RDONLY | constants.O_DIRECTORY);
  try {
    await handle.sync();
  } catch (error) {
    // Some file systems (and NFS clients) refuse fsync on a directory; the file itself was synced.
    if (errorCode(error) !== 'EINVAL' && errorCode(error) !== 'EBADF') throw error;
  } finally {
    await handle.close();
  }
}

function tempPath(dir: string): string {
  return join(dir, `.${randomBytes(8).toString('hex')}.emm-tmp`);
}

function toInfo(path: string, stats: Stats): FileInfo {
  return { path, size: stats.size, modified: stats.mtime, version: `${stats.ino}:${stats.size}:${stats.mtimeMs}` };
}

function isInside(base: string, candidate: string): boolean {
  return candidate === base || candidate.startsWith(base.endsWith(sep) ? base : base + sep);
}

function describe(stats: Stats): string {
  if (stats.isDirectory()) return 'a folder';
  if (stats.isSymbolicLink()) return 'a symbolic link';
  if (stats.isFIFO()) return 'a named pipe';
  if (stats.isSocket()) return 'a socket';
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return 'a device';
  return 'not a regular file';
}

function errorCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : undefined;
}

function isMissing(error: unknown): boolean {
  const code = errorCode(error);
  return code === 'ENOENT' || code === 'ENOTDIR';
}
