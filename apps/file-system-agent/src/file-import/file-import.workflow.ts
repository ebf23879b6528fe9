import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import type { z } from 'zod';
import { type ItemResult, PermanentItemError, type PlanResult, type RejectedItem, type RunSummary, type WorkItem, type Workflow, type WorkflowContext } from '@emm/agent-runtime';
import { CLASSIFY_CONTENT_LIMITS, contentClassifier, fileSystem, type FileSystemFailure, jdClassifier, notifications } from '@emm/contracts';
import { InjectMcpClient, McpCallError, type McpClient } from '@emm/mcp';
import { REDIS_CLIENT } from '@emm/redis';
import { type FileImportInput, fileImportInput, isUnderPrefix } from './file-import.input';
import { FILE_IMPORT_SETTINGS, type FileImportSettings } from './file-import.settings';
import { dataSummary, fileStem, isDataFile } from './data-files';
import { type FileItemPayload, fileItemKey, fileWorkItem, parentFolders } from './file-item';
import { type ImportDecision, type ImportRecord, ImportRecords, UnreadableRecordError } from './import-record';
import { cutText, type ExtractedText, formatBytes, normaliseTags, renderNote } from './note';
import { allocationKey, type Classification, choosePlacement, type Placement, roundConfidence } from './placement';
import { runNotification } from './run-notification';

type ReadFileResult = z.output<typeof fileSystem.readFile.output>;
type MoveResult = z.output<typeof fileSystem.moveToVault.output>;


/** What reading a file in UNSORTED came to. */
type OriginalRead =
  | { outcome: 'gone' }
  | { outcome: 'changed'; hash: string }
  | { outcome: 'read'; file?: ReadFileResult; extraction: ImportRecord['extraction']; extracted?: ExtractedText };

const LIST_PAGE_SIZE = 500;
/** Pages of the review inbox counted for the run summary (500 notes each). */
const MAX_INBOX_PAGES = 20;
const MAX_TITLE_CHARS = 200;

export const EMPTY_FILE_REASON = 'is empty (0 bytes): there is nothing to file; delete it or give it content';

/**
 * Workflow `file-import`: every file waiting in UNSORTED becomes a note in
 * its Johnny.Decimal folder, with the original moved next to it.
 *
 * Per file: read (text extraction) → classify → resolve the folder (an
 * existing ID, a new ID allocated in the category, or the review inbox) →
 * remember the decision → move the original → write the note. The decision
 * is stored in Redis before anything in the vault changes, keyed by the
 * file's content, so a retry after a crash at any point files into the same
 * place under the same title: the move answers `already_moved`, the note is
 * written once (`skip-if-same`).
 */
@Injectable()
export class FileImportWorkflow implements Workflow<FileImportInput, FileItemPayload> {
  readonly name = 'file-import';
  readonly description = 'Files everything waiting in UNSORTED into the vault: reads and classifies each file, writes its note and moves the original next to it';
  readonly input = fileImportInput;
  private readonly records: ImportRecords;

  constructor(
    @InjectMcpClient('file-system') private readonly files: McpClient<'file-system'>,
    @InjectMcpClient('content-classifier') private readonly classifier: McpClient<'content-classifier'>,
    @InjectMcpClient('jd-classifier') private readonly jd: McpClient<'jd-classifier'>,
    @InjectMcpClient('notifications') private readonly notifier: McpClient<'notifications'>,
    @Inject(REDIS_CLIENT) redis: Redis,
    @Inject(FILE_IMPORT_SETTINGS) private readonly settings: FileImportSettings,
  ) {
    this.records = new ImportRecords(redis, settings.agent);
  }

  async plan(input: FileImportInput, context: WorkflowContext): Promise<PlanResult<FileItemPayload>> {
    const items: Array<WorkItem<FileItemPayload>> = [];
    const rejected: RejectedItem[] = [];
    const limit = input.limit ?? Number.POSITIVE_INFINITY;
    let cursor: string | undefined;
    do {
      const page = await this.files.call(fileSystem.listUnsorted, { limit: LIST_PAGE_SIZE, ...(cursor !== undefined && { cursor }) }, { signal: context.signal });
      for (const file of page.files) {
        if (!isUnderPrefix(file.path, input.prefix)) continue;
        if (items.length + rejected.length >= limit) return this.planned(items, rejected, context);
        // An empty file has nothing to classify or keep; it stays where the person can see it.
        if (file.size === 0) rejected.push({ key: fileItemKey(file.path, file.hash), label: file.path, reason: EMPTY_FILE_REASON });
        else items.push(fileWorkItem(file));
      }
      cursor = page.nextCursor;
    } while (cursor !== undefined);
    return this.planned(items, rejected, context);
  }

