import { createHash } from 'node:crypto';
import { renderNote, splitFrontMatter, type SplitNote } from '../extraction/front-matter';
import { inField } from '../field-error';
import type { FileSystemMetrics } from '../metrics';
import { assertJdFolder } from '../paths/jd-folder';
import { candidateName, NOTE_EXTENSION, noteStem } from '../paths/note-name';
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

/** Numbered names a new note may take (`Title (2)` … `Title (20)`); past them a crowded title gets a name from its source. */
const NUMBERED_NAMES = 20;
/** Numbered names looked through for this source's note (earlier versions numbered up to 100). */
const MAX_NUMBERED = 100;
/** A name that another writer took between our look and our write is looked at again, this often. */
const MAX_RACES_PER_NAME = 3;
const MAX_NOTE_BYTES = 16 * 1024 * 1024;

type Attempt = { kind: 'written'; result: WriteNoteResult } | { kind: 'taken' } | { kind: 'free' };

/**
 * Writes notes into the vault, idempotently by source. A note's file is
 * `<folder>/<title>.md`; when that name belongs to another source's note (or
 * to a note of the user's own), `<title> (2).md` and so on are tried, and the
 * first one that is free or already this source's note is used — so a retry
 * finds the note it wrote before instead of making a second one. A title
 * that many notes share (every scan called "INVOICE") gets, past the numbered
 * names, a name derived from its source (`INVOICE (3f9a1c2b).md`): found again
 * at once, and no concurrent writer can take it.
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
    const note = { frontMatter, body: request.body, mode: request.mode, identity, contentHash: noteContentHash(frontMatter, request.body) };

    for (let number = 1; number <= MAX_NUMBERED; number += 1) {
      // Past the numbered names a new note may take, only a note this source wrote earlier is looked for.
      const mayCreate = number <= NUMBERED_NAMES || identity === undefined;
      const attempt = await this.tryName(joinPath(folder, candidateName(stem, number)), note, mayCreate);
      if (attempt.kind === 'written') return attempt.result;
      if (attempt.kind === 'free' && !mayCreate) break; // numbered names are taken in order: the first gap ends them
    }
    if (identity !== undefined) {
      for (const length of [8, 12]) {
        const attempt = await this.tryName(joinPath(folder, `${stem} (${sourceTag(identity, length)})${NOTE_EXTENSION}`), note, true);
        if (attempt.kind === 'written') return attempt.result;
      }
    }
    throw new NoNameLeftError(`${MAX_NUMBERED} notes titled "${stem}" from other sources already exist in ${folder}`);
  }

  /**
   * Looks at one name: this source's note there is replaced or kept (by
   * mode); a free name is written when `mayCreate`; a name that belongs to
   * another note is `taken`.
   */
  private async tryName(
    path: string,
    note: { frontMatter: Record<string, unknown>; body: string; mode: WriteMode; identity: string | undefined; contentHash: string },
    mayCreate: boolean,
  ): Promise<Attempt> {
    for (let races = 0; ; races += 1) {
      let existing: SplitNote | undefined;
      try {
        existing = await this.readNote(path);
      } catch (error) {
        // A folder, a device or a huge file by that name is no note of ours: try the next name.
        if (error instanceof NotAFileError || error instanceof FileTooLargeError) return { kind: 'taken' };
        throw error;
      }
      if (existing === undefined) {
        if (!mayCreate) return { kind: 'free' };
        try {
          return { kind: 'written', result: await this.put(path, note.frontMatter, note.body, note.contentHash, 'created', undefined) };
        } catch (error) {
          // Someone created it a moment ago (another note, or a concurrent retry of this one): look at it again.
          if (error instanceof StorageExistsError && races < MAX_RACES_PER_NAME) continue;
          throw error;
        }
      }
      if (!isSameNote(note.identity, existing)) return { kind: 'taken' };
      if (note.mode === 'create') throw new NoteExistsError(path);
      if (note.mode === 'skip-if-same' && isUnchanged(existing, note.frontMatter, note.body, note.contentHash)) {
        this.metrics.note('unchanged');
        return { kind: 'written', result: { path, outcome: 'unchanged', written: false, bytes: 0, contentHash: note.contentHash } };
      }
      return { kind: 'written', result: await this.put(path, note.frontMatter, note.body, note.contentHash, 'replaced', existing) };
    }
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

/** A short, stable tag of a source (`3f9a1c2b`): a crowded title's note name that only this source can have. */
function sourceTag(identity: string, length: number): string {
  return createHash('sha256').update(identity).digest('hex').slice(0, length);
}
