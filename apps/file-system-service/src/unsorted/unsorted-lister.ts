import { inField } from '../field-error';
import { decodeCursor, encodeCursor } from '../paths/cursor';
import { detectKind, type FileKind } from '../extraction/file-kind';
import { hashStream } from '../files/content-hash';
import { HashCache } from '../files/hash-cache';
import { mapConcurrent } from '../files/map-concurrent';
import { mediaTypeOf } from '../files/media-type';
import type { FileSystemMetrics } from '../metrics';
import { baseName } from '../paths/relative-path';
import type { FileInfo, StorageBackend } from '../storage/storage';
import { isIncompleteOrClutter } from './incomplete-files';

export interface UnsortedFile {
  path: string;
  name: string;
  size: number;
  modified: Date;
  hash: string;
  kind: FileKind;
  mediaType: string;
}

export interface UnsortedPage {
  files: UnsortedFile[];
  /** Present while there is more to list; a page may hold fewer than `limit` files. */
  nextCursor?: string;
  skipped: { incomplete: number; settling: number };
}

const HASH_CONCURRENCY = 4;
/** Enough of the start of a file to tell what it is. */
const HEAD_BYTES = 8192;

/**
 * Pages through UNSORTED in path order. Leaves out what is not a document
 * yet: temp and partial downloads, and files still being written — changed
 * within the settle time, or changing while they are hashed.
 */
export class UnsortedLister {
  constructor(
    private readonly storage: StorageBackend,
    private readonly metrics: FileSystemMetrics,
    private readonly settleMs: number,
    private readonly cache = new HashCache(),
    private readonly now: () => number = Date.now,
  ) {}

  async list(options: { cursor?: string; limit: number }, signal?: AbortSignal): Promise<UnsortedPage> {
    const after = options.cursor === undefined ? undefined : inField('cursor', () => decodeCursor(options.cursor as string));
    const skipped = { incomplete: 0, settling: 0 };
    const candidates: FileInfo[] = [];
    let lastExamined: string | undefined;
    let more = false;
    for await (const info of this.storage.list('unsorted', '', { startAfter: after })) {
      signal?.throwIfAborted();
      if (candidates.length === options.limit) {
        more = true;
        break;
      }
      lastExamined = info.path;
      if (isIncompleteOrClutter(baseName(info.path))) skipped.incomplete += 1;
      else if (this.now() - info.modified.getTime() < this.settleMs) skipped.settling += 1;
      else candidates.push(info);
    }
    const described = await mapConcurrent(candidates, HASH_CONCURRENCY, (info) => this.describe(info, signal));
    const files = described.filter((file): file is UnsortedFile => file !== undefined);
    skipped.settling += described.length - files.length;
    return { files, nextCursor: more && lastExamined !== undefined ? encodeCursor(lastExamined) : undefined, skipped };
  }

  /** Hash and kind of a settled file; undefined when it vanished or changed meanwhile (it is still being written). */
  private async describe(info: FileInfo, signal?: AbortSignal): Promise<UnsortedFile | undefined> {
    const key = `${info.path}\0${info.version}`;
    let known = this.cache.get(key);
    if (known === undefined) {
      const measured = await this.measure(info, signal);
      if (measured === undefined) return undefined;
      known = `${measured.hash} ${measured.kind}`;
      this.cache.set(key, known);
    }
    const [hash, kind] = known.split(' ') as [string, FileKind];
    const name = baseName(info.path);
    return { path: info.path, name, size: info.size, modified: info.modified, hash, kind, mediaType: mediaTypeOf(name, kind) };
  }

  private async measure(info: FileInfo, signal?: AbortSignal): Promise<{ hash: string; kind: FileKind } | undefined> {
    let opened;
    try {
      opened = await this.storage.open('unsorted', info.path);
    } catch {
      return undefined;
    }
    if (opened.info.version !== info.version) {
      opened.stream.destroy();
      return undefined;
    }
    const head: Buffer[] = [];
    let headLength = 0;
    const { hash, size } = await hashStream(opened.stream, signal, (chunk) => {
      if (headLength < HEAD_BYTES) {
        head.push(chunk);
        headLength += chunk.length;
      }
    });
    this.metrics.read('unsorted', size);
    const after = await this.storage.stat('unsorted', info.path).catch(() => undefined);
    if (size !== info.size || after?.version !== info.version) return undefined;
    return { hash, kind: detectKind(baseName(info.path), Buffer.concat(head).subarray(0, HEAD_BYTES)) };
  }
}