  async processItem(item: WorkItem<FileItemPayload>, context: WorkflowContext): Promise<ItemResult> {
    const file = item.payload;
    let record = await this.recordOf(file.hash);
    let extracted: ExtractedText | undefined;
    if (record === undefined) {
      const read = await this.readOriginal(file, context);
      if (read.outcome === 'gone') return { status: 'skipped', detail: 'no longer in UNSORTED: moved or deleted before it could be imported' };
      if (read.outcome === 'changed') return changedSinceListed();
      const decision = await this.decide(file, read, context);
      record = await this.records.claim({
        version: 1,
        claimedBy: { runId: context.runId, itemKey: item.key },
        claimedAt: new Date().toISOString(),
        source: { path: file.path, name: file.name, hash: file.hash, kind: file.kind, size: file.size, mediaType: file.mediaType },
        extraction: read.extraction,
        decision,
      });
      extracted = read.extracted;
    }

    const claimedByThisItem = record.claimedBy.runId === context.runId && record.claimedBy.itemKey === item.key;
    // Another item of this run claimed the same content (a copy under another name): its note is that item's work.
    const claimedBySibling = !claimedByThisItem && record.claimedBy.runId === context.runId;
    const importsNow = claimedByThisItem || (record.note === undefined && !claimedBySibling);

    const moved = await this.moveOriginal(file, record, context);
    if (moved === 'changed') return changedSinceListed();
    if (moved === 'gone') {
      if (record.note !== undefined) return { status: 'skipped', notePath: record.note.path, detail: `already imported as ${record.note.path}; this copy left UNSORTED meanwhile` };
      throw new PermanentItemError(`left UNSORTED before it could be imported, and is not in ${record.decision.folder} either`);
    }

    // After a crash between the move and the note the text is read again, now from the vault.
    if (extracted === undefined && record.extraction.status === 'ok') extracted = await this.readMoved(moved.path, context);
    const note = renderNote(record, moved.path, extracted, this.settings.noteMaxChars);
    const written = await this.files.call(
      fileSystem.writeNote,
      { folder: record.decision.folder, title: note.title, frontMatter: note.frontMatter, body: note.body, mode: 'skip-if-same' },
      { signal: context.signal },
    );
    if (record.note?.path !== written.path || record.note.original !== moved.path) {
      record = await this.records.markNoted(record, { path: written.path, original: moved.path, writtenAt: new Date().toISOString() });
    }

    const { decision } = record;
    const data = { jdId: decision.jdId, folder: decision.folder, confidence: roundConfidence(decision.confidence), original: moved.path, note: written.outcome };
    if (!importsNow) return { status: 'skipped', notePath: written.path, detail: duplicateDetail(written.path, moved, written.written), data };
    return {
      status: decision.needsReview ? 'needs_review' : 'done',
      notePath: written.path,
      detail: decision.needsReview ? `in the review inbox: ${decision.reviewReason ?? 'a person should decide'}` : `filed in ${decision.folder}${decision.allocated ? ' (a new ID: no existing ID fit)' : ''}`,
      data,
    };
  }

  async finish(summary: RunSummary<FileItemPayload>, context: WorkflowContext): Promise<void> {
    const inboxTotal = summary.counts.needsReview > 0 ? await this.reviewInboxTotal(context) : undefined;
    const notification = runNotification(summary, inboxTotal);
    if (notification === undefined) {
      context.log.info('nothing filed, nothing failed: no summary notification', { run: summary.id });
      return;
    }
    // The key makes a finish that runs again (after a crash) send nothing new; a retry round is news, so it counts.
    await this.notifier.call(notifications.notify, { ...notification, dedupeKey: `${summary.workflow}:${summary.id}:${summary.retries}` }, { signal: context.signal });
  }

  private planned(items: Array<WorkItem<FileItemPayload>>, rejected: RejectedItem[], context: WorkflowContext): PlanResult<FileItemPayload> {
    context.log.info('UNSORTED listed', { files: items.length, empty: rejected.length });
    return { items, rejected };
  }

  private async recordOf(hash: string): Promise<ImportRecord | undefined> {
    try {
      return await this.records.get(hash);
    } catch (error) {
      if (error instanceof UnreadableRecordError) throw new PermanentItemError(error.message);
      throw error;
    }
  }

