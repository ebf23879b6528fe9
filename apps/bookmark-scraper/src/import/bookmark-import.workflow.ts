import { Inject, Injectable } from '@nestjs/common';
import { type ItemResult, type PlanResult, PermanentItemError, type RunSummary, type WorkItem, type Workflow, type WorkflowContext } from '@emm/agent-runtime';
import { bookmarkClassifier, fileSystem, jdClassifier, notifications, webScraper } from '@emm/contracts';
import { McpCallError, type McpClient } from '@emm/mcp';
import { getOrCreateCounter } from '@emm/metrics';
import { renderBookmarkNote } from './bookmark-note';
import { type BookmarkImportInput, bookmarkImportInput } from './bookmark-import.input';
import type { ImportRecord, ImportRecords } from './import-records';
import { type LinkProblem, problemWithFetch, problemWithStatus } from './link-problems';
import { chooseFolder, classifyRequest, noteTitle, type Page, type Placement, roundConfidence } from './placement';
import { runReport } from './run-report';
import { type Bookmark, bookmarkKey, bookmarkLabel, rejectedItem } from './work-items';

/** Everything the workflow works with; built by the app module from the MCP clients, Redis and config. */
export interface BookmarkImportDeps {
  bookmarks: McpClient<'bookmark-classifier'>;
  scraper: McpClient<'web-scraper'>;
  files: McpClient<'file-system'>;
  jd: McpClient<'jd-classifier'>;
  notifications: McpClient<'notifications'>;
  records: ImportRecords;
  /** Longest page Markdown kept in a note (BOOKMARK_MARKDOWN_MAX_CHARS). */
  markdownMaxChars: number;
}

export const BOOKMARK_IMPORT_DEPS = Symbol('BOOKMARK_IMPORT_DEPS');

/** Longest export read from UNSORTED (read_file's own maximum). */
const MAX_EXPORT_CHARS = 5_000_000;

const linkProblems = getOrCreateCounter({
  name: 'bookmark_link_problems_total',
  help: 'Bookmarked links that could not be fetched, by kind (dead_link, blocked, unreadable, not_accessible, temporary)',
  labelNames: ['kind'],
});

/** A transient problem with the site (HTTP 503, a reset): the runtime retries the item with backoff. */
class SiteUnavailableError extends Error {
  override readonly name = 'SiteUnavailableError';
}

/**
 * `bookmark-import`: a bookmark export (uploaded, or a file in UNSORTED) or a
 * list of URLs becomes one note per bookmark. Plan: parse and dedupe
 * (bookmark-classifier). Per bookmark: skip it if it was imported before,
 * fetch the page (web-scraper), classify it (bookmark-classifier), choose the
 * folder (jd-classifier: review inbox, or an allocated ID), write the note
 * (file-system). Finish: one summary notification.
 */
@Injectable()
export class BookmarkImportWorkflow implements Workflow<BookmarkImportInput, Bookmark> {
  readonly name = 'bookmark-import';
  readonly description = 'Imports bookmarks (an export uploaded as content, an export file in UNSORTED, or a list of URLs) as vault notes';
  readonly input = bookmarkImportInput;

  constructor(@Inject(BOOKMARK_IMPORT_DEPS) private readonly deps: BookmarkImportDeps) {}

  async plan(input: BookmarkImportInput, context: WorkflowContext): Promise<PlanResult<Bookmark>> {
    const request = await this.exportOf(input, context.signal);
    const parsed = await this.deps.bookmarks
      .call(bookmarkClassifier.parseBookmarks, request.args, { signal: context.signal })
      .catch((error: unknown) => {
        // The export itself is unusable (not a bookmark file, broken JSON): say so about the field it came in.
        if (error instanceof McpCallError && error.kind === 'invalid_argument') throw new PermanentItemError(error.detail.replace(/^content: /, `${request.field}: `));
        throw error;
      });
    context.log.info('bookmark export parsed', { format: parsed.format, bookmarks: parsed.bookmarks.length, duplicates: parsed.duplicates, invalid: parsed.invalid.length });
    return {
      items: parsed.bookmarks.map((bookmark) => ({ key: bookmarkKey(bookmark.url), label: bookmarkLabel(bookmark), payload: bookmark })),
      rejected: parsed.invalid.map(rejectedItem),
    };
  }

