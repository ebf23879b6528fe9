import { inField } from '../field-error';
import { hashStream } from '../files/content-hash';
import type { FileSystemMetrics } from '../metrics';
import { candidateName } from '../paths/note-name';
import { baseName, joinPath, parseRelativePath, PathRuleError, splitExtension } from '../paths/relative-path';
import { type FileInfo, NotAFileError, type RootName, type StorageBackend, StorageExistsError, StorageNotFoundError } from '../storage/storage';
import { NoteWriter } from './note-writer';

export interface MoveRequest {
  /** The original, relative to UNSORTED. */
  path: string;
  /** The JD ID folder of its note, relative to the vault. */
  folder: string;
  /** The hash list_unsorted reported: the move refuses a file that changed since, and a retry recognises the file it moved. */
  hash?: string;
  /** A file name to use instead of the original's. */
  name?: string;
}

export interface MoveResult {
  from: string;
  path: string;
  outcome: 'moved' | 'already_moved';
  /** The name was taken by a different file, so a ` (2)`-style suffix was added. */
  renamed: boolean;
  size: number;
  hash: string;
}

/** The file in UNSORTED is not the one the caller listed (its hash differs). */
export class OriginalChangedError extends Error {
  override readonly name = 'OriginalChangedError';
}

const MAX_CANDIDATES = 100;
const MAX_RACES = 5;

/**
 * Moves originals from UNSORTED into the vault next to their notes. The file
 * is placed first (a hard link or a conditional copy, never over another
 * file), checked, and only then removed from UNSORTED: whatever fails or
 * crashes on the way, the original is in UNSORTED, in the vault, or in both —
 * never lost. A retry after a success finds the file in the vault by its hash.
 */
export class OriginalMover {
  constructor(
    private readonly storage: StorageBackend,
    private readonly metrics: FileSystemMetrics,
  ) {}

  async move(request: MoveRequest, signal?: AbortSignal): Promise<MoveResult> {
    const from = inField('path', () => parseRelativePath(request.path));
    const folder = inField('folder', () => NoteWriter.parseFolder(request.folder));
    const name = request.name === undefined ? baseName(from) : inField('name', () => parseFileName(request.name as string));
    const { stem, extension } = splitExtension(name);
    const candidates = (attempt: number) => joinPath(folder, candidateName(stem, attempt, extension));

    const source = await this.storage.stat('unsorted', from);
    if (source === undefined) {
      const placed = request.hash === undefined ? undefined : await this.findPlaced(candidates, request.hash, signal);
      if (placed === undefined) throw new StorageNotFoundError('unsorted', from);
      this.metrics.original('already_moved');
      return { from, path: placed.path, outcome: 'already_moved', renamed: placed.path !== candidates(1), size: placed.size, hash: request.hash as string };
    }
    const hash = await this.hashOf('unsorted', from, signal);
    if (request.hash !== undefined && request.hash !== hash) {
      throw new OriginalChangedError(`${from} changed since it was listed: its hash is now ${hash}`);
    }

    let races = 0;
    for (let attempt = 1; attempt <= MAX_CANDIDATES; attempt += 1) {
      const target = candidates(attempt);
      let existing: FileInfo | undefined;
      try {
        existing = await this.storage.stat('vault', target);
      } catch (error) {
        if (error instanceof NotAFileError) continue;
        throw error;
      }
      if (existing !== undefined) {
        // Placed by an earlier attempt that did not get to remove the original.
        if (existing.size === source.size && (await this.hashOf('vault', target, signal)) === hash) return this.finish(from, target, attempt, source.size, hash);
        continue;
      }
      let placed: FileInfo;
      try {
        placed = await this.storage.place({ root: 'unsorted', path: from }, { root: 'vault', path: target });
      } catch (error) {
        if (error instanceof StorageExistsError && races++ < MAX_RACES) {
          attempt -= 1;
          continue;
        }
        throw error;
      }
      // The same version (a hard link, an S3 copy) needs no second look; anything else is checked byte for byte.
      if (placed.version !== source.version && (await this.hashOf('vault', target, signal)) !== hash) {
        await this.storage.remove('vault', target);
        throw new OriginalChangedError(`${from} changed while it was being moved; it is still in UNSORTED`);
      }
      this.metrics.written('vault', source.size);
      return this.finish(from, target, attempt, source.size, hash);
    }
    throw new StorageExistsError('vault', candidates(1));
  }

  private async finish(from: string, target: string, attempt: number, size: number, hash: string): Promise<MoveResult> {
    await this.storage.remove('unsorted', from);
    this.metrics.original('moved');
    return { from, path: target, outcome: 'moved', renamed: attempt > 1, size, hash };
  }

  /** Where an earlier call put a file with this hash, looking at the names it would have used. */
  private async findPlaced(candidates: (attempt: number) => string, hash: string, signal?: AbortSignal): Promise<FileInfo | undefined> {
    for (let attempt = 1; attempt <= MAX_CANDIDATES; attempt += 1) {
      const info = await this.storage.stat('vault', candidates(attempt)).catch((error: unknown) => {
        if (error instanceof NotAFileError) return null;
        throw error;
      });
      if (info === undefined) return undefined;
      if (info !== null && (await this.hashOf('vault', info.path, signal)) === hash) return info;
    }
    return undefined;
  }

  private async hashOf(root: RootName, path: string, signal?: AbortSignal): Promise<string> {
    const { stream } = await this.storage.open(root, path);
    const { hash, size } = await hashStream(stream, signal);
    this.metrics.read(root, size);
    return hash;
  }
}

/** A file name given by the caller: one path segment. */
function parseFileName(name: string): string {
  const parsed = parseRelativePath(name);
  if (parsed.includes('/')) throw new PathRuleError('must be a file name, not a path');
  return parsed;
}