  /** The file's text and metadata from UNSORTED, for classifying it and for its note. */
  private async readOriginal(file: FileItemPayload, context: WorkflowContext): Promise<OriginalRead> {
    let read: ReadFileResult;
    try {
      read = await this.files.call(fileSystem.readFile, { path: file.path, root: 'unsorted', maxChars: this.readMaxChars() }, { signal: context.signal });
    } catch (error) {
      if (isToolError(error, 'not_found')) return { outcome: 'gone' };
      if (isFailure(error, 'too_large')) {
        // A binary has no text to read anyway. A document too big to read is still a file to keep:
        // filed by its name, for a person to look at.
        if (file.kind === 'binary') return { outcome: 'read', extraction: { status: 'metadata_only' } };
        return { outcome: 'read', extraction: { status: 'not_read', reason: `Too large to read (${formatBytes(file.size)}, over the READ_MAX_BYTES of file-system-service)` } };
      }
      if (error instanceof McpCallError && !error.retryable) throw new PermanentItemError(`cannot be read: ${error.detail}`);
      throw error;
    }
    if (read.hash !== file.hash) return { outcome: 'changed', hash: read.hash };
    const extraction = { status: read.extraction.status, ...(read.extraction.reason !== undefined && { reason: `The text could not be extracted: ${read.extraction.reason}` }) };
    return { outcome: 'read', file: read, extraction, ...(read.text !== undefined && { extracted: { text: read.text, chars: read.chars ?? read.text.length } }) };
  }

  /** The text of an original already in the vault (a retry after the move). */
  private async readMoved(path: string, context: WorkflowContext): Promise<ExtractedText | undefined> {
    const read = await this.files.call(fileSystem.readFile, { path, root: 'vault', maxChars: this.readMaxChars() }, { signal: context.signal });
    return read.text === undefined ? undefined : { text: read.text, chars: read.chars ?? read.text.length };
  }

  private readMaxChars(): number {
    return Math.max(this.settings.classifyMaxChars, this.settings.noteMaxChars);
  }

  /** Classifies the file and settles where its note goes. */
  private async decide(file: FileItemPayload, read: Extract<OriginalRead, { outcome: 'read' }>, context: WorkflowContext): Promise<ImportDecision> {
    const sourceTags = markdownTags(read.file);
    const classification = await this.classify(file, read, sourceTags, context);
    const reviewReason =
      read.extraction.status === 'failed' ? 'its text could not be extracted, so it was classified by its name alone'
      : read.extraction.status === 'not_read' ? 'it is too large to read, so it was classified by its name alone'
      : undefined;
    const placement = choosePlacement(classification, { newIdName: this.settings.newIdName, ...(reviewReason !== undefined && { reviewReason }) });
    const place = await this.resolve(placement, context);
    const metadata = read.file?.metadata ?? {};
    const dataFile = isDataFile(file.kind);
    return {
      ...place,
      title: noteTitle(dataFile ? stringOrEmpty(metadata.title) : classification.title, file.name),
      summary: (dataFile ? dataSummary(file.kind, metadata) : undefined) ?? classification.summary,
      tags: normaliseTags([...classification.tags, ...sourceTags]),
      confidence: classification.confidence,
      classifier: { provider: classification.provider, model: classification.model },
    };
  }

  private async classify(file: FileItemPayload, read: Extract<OriginalRead, { outcome: 'read' }>, sourceTags: string[], context: WorkflowContext): Promise<Classification> {
    const title = read.file?.metadata.title;
    const hints = [...parentFolders(file.path), ...sourceTags]
      .map((hint) => hint.slice(0, CLASSIFY_CONTENT_LIMITS.hintLength))
      .slice(0, CLASSIFY_CONTENT_LIMITS.hints);
    return this.classifier.call(
      contentClassifier.classifyContent,
      {
        text: cutText(read.extracted?.text ?? '', this.settings.classifyMaxChars).kept,
        ...(typeof title === 'string' && title.trim() !== '' && { title: title.trim().slice(0, 1_000) }),
        file_name: file.name.slice(0, 1_000),
        source: 'file',
        ...(hints.length > 0 && { hints }),
      },
      { signal: context.signal },
    );
  }

