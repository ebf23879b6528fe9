import { Inject, Injectable } from '@nestjs/common';
import { PermanentItemError, type ItemResult, type PlanResult, type RejectedItem, type RunSummary, type WorkItem, type Workflow, type WorkflowContext } from '@emm/agent-runtime';
import { confluence, contentClassifier, fileSystem, notifications } from '@emm/contracts';
import { InjectMcpClient, type McpClient } from '@emm/mcp';
import { REDIS_CLIENT } from '@emm/redis';
import type { Redis } from 'ioredis';
import type { z } from 'zod';
import { classificationRequest } from './classification-request';
import { decideCursor } from './cursor-advance';
import { CursorStore } from './cursor-store';
import { NoteRecordStore, pageSourceIdentity } from './note-record';
import { isPagePayload, newestVersionPerPage, pageItem, type PagePayload, type SpaceRef } from './page-item';
import { PageLister } from './page-lister';
import { pageNoteWrite } from './page-note';
import { PlacementResolver } from './placement-resolver';
import { syncInputSchema, type SyncInput } from './sync-input';
import { syncNotification, type SpaceReport } from './sync-notification';
import { SYNC_SETTINGS, type SyncSettings } from './sync-settings';

export const CONFLUENCE_SYNC = 'confluence-sync';

/**
 * confluence-sync: for each space, the pages changed since the space's
 * cursor become items; each item writes or updates the page's note (only for
 * a newer version); finish moves each space's cursor past the pages that
 * succeeded and sends one summary.
 *
 * plan → finish hand-over: plan stores each space's listing (its sync cursor
 * and the cursor it started from) in Redis under the run id; finish reads it
 * back. Item payloads could not carry it: a space with no changes has no items.
 */
@Injectable()
export class ConfluenceSyncWorkflow implements Workflow<SyncInput, PagePayload> {
  readonly name = CONFLUENCE_SYNC;
  readonly description = 'Syncs Confluence spaces into the vault: pages changed since the last sync become notes, updated pages replace their note';
  readonly input: z.ZodType<SyncInput>;

  private readonly notes: NoteRecordStore;
  private readonly cursors: CursorStore;
  private readonly lister: PageLister;
  private readonly placements: PlacementResolver;

  constructor(
    @InjectMcpClient('confluence') private readonly confluence: McpClient<'confluence'>,
    @InjectMcpClient('content-classifier') private readonly classifier: McpClient<'content-classifier'>,
    @InjectMcpClient('jd-classifier') jd: McpClient<'jd-classifier'>,
    @InjectMcpClient('file-system') private readonly fileSystem: McpClient<'file-system'>,
    @InjectMcpClient('notifications') private readonly notifications: McpClient<'notifications'>,
    @Inject(REDIS_CLIENT) redis: Redis,
    @Inject(SYNC_SETTINGS) private readonly settings: SyncSettings,
  ) {
    this.input = syncInputSchema(settings.spaces);
    this.notes = new NoteRecordStore(redis, settings.agent);
    this.cursors = new CursorStore(redis, settings.agent, settings.listingTtlMs);
    this.lister = new PageLister(confluence, settings.listLimit);
    this.placements = new PlacementResolver(jd);
  }

  async plan(input: SyncInput, context: WorkflowContext): Promise<PlanResult<PagePayload>> {
    const { signal } = context;
    const { spaces: known } = await this.confluence.call(confluence.listSpaces, {}, { signal });
    const items: Array<WorkItem<PagePayload>> = [];
    const rejected: RejectedItem[] = [];
    for (const key of input.spaces) {
      const found = known.find((space) => space.key === key);
      if (found === undefined) {
        rejected.push({ key: `space:${key}`, label: key, reason: `Confluence has no space ${key} that the configured account can read` });
        continue;
      }
      const space: SpaceRef = { key, name: found.name };
      const stored = await this.cursors.get(key);
      const listing = await this.lister.list(key, input.full ? undefined : stored?.position, signal);
      await this.cursors.saveListing(context.runId, key, { nextCursor: listing.nextCursor, startedFrom: stored?.runId ?? '' });
      const pages = newestVersionPerPage(listing.pages);
      items.push(...pages.map((page) => pageItem(space, page)));
      context.log.info('space listed', { space: key, pages: pages.length, from: input.full ? 'full' : stored === undefined ? 'start' : 'cursor' });
    }
    return { items, rejected };
  }

