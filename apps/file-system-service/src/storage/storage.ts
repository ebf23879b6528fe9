import type { Readable } from 'node:stream';

/** The two trees this service owns. Every path is relative to one of them. */
export type RootName = 'vault' | 'unsorted';

export const ROOT_NAMES: readonly RootName[] = ['vault', 'unsorted'];

/** How messages name the roots. */
export const ROOT_LABELS: Record<RootName, string> = { vault: 'the vault', unsorted: 'UNSORTED' };

export interface FileInfo {
  /** Relative to its root, `/`-separated. */
  path: string;
  size: number;
  modified: Date;
  /** Changes whenever the content may have: local `inode:size:mtime`, S3 the ETag. */
  version: string;
}

export interface FileRef {
  root: RootName;
  path: string;
}

export interface WriteOptions {
  /** false: fail with StorageExistsError instead of replacing a file already there. */
  overwrite: boolean;
}

/**
 * What the tools need from a storage backend. Both backends keep the same
 * contract (one test suite runs against each): paths arrive already checked
 * by parseRelativePath, hidden names are never listed, writes are atomic
 * (a reader sees the old or the new content, never part of one), and a place
 * never replaces an existing file.
 */
export interface StorageBackend {
  readonly kind: 'local' | 's3';

  /** Files under `folder` ('' = the whole root) in comparePaths order, starting after `startAfter`. */
  list(root: RootName, folder: string, options?: { startAfter?: string }): AsyncIterable<FileInfo>;
  /** Names of the direct sub-folders of `folder`. */
  listFolders(root: RootName, folder: string): Promise<string[]>;
  /** undefined when there is no file at `path`. */
  stat(root: RootName, path: string): Promise<FileInfo | undefined>;
  /** The whole file; FileTooLargeError beyond `maxBytes` (checked before reading). */
  read(root: RootName, path: string, options: { maxBytes: number }): Promise<{ info: FileInfo; data: Buffer }>;
  /** The file as a stream, for hashing large files without holding them. */
  open(root: RootName, path: string): Promise<{ info: FileInfo; stream: Readable }>;
  /** Writes `data` atomically; creates missing folders. */
  write(root: RootName, path: string, data: Buffer, options: WriteOptions): Promise<FileInfo>;
  /**
   * Puts a copy of `from` at `to` (for local storage a hard link where it can),
   * never replacing a file at `to` (StorageExistsError). The copy is complete
   * or absent: never partial. `from` stays where it is; remove it once placed.
   */
  place(from: FileRef, to: FileRef): Promise<FileInfo>;
  remove(root: RootName, path: string): Promise<void>;
  /** Throws with a human reason when the storage cannot be used (readiness). */
  check(): Promise<void>;
  close(): Promise<void>;
}

/** Base of the failures a tool turns into a ToolError; `path` is the one the caller gave. */
export abstract class StorageError extends Error {
  constructor(
    readonly root: RootName,
    readonly path: string,
    message: string,
  ) {
    super(message);
  }
}

export class StorageNotFoundError extends StorageError {
  override readonly name = 'StorageNotFoundError';
  constructor(root: RootName, path: string) {
    super(root, path, `${path} does not exist in ${ROOT_LABELS[root]}`);
  }
}

export class StorageExistsError extends StorageError {
  override readonly name = 'StorageExistsError';
  constructor(root: RootName, path: string) {
    super(root, path, `${path} already exists in ${ROOT_LABELS[root]}`);
  }
}

/** A symbolic link (the file or a parent folder) that leads outside its root. */
export class StorageEscapeError extends StorageError {
  override readonly name = 'StorageEscapeError';
  constructor(root: RootName, path: string) {
    super(root, path, `${path} leads outside ${ROOT_LABELS[root]} through a symbolic link`);
  }
}

/** A folder, a device, a socket: anything but a regular file where one is needed. */
export class NotAFileError extends StorageError {
  override readonly name = 'NotAFileError';
  constructor(root: RootName, path: string, what: string) {
    super(root, path, `${path} is ${what}, not a regular file`);
  }
}

/** A file stands where a folder is needed. */
export class NotAFolderError extends StorageError {
  override readonly name = 'NotAFolderError';
  constructor(root: RootName, path: string) {
    super(root, path, `${path} is a file, not a folder`);
  }
}

export class FileTooLargeError extends StorageError {
  override readonly name = 'FileTooLargeError';
  constructor(
    root: RootName,
    path: string,
    readonly size: number,
    readonly limit: number,
  ) {
    super(root, path, `${path} is ${formatBytes(size)}, more than the ${formatBytes(limit)} limit (READ_MAX_BYTES)`);
  }
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}

/** Temp files the backends write next to their target; hidden, so listings never show them. */
export function isTempName(name: string): boolean {
  return name.startsWith('.') && name.endsWith('.emm-tmp');
}