  /** The JD folder of a placement, confirmed (or allocated) by jd-classifier. */
  private async resolve(placement: Placement, context: WorkflowContext): Promise<Pick<ImportDecision, 'folder' | 'jdId' | 'needsReview' | 'allocated' | 'reviewReason' | 'suggestion'>> {
    const signal = context.signal;
    if (placement.kind === 'id') {
      try {
        const resolved = await this.jd.call(jdClassifier.resolvePath, { id: placement.id }, { signal });
        return { folder: resolved.path, jdId: resolved.id, needsReview: false, allocated: false };
      } catch (error) {
        // The ID went away with a structure reload since the classifier saw it: the category still fits.
        if (!isToolError(error, 'not_found')) throw error;
        return this.resolve({ kind: 'allocate', category: placement.category, name: this.settings.newIdName, key: allocationKey(this.settings.newIdName) }, context);
      }
    }
    if (placement.kind === 'allocate') {
      const { category } = placement;
      try {
        const allocated = await this.jd.call(jdClassifier.allocateId, { category: category.id, name: placement.name, key: placement.key }, { signal });
        return { folder: allocated.path, jdId: allocated.id, needsReview: false, allocated: true };
      } catch (error) {
        if (isToolError(error, 'failed_precondition')) return this.resolve({ kind: 'review', reason: `category ${category.id} ${category.name} has no free ID left`, suggestion: category }, context);
        if (isToolError(error, 'not_found')) return this.resolve({ kind: 'review', reason: `category ${category.id} ${category.name} is no longer in the JD structure` }, context);
        throw error;
      }
    }
    const { reviewInbox } = await this.jd.call(jdClassifier.getStructure, {}, { signal });
    return {
      folder: reviewInbox.path,
      jdId: reviewInbox.id,
      needsReview: true,
      allocated: false,
      reviewReason: placement.reason,
      ...(placement.suggestion !== undefined && { suggestion: { jdId: placement.suggestion.id, path: placement.suggestion.path } }),
    };
  }

  /** Moves the original next to its note; `gone` when it is neither in UNSORTED nor where an earlier attempt put it. */
  private async moveOriginal(file: FileItemPayload, record: ImportRecord, context: WorkflowContext): Promise<MoveResult | 'gone' | 'changed'> {
    try {
      // The first import's name: a copy of the same content under another name joins that original
      // (file-system finds the identical file there and only removes the copy from UNSORTED).
      return await this.files.call(fileSystem.moveToVault, { path: file.path, folder: record.decision.folder, hash: file.hash, name: record.source.name }, { signal: context.signal });
    } catch (error) {
      if (isToolError(error, 'not_found')) return 'gone';
      if (isFailure(error, 'original_changed')) return 'changed';
      throw error;
    }
  }

  /** Notes waiting in the review inbox, for the run summary; undefined when they cannot be counted now. */
  private async reviewInboxTotal(context: WorkflowContext): Promise<number | undefined> {
    try {
      const { reviewInbox } = await this.jd.call(jdClassifier.getStructure, {}, { signal: context.signal });
      let total = 0;
      let cursor: string | undefined;
      for (let page = 0; page < MAX_INBOX_PAGES; page += 1) {
        const listed = await this.files.call(fileSystem.listVault, { prefix: reviewInbox.path, limit: 500, ...(cursor !== undefined && { cursor }) }, { signal: context.signal });
        // Originals lie there too (a moved Markdown file is a note to Obsidian): count the notes awaiting a decision.
        total += listed.notes.filter((note) => note.frontMatter?.needs_review === true).length;
        cursor = listed.nextCursor;
        if (cursor === undefined) break;
      }
      return total;
    } catch (error) {
      context.log.warn('could not count the review inbox for the run summary', { error: error instanceof Error ? error.message : String(error) });
      return undefined;
    }
  }
}

function isToolError(error: unknown, code: string): error is McpCallError {
  return error instanceof McpCallError && error.code === code;
}

/** One of the failures file-system's contract names (FILE_SYSTEM_FAILURES). */
function isFailure(error: unknown, reason: FileSystemFailure): error is McpCallError {
  return error instanceof McpCallError && error.reason === reason;
}

function changedSinceListed(): ItemResult {
  return { status: 'skipped', detail: 'changed since it was listed; the next run imports the new version' };
}

function duplicateDetail(notePath: string, moved: MoveResult, noteWritten: boolean): string {
  const parts = [`already imported as ${notePath}`];
  if (moved.outcome === 'moved') parts.push(`this copy had the same content and joined ${moved.path}`);
  if (noteWritten) parts.push('its note was missing and was written again');
  return parts.join('; ');
}

/** The suggested title, or the file name without its extension when there is none. */
function noteTitle(suggested: string, fileName: string): string {
  const title = suggested.replace(/\s+/g, ' ').trim() || fileStem(fileName);
  return title.length <= MAX_TITLE_CHARS ? title : `${title.slice(0, MAX_TITLE_CHARS - 1).trimEnd()}…`;
}

function stringOrEmpty(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

/** A Markdown file's own tags (front matter `tags: [a, b]` or `tags: a, b`). */
function markdownTags(read: ReadFileResult | undefined): string[] {
  const tags = read?.frontMatter?.tags;
  if (Array.isArray(tags)) return tags.filter((tag): tag is string | number => typeof tag === 'string' || typeof tag === 'number').map(String);
  if (typeof tags === 'string') return tags.split(/[,\s]+/).filter((tag) => tag !== '');
  return [];
}
