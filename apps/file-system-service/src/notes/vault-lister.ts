import { safeParseJdId } from '@emm/jd';
import { splitFrontMatter } from '../extraction/front-matter';
import { inField, inFieldAsync } from '../field-error';
import { mapConcurrent } from '../files/map-concurrent';
import type { FileSystemMetrics } from '../metrics';
import { decodeCursor, encodeCursor } from '../paths/cursor';
import { jdLevels, jdNumberOf } from '../paths/jd-folder';
import { NOTE_EXTENSION } from '../paths/note-name';
import { baseName, joinPath, parseRelativePath } from '../paths/relative-path';
import { type FileInfo, FileTooLargeError, type StorageBackend, StorageNotFoundError } from '../storage/storage';

export interface VaultNote {
  path: string;
  title: string;
  size: number;
  modified: Date;
  /** null when the note has none, or it is not valid YAML (see frontMatterError). */
  frontMatter: Record<string, unknown> | null;
  frontMatterError?: string;
}

export interface VaultPage {
  /** The folder listed, relative to the vault; null when a JD number has no folder in the vault (yet). */
  folder: string | null;
  notes: VaultNote[];
  nextCursor?: string;
}

const READ_CONCURRENCY = 8;
const MAX_NOTE_BYTES = 16 * 1024 * 1024;

/** Lists the notes (Markdown files) under a vault folder or JD number, with their front matter. */
export class VaultLister {
  constructor(
    private readonly storage: StorageBackend,
    private readonly metrics: FileSystemMetrics,
  ) {}

  /**
   * `prefix`: a JD number (`10-19`, `11`, `11.01`), looked up by the folder
   * names' leading numbers, or a folder path; '' for the whole vault.
   */
  async resolvePrefix(prefix: string): Promise<string | null> {
    const trimmed = prefix.trim();
    const jd = trimmed === '' ? undefined : safeParseJdId(trimmed);
    if (jd === undefined || !jd.ok) return parseRelativePath(prefix, { folder: true });
    let folder = '';
    for (const number of jdLevels(jd.value)) {
      const match = (await this.storage.listFolders('vault', folder)).find((name) => jdNumberOf(name) === number);
      if (match === undefined) return null;
      folder = joinPath(folder, match);
    }
    return folder;
  }

  async list(options: { prefix: string; cursor?: string; limit: number }): Promise<VaultPage> {
    const after = options.cursor === undefined ? undefined : inField('cursor', () => decodeCursor(options.cursor as string));
    const folder = await inFieldAsync('prefix', () => this.resolvePrefix(options.prefix));
    if (folder === null) return { folder, notes: [] };
    const found: FileInfo[] = [];
    let more = false;
    for await (const info of this.storage.list('vault', folder, { startAfter: after })) {
      if (!info.path.toLowerCase().endsWith(NOTE_EXTENSION)) continue;
      if (found.length === options.limit) {
        more = true;
        break;
      }
      found.push(info);
    }
    const notes = await mapConcurrent(found, READ_CONCURRENCY, (info) => this.describe(info));
    const present = notes.filter((note): note is VaultNote => note !== undefined);
    return { folder, notes: present, nextCursor: more ? encodeCursor(found[found.length - 1].path) : undefined };
  }

  private async describe(info: FileInfo): Promise<VaultNote | undefined> {
    const fileTitle = baseName(info.path).slice(0, -NOTE_EXTENSION.length);
    let data: Buffer;
    try {
      ({ data } = await this.storage.read('vault', info.path, { maxBytes: MAX_NOTE_BYTES }));
    } catch (error) {
      if (error instanceof StorageNotFoundError) return undefined; // removed since it was listed
      if (error instanceof FileTooLargeError) {
        return { path: info.path, title: fileTitle, size: info.size, modified: info.modified, frontMatter: null, frontMatterError: error.message };
      }
      throw error;
    }
    this.metrics.read('vault', data.length);
    const note = splitFrontMatter(data.toString('utf8'));
    const title = note.frontMatter?.title;
    return {
      path: info.path,
      title: typeof title === 'string' && title.trim() !== '' ? title : fileTitle,
      size: info.size,
      modified: info.modified,
      frontMatter: note.frontMatter ?? null,
      frontMatterError: note.error,
    };
  }
}