  async processItem(item: WorkItem<PagePayload>, context: WorkflowContext): Promise<ItemResult> {
    const { signal } = context;
    if (!isPagePayload(item.payload)) throw new PermanentItemError(`item ${item.key} carries no Confluence page to sync`);
    const { page, space } = item.payload;
    const identity = pageSourceIdentity(page.id);
    const record = await this.notes.get(identity);
    if (record?.version !== undefined && record.version >= page.version) {
      return { status: 'skipped', notePath: record.path, detail: `unchanged: the note already holds version ${record.version}`, data: { version: record.version } };
    }

    const full = await this.confluence.call(confluence.getPage, { id: page.id, version: page.version }, { signal });
    const classification = await this.classifier.call(contentClassifier.classifyContent, classificationRequest(full, space), { signal });
    // A page keeps the folder of its first sync: write_note finds the page's note only in the folder it is given.
    const placement = record?.placement ?? (await this.notes.claimPlacement(identity, await this.placements.resolve(classification, space, full.title, signal)));
    const written = await this.fileSystem.call(fileSystem.writeNote, pageNoteWrite({ page: full, space, classification, placement }), { signal });
    await this.notes.saveVersion(identity, full.version, written.path);

    const action = written.outcome === 'created' ? 'written' : 'updated';
    return {
      status: placement.inbox ? 'needs_review' : 'done',
      notePath: written.path,
      detail: `version ${full.version} ${action} in ${placement.jdId}${placement.inbox ? ' (review inbox)' : ''}`,
      data: { jdId: placement.jdId, version: full.version, confidence: Math.round(classification.confidence * 100) / 100, outcome: written.outcome },
    };
  }

  async finish(summary: RunSummary<PagePayload>, context: WorkflowContext): Promise<void> {
    const listings = await this.cursors.listings(summary.id);
    const spaces = this.input.safeParse(summary.input).data?.spaces ?? [...listings.keys()];
    const reports: SpaceReport[] = [];
    for (const space of spaces) {
      const pages = summary.items.flatMap((item) => (isPagePayload(item.payload) && item.payload.space.key === space ? [item.payload.page] : []));
      const listing = listings.get(space);
      if (listing === undefined) {
        reports.push({ space, pages: pages.length, decision: undefined, stored: false });
        continue;
      }
      // Whether a page made it is read from its note record, not from the item's status: a cancelled
      // run reports unprocessed items as skipped, and a page another run wrote meanwhile is in the vault too.
      const versions = await this.notes.versions(pages.map((page) => pageSourceIdentity(page.id)));
      const outcomes = pages.map((page, index) => ({ synced: (versions[index] ?? 0) >= page.version, lastModified: page.lastModified }));
      const decision = decideCursor(listing, outcomes);
      const stored = await this.cursors.advance(space, decision.position, { runId: summary.id, startedFrom: listing.startedFrom });
      reports.push({ space, pages: pages.length, decision, stored });
      context.log.info('space cursor', { space, decision: decision.kind, stored, ...('since' in decision.position && { since: decision.position.since }) });
    }

    const { counts } = summary;
    const quiet = counts.done === 0 && counts.needsReview === 0 && counts.failed === 0 && summary.state !== 'failed';
    if (quiet && !this.settings.notifyQuietRuns) return;
    const notification = syncNotification(summary, reports);
    await this.notifications.call(notifications.notify, { ...notification, dedupeKey: `${this.name}:${summary.id}:${summary.retries}` }, { signal: context.signal });
  }
}
