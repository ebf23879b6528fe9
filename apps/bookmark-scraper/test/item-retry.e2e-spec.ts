import { Redis } from 'ioredis';
import type { WorkItem } from '@emm/agent-runtime';
import { McpClient, type McpServiceId } from '@emm/mcp';
import type { AppName } from '@emm/stack';
import { type BookmarkImportDeps, BookmarkImportWorkflow } from '../src/import/bookmark-import.workflow';
import { ImportRecords } from '../src/import/import-records';
import type { Placement } from '../src/import/placement';
import type { Bookmark } from '../src/import/work-items';
import { type ImportStack, parseNote, quietLog, snapshot, startImportStack } from './support';

// Delivery is at least once: a worker may die after writing a note and before
// recording it, and the item runs again. The workflow class is driven
// directly here (as the runtime's worker would), against the real services.

let env: ImportStack;
let redis: Redis;
let records: ImportRecords;
let workflow: BookmarkImportWorkflow;
const clients: McpClient[] = [];

function client<S extends McpServiceId>(service: S, app: AppName): McpClient<S> {
  const created = new McpClient({ service, caller: 'bookmark-scraper', url: env.stack.mcpUrl(app), authToken: env.stack.token, logger: { log: () => undefined, error: () => undefined, warn: () => undefined } });
  clients.push(created);
  return created;
}

beforeAll(async () => {
  env = await startImportStack();
  redis = new Redis(env.stack.redisUrl);
  records = new ImportRecords(redis, 'emm:bookmark-scraper');
  const deps: BookmarkImportDeps = {
    bookmarks: client('bookmark-classifier', 'bookmark-classifier-service'),
    scraper: client('web-scraper', 'web-scraper-service'),
    files: client('file-system', 'file-system-service'),
    jd: client('jd-classifier', 'jd-classifier-service'),
    notifications: client('notifications', 'notifications-service'),
    records,
    markdownMaxChars: 20_000,
  };
  workflow = new BookmarkImportWorkflow(deps);
}, 90_000);

afterAll(async () => {
  await Promise.all(clients.map((each) => each.close()));
  redis?.disconnect();
  await env?.stop();
});

const context = () => ({ runId: 'run-retry', workflow: 'bookmark-import', signal: new AbortController().signal, log: quietLog });

function itemFor(url: string, title: string): WorkItem<Bookmark> {
  return { key: url, label: title, payload: { url, title, folder_path: ['Dev'], tags: [] } };
}

describe('an item that runs again', () => {
  it('writes the note once when the worker died between writing it and recording it', async () => {
    const url = `${env.pages.origin}/dev/git-rebase.html`;
    const item = itemFor(url, 'Interactive git rebase, step by step');
    const first = await workflow.processItem(item, context());
    expect(first).toMatchObject({ status: 'done', notePath: '40-49 Learning and reference/41 Programming/41.02 Tools and infrastructure/Interactive git rebase, step by step.md' });
    const vault = snapshot(env.stack.vaultDir);

    // What a crash right after write_note leaves behind: the note, and a record that still says "claimed".
    const record = await records.get(url);
    await redis.set(records.keyOf(url), JSON.stringify({ ...record, state: 'claimed', path: undefined }));

    const again = await workflow.processItem(item, context());
    expect(again).toEqual(first);
    expect(snapshot(env.stack.vaultDir)).toEqual(vault);
    expect(await records.get(url)).toMatchObject({ state: 'imported', path: first.notePath });

    // And once recorded, it is skipped.
    expect(await workflow.processItem(item, context())).toEqual({ status: 'skipped', notePath: first.notePath, detail: 'already imported', data: { jdId: '41.02' } });
  });

  it('keeps the folder and title first decided, whatever the classifier says on the next attempt', async () => {
    const url = `${env.pages.origin}/money/etf-investing.html`;
    const decided: Placement = {
      folder: '30-39 Work/34 Reports/34.01 Status reports',
      jdId: '34.01',
      title: 'Portfolio notes',
      needsReview: false,
      confidence: 0.61,
      provider: 'heuristic',
      decidedBy: 'content',
      tags: ['portfolio'],
    };
    await records.claim(url, decided, 'run-earlier');

    const result = await workflow.processItem(itemFor(url, 'A simple ETF portfolio'), context());

    expect(result).toEqual({ status: 'done', notePath: '30-39 Work/34 Reports/34.01 Status reports/Portfolio notes.md', detail: 'filed in 34.01', data: { jdId: '34.01', confidence: 0.61 } });
    const notes = Object.keys(snapshot(env.stack.vaultDir)).filter((path) => path.includes('Portfolio') || path.includes('ETF'));
    expect(notes).toEqual(['30-39 Work/34 Reports/34.01 Status reports/Portfolio notes.md']);
    const note = parseNote(snapshot(env.stack.vaultDir)[notes[0]]);
    expect(note.frontMatter).toMatchObject({ title: 'Portfolio notes', jd_id: '34.01', jd_path: decided.folder, confidence: 0.61, tags: ['portfolio'] });
  });
});