  async processItem(item: WorkItem<Bookmark>, context: WorkflowContext): Promise<ItemResult> {
    const bookmark = item.payload;
    const { records } = this.deps;
    let record = await records.get(bookmark.url);
    if (record?.state === 'imported') return alreadyImported(record);

    const page = await this.fetchPage(bookmark.url, context.signal);
    let placement = record?.placement ?? (await this.place(bookmark, page, context.signal));
    if (record === undefined) {
      // From here on this bookmark has its folder and title, whatever happens to this attempt.
      record = await records.claim(bookmark.url, placement, context.runId);
      if (record.state === 'imported') return alreadyImported(record);
      placement = record.placement;
    }

    const note = renderBookmarkNote({ bookmark, page, placement, markdownMaxChars: this.deps.markdownMaxChars });
    const written = await this.deps.files
      .call(fileSystem.writeNote, { folder: placement.folder, title: placement.title, frontMatter: note.frontMatter, body: note.body, mode: 'skip-if-same' }, { signal: context.signal })
      .catch(async (error: unknown) => {
        // Refused for good (a folder the vault rejects): the next run decides the placement anew.
        if (error instanceof McpCallError && !error.retryable) await records.release(bookmark.url);
        throw error;
      });
    await records.markImported(bookmark.url, placement, written.path, context.runId);
    return {
      status: placement.needsReview ? 'needs_review' : 'done',
      notePath: written.path,
      detail: placement.needsReview ? `review inbox: confidence ${placement.confidence}${placement.suggested ? `, best guess ${placement.suggested.jdId}` : ''}` : `filed in ${placement.jdId}`,
      data: { jdId: placement.jdId, confidence: placement.confidence },
    };
  }

  async finish(summary: RunSummary<Bookmark>, context: WorkflowContext): Promise<void> {
    const report = runReport(summary);
    const sent = await this.deps.notifications.call(notifications.notify, report, { signal: context.signal });
    context.log.info('run summary sent', { notification: sent.id, deduplicated: sent.deduplicated });
  }

  /** The export to parse and the input field it came from (for error messages). */
  private async exportOf(input: BookmarkImportInput, signal: AbortSignal): Promise<{ field: string; args: { content: string; format?: BookmarkImportInput['format'] } }> {
    const format = input.format === undefined ? {} : { format: input.format };
    if (input.urls !== undefined) return { field: 'urls', args: { content: input.urls.join('\n'), format: 'url-list' } };
    if (input.content !== undefined) return { field: 'content', args: { content: input.content, ...format } };
    const path = input.path ?? '';
    // raw: the export as written — a Netscape file's links live in its markup, which extraction would drop.
    const file = await this.deps.files.call(fileSystem.readFile, { path, root: 'unsorted', maxChars: MAX_EXPORT_CHARS, raw: true }, { signal }).catch((error: unknown) => {
      if (error instanceof McpCallError && !error.retryable) throw new PermanentItemError(error.detail.startsWith('path: ') || error.detail.startsWith('raw: ') ? error.detail : `path: ${error.detail}`);
      throw error;
    });
    if (file.extraction.status !== 'ok' || file.text === undefined) {
      throw new PermanentItemError(`path: ${path} has no text to read (${file.extraction.reason ?? `a ${file.kind} file`})`);
    }
    if (file.truncated) throw new PermanentItemError(`path: ${path} is longer than ${MAX_EXPORT_CHARS.toLocaleString('en-US')} characters; split the export`);
    return { field: 'path', args: { content: file.text, ...format } };
  }

  /** The page behind a bookmark; a link that is dead or refused fails the item with the reason, a passing problem is retried. */
  private async fetchPage(url: string, signal: AbortSignal): Promise<Page> {
    let page: Page;
    try {
      page = await this.deps.scraper.call(webScraper.fetchPage, { url }, { signal });
    } catch (error) {
      const problem = error instanceof McpCallError ? problemWithFetch(error) : undefined;
      if (problem === undefined) throw error;
      throw failure(problem);
    }
    const problem = problemWithStatus(page.status);
    if (problem !== undefined) throw failure(problem);
    return page;
  }

  /** Classifies the bookmark with its page and picks the folder: the review inbox when unsure, else the ID (allocated if need be). */
  private async place(bookmark: Bookmark, page: Page, signal: AbortSignal): Promise<Placement> {
    const classification = await this.deps.bookmarks.call(bookmarkClassifier.classifyBookmark, classifyRequest(bookmark, page), { signal });
    const base = {
      title: noteTitle(bookmark, page),
      needsReview: classification.needs_review,
      confidence: roundConfidence(classification.confidence),
      provider: classification.provider,
      model: classification.model,
      decidedBy: classification.decided_by,
      tags: classification.tags,
      ...(classification.summary !== undefined && { summary: classification.summary }),
    };
    const choice = chooseFolder(classification);
    if (choice.kind === 'id') return { ...base, jdId: choice.jdId, folder: choice.folder };
    if (choice.kind === 'allocate') {
      const allocated = await this.deps.jd.call(jdClassifier.allocateId, choice.request, { signal });
      return { ...base, jdId: allocated.id, folder: allocated.path };
    }
    const { reviewInbox } = await this.deps.jd.call(jdClassifier.getStructure, {}, { signal });
    const guessed = classification.jd_id !== reviewInbox.id;
    return { ...base, jdId: reviewInbox.id, folder: reviewInbox.path, ...(guessed && { suggested: { jdId: classification.jd_id, path: classification.path } }) };
  }
}

function alreadyImported(record: Extract<ImportRecord, { state: 'imported' }>): ItemResult {
  return { status: 'skipped', notePath: record.path, detail: 'already imported', data: { jdId: record.placement.jdId } };
}

function failure(problem: LinkProblem): Error {
  linkProblems.inc({ kind: problem.kind });
  return problem.permanent ? new PermanentItemError(problem.reason) : new SiteUnavailableError(problem.reason);
}
