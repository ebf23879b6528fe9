import { renderNote, splitFrontMatter, type SplitNote } from '../extraction/front-matter';
import { inField } from '../field-error';
import type { FileSystemMetrics } from '../metrics';
import { assertJdFolder } from '../paths/jd-folder';
import { candidateName, noteStem } from '../paths/note-name';
import { joinPath, parseRelativePath } from '../paths/relative-path';
import { FileTooLargeError, NotAFileError, type StorageBackend, StorageExistsError, StorageNotFoundError } from '../storage/storage';
import { noteContentHash, sourceHash, sourceIdentity } from './note-identity';

export type WriteMode = 'create' | 'replace' | 'skip-if-same';
export type WriteOutcome = 'created' | 'replaced' | 'unchanged';

export interface WriteNoteRequest {
  /** The JD ID folder, relative to the vault root. */
  folder: string;
  /** Becomes the file name (made safe) and, unless frontMatter has one, the `title`. */
  title: string;
  frontMatter: Record<string, unknown>;
  body: string;
  mode: WriteMode;
}

export interface WriteNoteResult {
  path: string;
  outcome: WriteOutcome;
  written: boolean;
  bytes: number;
  contentHash: string;
}

/** The note of this source already exists and mode is `create`. */
export class NoteExistsError extends Error {
  override readonly name = 'NoteExistsError';
  constructor(readonly path: string) {
    super(`${path} already holds the note for this source (use mode replace or skip-if-same)`);
  }
}

/** Every candidate name is taken by notes of other sources. */
export class NoNameLeftError extends Error {
  override readonly name = 'NoNameLeftError';
}

const MAX_CANDIDATES = 100;
const MAX_NOTE_BYTES = 16 * 1024 * 1024;
const MAX_RACES = 5;

/**
 * Writes notes into the vault, idempotently by source. A note's file is
 * `<folder>/<title>.md`; when that name belongs to another source's note (or
 * to a note of the user's own), `<title> (2).md` and so on are tried, and the
 * first one that is free or already this source's note is used — so a retry
 * finds the note it wrote before instead of making a second one.
 */
export class NoteWriter {
  constructor(
    private readonly storage: StorageBackend,
    private readonly metrics: FileSystemMetrics,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Checks and normalises `folder`; PathRuleError names the rule. */
  static parseFolder(folder: string): string {
    const parsed = parseRelativePath(folder, { folder: true });
    assertJdFolder(parsed);
    return parsed;
  }

  async write(request: WriteNoteRequest): Promise<WriteNoteResult> {
    const folder = inField('folder', () => NoteWriter.parseFolder(request.folder));
    const stem = inField('title', () => noteStem(request.title));
    const frontMatter: Record<string, unknown> = { title: request.title, ...request.frontMatter };
    const identity = sourceIdentity(frontMatter.source);
    const contentHash = noteContentHash(frontMatter, request.body);

    let races = 0;
    for (let attempt = 1; attempt <= MAX_CANDIDATES; attempt += 1) {
      const path = joinPath(folder, candidateName(stem, attempt));
      let existing: SplitNote | undefined;
      try {
        existing = await this.readNote(path);
      } catch (error) {
        // A folder, a device or a huge file by that name is no note of ours: try the next name.
        if (error instanceof NotAFileError || error instanceof FileTooLargeError) continue;
        throw error;
      }
      if (existing === undefined) {
        try {
          return await this.put(path, frontMatter, request.body, contentHash, 'created', undefined);
        } catch (error) {
          // Someone created it a moment ago (a concurrent retry of the same job?): look at it again.
          if (error instanceof StorageExistsError && races++ < MAX_RACES) {
            attempt -= 1;
            continue;
          }
          throw error;
        }
      }
      if (!isSameNote(identity, existing)) continue;
      if (request.mode === 'create') throw new NoteExistsError(path);
      if (request.mode === 'skip-if-same' && isUnchanged(existing, frontMatter, request.body, contentHash)) {
        this.metrics.note('unchanged');
        return { path, outcome: 'unchanged', written: false, bytes: 0, contentHash };
      }
      return this.put(path, frontMatter, request.body, contentHash, 'replaced', existing);
    }
    throw new NoNameLeftError(`${MAX_CANDIDATES} notes titled "${stem}" from other sources already exist in ${folder}`);
  }

  private async put(
    path: string,
    frontMatter: Record<string, unknown>,
    body: string,
    contentHash: string,
    outcome: 'created' | 'replaced',
    previous: SplitNote | undefined,
  ): Promise<WriteNoteResult> {
    const now = this.now().toISOString();
    const stored: Record<string, unknown> = { ...frontMatter };
    // The first write's time survives replacements; callers may set either time themselves.
    stored.created ??= previous?.frontMatter?.created ?? now;
    stored.updated ??= now;
    const data = Buffer.from(renderNote(stored, body));
    await this.storage.write('vault', path, data, { overwrite: outcome === 'replaced' });
    this.metrics.written('vault', data.length);
    this.metrics.note(outcome);
    return { path, outcome, written: true, bytes: data.length, contentHash };
  }

  private async readNote(path: string): Promise<SplitNote | undefined> {
    try {
      const { data } = await this.storage.read('vault', path, { maxBytes: MAX_NOTE_BYTES });
      this.metrics.read('vault', data.length);
      return splitFrontMatter(data.toString('utf8'));
    } catch (error) {
      if (error instanceof StorageNotFoundError) return undefined;
      throw error;
    }
  }
}

/** With a source: the existing note is ours when it names the same source. Without: the name decides. */
function isSameNote(identity: string | undefined, existing: SplitNote): boolean {
  return sourceIdentity(existing.frontMatter?.source) === identity;
}

/**
 * skip-if-same: the same source version (`source.hash` on both) was filed
 * already — even if the note was edited since — or, without source hashes,
 * the note says the same.
 */
function isUnchanged(existing: SplitNote, frontMatter: Record<string, unknown>, body: string, contentHash: string): boolean {
  const newHash = sourceHash(frontMatter.source);
  const oldHash = sourceHash(existing.frontMatter?.source);
  if (newHash !== undefined && oldHash !== undefined) return newHash === oldHash;
  return existing.frontMatter !== undefined && noteContentHash(existing.frontMatter, existing.body) === contentHash;
}
