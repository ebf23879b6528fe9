import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { RunDetail } from '@emm/agent-runtime';
import { APP_CATALOG, type AgentApp, type AppName, type ReceivedWebhook } from '@emm/stack';
import { cliEnv, runWorkflow } from './support/cli';
import { DEMO_DIR, type DemoStack, startDemoStack } from './support/demo-stack';
import { eventually } from './support/eventually';
import { actualLanding, expectedLanding, readExpectedSamples } from './support/expected-samples';
import { Metrics } from './support/prometheus';
import { getRun } from './support/run-api';
import { hashTree, type Note, readNote, readNotes, sourceKind, tree } from './support/vault';

// The demo's three workflows end to end, as a person runs them: the whole
// local stack (seven services, three agents, one Redis) as processes, the
// demo samples as input, and every run started and followed with the built
// `emm` command line. What is checked is what a user would notice: the runs'
// outcomes, the vault (exactly), the notifications, the metrics — and that
// running everything again changes nothing.

const SNAPSHOT = join(__dirname, '..', 'fixtures', 'demo-vault.txt');
const INBOX = '00-09 System/00 Index and inbox/00.01 Review inbox';
const STATEMENTS = '10-19 Finance/11 Banking/11.01 Statements';
const BAKING = '20-29 Home and life/25 Recipes and cooking/25.02 Baking and desserts';
const RUNBOOKS = '30-39 Work/35 Processes and runbooks/35.01 Runbooks';

type Workflow = 'file-import' | 'bookmark-import' | 'confluence-sync';

const WORKFLOWS: ReadonlyArray<{ workflow: Workflow; agent: AgentApp; args: (demo: DemoStack) => string[] }> = [
  { workflow: 'file-import', agent: 'file-system-agent', args: () => [] },
  { workflow: 'bookmark-import', agent: 'bookmark-scraper', args: (demo) => ['--file', demo.bookmarksFile] },
  { workflow: 'confluence-sync', agent: 'confluence-agent', args: () => [] },
];

/**
 * The first runs, from examples/demo: 46 files, 5 of them too unclear to file
 * (expected.yaml: `review`); 18 links of which one is a duplicate (dropped),
 * one a bookmarklet (rejected: failed) and one a dead link (failed); 14 pages,
 * the space home going to review. `emm run --wait` exits 0 only for `completed`.
 */
const FIRST_RUNS: Record<Workflow, { exit: number; state: string; counts: RunDetail['counts'] }> = {
  'file-import': { exit: 0, state: 'completed', counts: { total: 46, pending: 0, done: 41, needsReview: 5, skipped: 0, failed: 0 } },
  'bookmark-import': { exit: 1, state: 'completed_with_errors', counts: { total: 17, pending: 0, done: 15, needsReview: 0, skipped: 0, failed: 2 } },
  'confluence-sync': { exit: 0, state: 'completed', counts: { total: 14, pending: 0, done: 13, needsReview: 1, skipped: 0, failed: 0 } },
};

/**
 * Running everything again: UNSORTED is empty (no items), every bookmark is
 * already imported (the two bad ones fail again), and Confluence lists only
 * from its cursor — which includes the newest change (page 880012), found
 * unchanged.
 */
const SECOND_RUNS: Record<Workflow, { exit: number; state: string; counts: RunDetail['counts'] }> = {
  'file-import': { exit: 0, state: 'completed', counts: { total: 0, pending: 0, done: 0, needsReview: 0, skipped: 0, failed: 0 } },
  'bookmark-import': { exit: 1, state: 'completed_with_errors', counts: { total: 17, pending: 0, done: 0, needsReview: 0, skipped: 15, failed: 2 } },
  'confluence-sync': { exit: 0, state: 'completed', counts: { total: 1, pending: 0, done: 0, needsReview: 0, skipped: 1, failed: 0 } },
};

/** What the review inbox holds after the first runs: the notes of the six unclear samples, and the five originals among them. */
const REVIEW_INBOX = [
  'Annual pension statement 2026 - Harbour Pensions.pdf',
  'New Text Document (3).txt',
  'Operations.md', // Confluence 880001, the space home
  'Your annual pension statement 2026.md', // Annual pension statement 2026 - Harbour Pensions.pdf
  'ask Sam.md', // misc.md
  'call back about the thing on Tuesday.md', // notes.txt
  'misc.md',
  'notes.txt',
  'ok — see attached. let me know what you think, no rush.md', // New Text Document (3).txt
  'scan_0042.md',
  'scan_0042.pdf',
].map((name) => `${INBOX}/${name}`);

/** The MCP services each agent calls on the demo (bookmark-scraper asks jd-classifier only to allocate a new ID, which no demo bookmark needs). */
const SERVICES_CALLED: Record<AgentApp, string[]> = {
  'file-system-agent': ['content-classifier', 'file-system', 'jd-classifier', 'notifications'],
  'bookmark-scraper': ['bookmark-classifier', 'file-system', 'notifications', 'web-scraper'],
  'confluence-agent': ['confluence', 'content-classifier', 'file-system', 'jd-classifier', 'notifications'],
};

let demo: DemoStack;
let env: Record<string, string>;
const firstRuns = {} as Record<Workflow, RunDetail>;

beforeAll(async () => {
  demo = await startDemoStack();
  env = cliEnv(demo.stack, join(demo.workDir, 'no-local-stack'));
}, 180_000);

afterAll(async () => {
  await demo?.stop();
});

/** `emm run <workflow> --wait --json`, and the same run read back through GET /runs/:id. */
async function runThroughCli(workflow: Workflow): Promise<{ exit: number | null; run: RunDetail }> {
  const { workflow: name, agent, args } = WORKFLOWS.find((entry) => entry.workflow === workflow)!;
  const { result, followed } = await runWorkflow(name, env, args(demo));
  expect(followed.agent.name).toBe(agent);
  expect(result.stderr).not.toMatch(/\n\s+at .+\(.+:\d+:\d+\)/); // never a stack trace
  expect(await getRun(demo.stack.baseUrl(agent), demo.stack.token, followed.run.id)).toEqual(followed.run);
  return { exit: result.code, run: followed.run };
}

function byAgent<T>(make: (agent: AgentApp, workflow: Workflow) => T): Record<AgentApp, T> {
  return Object.fromEntries(WORKFLOWS.map(({ agent, workflow }) => [agent, make(agent, workflow)])) as Record<AgentApp, T>;
}

async function scrapeAll(): Promise<Record<AppName, Metrics>> {
  return Object.fromEntries(await Promise.all(demo.stack.apps.map(async (app) => [app.name, await Metrics.scrape(app.url)] as const))) as Record<AppName, Metrics>;
}

/** A notification as the webhook received it (notifications-service's generic webhook JSON), and whether its signature held. */
interface Summary {
  title?: string;
  message?: string;
  severity?: string;
  dedupeKey?: string;
  signatureValid: boolean;
}

function summariesIn(received: readonly ReceivedWebhook[]): Summary[] {
  return received.map((webhook) => ({ ...(webhook.body as Omit<Summary, 'signatureValid'>), signatureValid: webhook.signatureValid }));
}

function sha256(bytes: Buffer): string {
  return `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
}

/** What breaks the note contract every agent keeps, one line per problem. */
function contractProblems(note: Note): string[] {
  const fm = note.frontMatter;
  const source = fm.source as Record<string, unknown> | undefined;
  const classifier = fm.classifier as Record<string, unknown> | undefined;
  const problems = [
    typeof fm.title !== 'string' || fm.title === '' ? 'title missing' : '',
    typeof fm.jd_id !== 'string' || !/^\d{2}\.\d{2}$/.test(fm.jd_id) ? `jd_id ${String(fm.jd_id)} is not a JD ID` : '',
    fm.jd_path !== dirname(note.path) ? `jd_path ${String(fm.jd_path)} is not the note's folder` : '',
    !['file', 'bookmark', 'confluence'].includes(String(source?.kind)) ? `source.kind ${String(source?.kind)}` : '',
    source !== undefined && [source.id, source.path, source.url].every((identity) => typeof identity !== 'string') ? 'source has no identity (id, path or url)' : '',
    typeof classifier?.provider !== 'string' ? 'classifier.provider missing' : '',
    typeof fm.confidence !== 'number' || fm.confidence < 0 || fm.confidence > 1 ? `confidence ${String(fm.confidence)}` : '',
    fm.needs_review !== note.path.startsWith(`${INBOX}/`) ? `needs_review ${String(fm.needs_review)} but the note is ${note.path.startsWith(INBOX) ? '' : 'not '}in the review inbox` : '',
    !Array.isArray(fm.tags) || fm.tags.some((tag) => typeof tag !== 'string') ? 'tags is not a list of strings' : '',
  ];
  return problems.filter(Boolean).map((problem) => `${note.path}: ${problem}`);
}

describe('the demo on the whole local stack, through the emm command line', () => {
  it('runs the three workflows to their expected end: the same state, counts and items in the CLI output and in GET /runs/:id', async () => {
    for (const { workflow } of WORKFLOWS) {
      const { exit, run } = await runThroughCli(workflow);
      firstRuns[workflow] = run;
      expect({ workflow, exit, state: run.state, counts: run.counts }).toEqual({ workflow, ...FIRST_RUNS[workflow] });
      expect(run.items).toHaveLength(run.counts.total);
    }
  }, 180_000);

  it('makes exactly the vault of fixtures/demo-vault.txt: a note per item, each original next to its note', () => {
    const vault = tree(demo.stack.vaultDir);
    if (process.env.UPDATE_SNAPSHOT === '1') writeFileSync(SNAPSHOT, `${vault.join('\n')}\n`);
    expect(vault).toEqual(readFileSync(SNAPSHOT, 'utf8').split('\n').filter(Boolean));

    // Nothing else: every file is a run item's note or a file note's original.
    const notePaths = Object.values(firstRuns).flatMap((run) => run.items.flatMap((item) => (item.notePath === undefined ? [] : [item.notePath])));
    const originals = notePaths.flatMap((path) => {
      const original = readNote(demo.stack.vaultDir, path).frontMatter.original;
      return typeof original === 'string' ? [original] : [];
    });
    expect([...notePaths, ...originals].sort()).toEqual(vault);
  });

  it("files every sample where expected.yaml's classifier answer says, with that confidence", () => {
    const expected = readExpectedSamples();
    const items = (workflow: Workflow) => firstRuns[workflow].items;
    // confluence-agent does not record the classifier's best guess on a review note (files and bookmarks do).
    const land = (item: RunDetail['items'][number] | undefined, withSuggestion: boolean) => (item === undefined ? 'no item' : actualLanding(demo.stack.vaultDir, item, { withSuggestion }));

    expect(Object.fromEntries(expected.files.map((file) => [file.path, land(items('file-import').find((item) => item.label === file.path), true)]))).toEqual(
      Object.fromEntries(expected.files.map((file) => [file.path, expectedLanding(file.classifier, { withSuggestion: true })])),
    );
    const bookmark = (path: string) =>
      items('bookmark-import').find((item) => (path.startsWith('javascript:') ? item.label === path : item.key === `${demo.pages.origin}${path}`));
    expect(Object.fromEntries(expected.bookmarks.map((entry) => [entry.path, land(bookmark(entry.path), true)]))).toEqual(
      Object.fromEntries(expected.bookmarks.map((entry) => [entry.path, expectedLanding(entry.classifier, { withSuggestion: true })])),
    );
    const page = (id: string) => items('confluence-sync').find((item) => item.key.startsWith(`OPS:${id}:`));
    expect(Object.fromEntries(expected.pages.map((entry) => [`${entry.id} ${entry.title}`, land(page(entry.id), false)]))).toEqual(
      Object.fromEntries(expected.pages.map((entry) => [`${entry.id} ${entry.title}`, expectedLanding(entry.classifier, { withSuggestion: false })])),
    );
  });

  it('writes every note with the contract front matter; file notes sit next to their original, unchanged', () => {
    const notes = readNotes(demo.stack.vaultDir);
    expect(notes.flatMap(contractProblems)).toEqual([]);
    const kinds = notes.map(sourceKind);
    expect({ file: kinds.filter((kind) => kind === 'file').length, bookmark: kinds.filter((kind) => kind === 'bookmark').length, confluence: kinds.filter((kind) => kind === 'confluence').length }).toEqual({
      file: 46,
      bookmark: 15,
      confluence: 14,
    });

    // One of each source, as a person opens it.
    const statementPdf = readFileSync(join(DEMO_DIR, 'unsorted', '2026-10 Statement - Northwind Bank.pdf'));
    expect(readNote(demo.stack.vaultDir, `${STATEMENTS}/Current Account Statement October 2026.md`).frontMatter).toMatchObject({
      title: 'Current Account Statement October 2026',
      jd_id: '11.01',
      jd_path: STATEMENTS,
      source: { kind: 'file', id: sha256(statementPdf), path: '2026-10 Statement - Northwind Bank.pdf', hash: sha256(statementPdf) },
      classifier: { provider: 'heuristic', model: 'jd-scorer-v1' },
      confidence: 0.9,
      needs_review: false,
      tags: expect.arrayContaining(['statements']),
      original: `${STATEMENTS}/2026-10 Statement - Northwind Bank.pdf`,
      file: { name: '2026-10 Statement - Northwind Bank.pdf', kind: 'pdf', media_type: 'application/pdf', size: statementPdf.length },
    });
    const focaccia = readNote(demo.stack.vaultDir, `${BAKING}/Overnight rosemary focaccia.md`);
    expect(focaccia.frontMatter).toMatchObject({
      title: 'Overnight rosemary focaccia',
      jd_id: '25.02',
      jd_path: BAKING,
      source: { kind: 'bookmark', url: demo.pages.url('kitchen.example.net/recipes/rosemary-focaccia.html') },
      classifier: { provider: 'heuristic', decided_by: 'content' },
      confidence: 0.99,
      needs_review: false,
      tags: expect.arrayContaining(['baking']),
      bookmark_folders: ['Bookmarks Toolbar', 'Recipes'],
    });
    const failover = readNote(demo.stack.vaultDir, `${RUNBOOKS}/Runbook- PostgreSQL primary failover.md`);
    expect(failover.frontMatter).toMatchObject({
      title: 'Runbook: PostgreSQL primary failover',
      jd_id: '35.01',
      jd_path: RUNBOOKS,
      source: { kind: 'confluence', id: '880003' },
      classifier: { provider: 'heuristic', model: 'jd-scorer-v1' },
      confidence: 0.65,
      needs_review: false,
      tags: expect.arrayContaining(['runbooks']),
      space: 'OPS',
      version: 2,
      labels: ['runbook', 'postgresql', 'database', 'tier-1'],
      ancestors: ['Operations', 'Runbooks'],
    });
    // The storage format became Markdown: a warning panel as a callout, headings kept.
    expect(failover.body).toContain('> [!warning] Split brain');
    expect(failover.body).toContain('## 1. Confirm the primary is really down');

    // Every sample has exactly one file note; its original lies next to it, byte for byte the sample.
    const fileNotes = notes.filter((note) => sourceKind(note) === 'file');
    expect(fileNotes.map((note) => (note.frontMatter.source as { path: string }).path).sort()).toEqual(tree(join(DEMO_DIR, 'unsorted')));
    const originalProblems = fileNotes.flatMap((note) => {
      const original = String(note.frontMatter.original);
      const source = note.frontMatter.source as { path: string; hash: string };
      const path = join(demo.stack.vaultDir, original);
      if (dirname(original) !== dirname(note.path)) return [`${note.path}: original ${original} is not next to it`];
      if (!existsSync(path)) return [`${note.path}: original ${original} is missing`];
      const hash = sha256(readFileSync(path));
      return hash === source.hash && hash === sha256(readFileSync(join(DEMO_DIR, 'unsorted', source.path))) ? [] : [`${note.path}: original ${original} differs from the sample`];
    });
    expect(originalProblems).toEqual([]);
  });

  it('empties UNSORTED, and the review inbox holds exactly the low-confidence items', () => {
    // Every demo sample has something to file (none is empty or unreadable): nothing stays behind.
    expect(tree(demo.stack.unsortedDir)).toEqual([]);
    expect(tree(demo.stack.vaultDir).filter((path) => path.startsWith(`${INBOX}/`))).toEqual(REVIEW_INBOX);

    const reviewItems = Object.values(firstRuns).flatMap((run) => run.items.filter((item) => item.status === 'needs_review'));
    expect(reviewItems.map((item) => item.label).sort()).toEqual(['Annual pension statement 2026 - Harbour Pensions.pdf', 'New Text Document (3).txt', 'Operations', 'misc.md', 'notes.txt', 'scan_0042.pdf']);
    const reviewNotes = readNotes(demo.stack.vaultDir).filter((note) => note.frontMatter.needs_review === true);
    expect(reviewNotes.map((note) => note.path).sort()).toEqual(reviewItems.map((item) => item.notePath).sort());
  });

  it('sends one signed summary per run to the webhook, its title telling the run’s counts', async () => {
    await eventually(() => expect(demo.webhook.received.length).toBeGreaterThanOrEqual(3));
    const summaries = summariesIn(demo.webhook.received);
    const run = (workflow: Workflow) => firstRuns[workflow];
    const summaryOf = (workflow: Workflow) => summaries.find((summary) => summary.dedupeKey === `${workflow}:${run(workflow).id}:0`);
    expect(summaries).toHaveLength(3);
    expect({ 'file-import': summaryOf('file-import'), 'bookmark-import': summaryOf('bookmark-import'), 'confluence-sync': summaryOf('confluence-sync') }).toEqual({
      'file-import': expect.objectContaining({ title: 'File import: 41 filed, 5 to review', severity: 'info', signatureValid: true }),
      'bookmark-import': expect.objectContaining({ title: 'Bookmark import: 15 filed, 0 already imported, 2 failed', severity: 'warning', signatureValid: true }),
      'confluence-sync': expect.objectContaining({ title: 'Confluence sync of OPS: 13 written, 0 unchanged, 1 to review', severity: 'info', signatureValid: true }),
    });
    // The messages name what a person has to act on.
    expect(summaryOf('file-import')?.message).toContain('46 files** from UNSORTED: 41 filed, 5 sent to the review inbox, 0 skipped, 0 failed.');
    expect(summaryOf('bookmark-import')?.message).toContain(`[Grandma's Sunday lasagne](<${demo.pages.url('kitchen.example.net/recipes/grandmas-sunday-lasagne.html')}>): dead link: HTTP 404`);
    expect(summaryOf('confluence-sync')?.message).toContain('**OPS**: 14 pages listed; the next sync lists what changes from now on');
  });

  it('reports metrics consistent with what happened, in every agent and service', async () => {
    await eventually(async () => {
      const metrics = await scrapeAll();

      // Each agent: one execution in the run's final state, and its items by outcome.
      const runs = byAgent((_, workflow) => firstRuns[workflow]);
      expect(byAgent((agent, workflow) => metrics[agent].sumBy('workflow_executions_total', 'status', { workflow_type: workflow }))).toEqual(
        byAgent((_, workflow) => ({ [firstRuns[workflow].state]: 1 })),
      );
      const outcomes = (counts: RunDetail['counts']) => Object.fromEntries(Object.entries({ done: counts.done, needs_review: counts.needsReview, skipped: counts.skipped }).filter(([, count]) => count > 0));
      expect(
        byAgent((agent, workflow) => {
          const { failed: _failed, ...rest } = metrics[agent].sumBy('workflow_items_total', 'outcome', { workflow_type: workflow });
          return rest;
        }),
      ).toEqual(byAgent((agent) => outcomes(runs[agent].counts)));

      // Each agent called the services its workflow needs, and every call succeeded.
      expect(byAgent((agent) => metrics[agent].labelValues('mcp_tool_calls_total', 'server'))).toEqual(SERVICES_CALLED);
      expect([...new Set(demo.stack.apps.flatMap((app) => metrics[app.name].labelValues('mcp_tool_calls_total', 'status')))]).toEqual(['ok']);

      // A note per write_note call (no call was retried), and as many as the vault holds.
      const calls = (agent: AgentApp, server: string, tool: string) => metrics[agent].sum('mcp_tool_calls_total', { server, tool });
      const notesInVault = readNotes(demo.stack.vaultDir).length;
      expect(byAgent((agent) => calls(agent, 'file-system', 'write_note'))).toEqual(byAgent((agent) => runs[agent].counts.done + runs[agent].counts.needsReview));
      expect({
        retries: demo.stack.apps.reduce((total, app) => total + metrics[app.name].sum('mcp_tool_retries_total'), 0),
        notesWritten: metrics['file-system-service'].sumBy('fs_notes_written_total', 'outcome'),
        writeNoteServed: metrics['file-system-service'].sum('mcp_requests_total', { tool: 'write_note' }),
        originalsMoved: metrics['file-system-service'].sumBy('fs_originals_moved_total', 'outcome'),
        moveCalls: calls('file-system-agent', 'file-system', 'move_to_vault'),
        fetchPageCalls: calls('bookmark-scraper', 'web-scraper', 'fetch_page'),
        getPageCalls: calls('confluence-agent', 'confluence', 'get_page'),
        notifyCalls: byAgent((agent) => calls(agent, 'notifications', 'notify')),
        notifyServed: metrics['notifications-service'].sum('mcp_requests_total', { tool: 'notify' }),
        delivered: metrics['notifications-service'].sumBy('notifications_delivered_total', 'channel', { status: 'delivered' }),
      }).toEqual({
        retries: 0,
        notesWritten: { created: notesInVault },
        writeNoteServed: notesInVault,
        originalsMoved: { moved: 46 },
        moveCalls: 46,
        fetchPageCalls: 16, // every parsed bookmark, the dead link included; not the rejected bookmarklet
        getPageCalls: 14,
        notifyCalls: byAgent(() => 1),
        notifyServed: 3,
        delivered: { log: 3, webhook: 3 },
      });
      expect(notesInVault).toBe(75);

      // Every service served exactly the calls that reached it: all callers' calls minus their cache hits.
      expect(servedPerTool(metrics)).toEqual(reachingPerTool(metrics));
    });
  });

  it('counts every failed item of a run in workflow_items_total, rejected entries included', async () => {
    const metrics = await scrapeAll();
    // bookmark-import rejects the bookmarklet while planning: the run counts it as failed; so must the metric.
    expect(byAgent((agent, workflow) => metrics[agent].sum('workflow_items_total', { workflow_type: workflow, outcome: 'failed' }))).toEqual(
      byAgent((_, workflow) => firstRuns[workflow].counts.failed),
    );
  });

  it('changes nothing when everything runs again: items skipped, the vault byte-identical, no summary for a run with nothing to tell', async () => {
    const vaultBefore = hashTree(demo.stack.vaultDir);
    const metricsBefore = await scrapeAll();
    const receivedBefore = demo.webhook.received.length;

    const secondRuns = {} as Record<Workflow, RunDetail>;
    for (const { workflow } of WORKFLOWS) {
      const { exit, run } = await runThroughCli(workflow);
      secondRuns[workflow] = run;
      expect({ workflow, exit, state: run.state, counts: run.counts }).toEqual({ workflow, ...SECOND_RUNS[workflow] });
    }
    // The bookmarks are skipped as already imported, pointing at their notes; the same two fail for the same reasons.
    const outcome = (item: RunDetail['items'][number]) => ({ key: item.key, notePath: item.notePath, error: item.error });
    const sortByKey = <T extends { key: string }>(items: T[]) => [...items].sort((a, b) => a.key.localeCompare(b.key));
    expect(sortByKey(secondRuns['bookmark-import'].items.map(outcome))).toEqual(sortByKey(firstRuns['bookmark-import'].items.map(outcome)));
    expect(secondRuns['confluence-sync'].items.map((item) => [item.label, item.status, item.detail])).toEqual([
      ['2026-10-27 Ops retrospective Q3', 'skipped', 'unchanged: the note already holds version 1'],
    ]);

    expect(hashTree(demo.stack.vaultDir)).toEqual(vaultBefore);
    expect(tree(demo.stack.unsortedDir)).toEqual([]);

    // bookmark-import and confluence-sync always send their summary; file-import stays quiet when nothing was filed or failed.
    await eventually(() => expect(demo.webhook.received.length).toBeGreaterThanOrEqual(receivedBefore + 2));
    const newSummaries = summariesIn(demo.webhook.received.slice(receivedBefore));
    expect(newSummaries.map(({ title, dedupeKey, signatureValid }) => ({ title, dedupeKey, signatureValid })).sort((a, b) => String(a.title).localeCompare(String(b.title)))).toEqual([
      { title: 'Bookmark import: 0 filed, 15 already imported, 2 failed', dedupeKey: `bookmark-import:${secondRuns['bookmark-import'].id}:0`, signatureValid: true },
      { title: 'Confluence sync of OPS: 0 written, 1 unchanged', dedupeKey: `confluence-sync:${secondRuns['confluence-sync'].id}:0`, signatureValid: true },
    ]);

    await eventually(async () => {
      const metrics = await scrapeAll();
      const change = (app: AppName, name: string, labels: Record<string, string> = {}) => metrics[app].sum(name, labels) - metricsBefore[app].sum(name, labels);
      expect({
        executions: byAgent((agent, workflow) => change(agent, 'workflow_executions_total', { workflow_type: workflow, status: secondRuns[workflow].state })),
        notifyCalls: byAgent((agent) => change(agent, 'mcp_tool_calls_total', { server: 'notifications', tool: 'notify' })),
        writeNoteCalls: byAgent((agent) => change(agent, 'mcp_tool_calls_total', { server: 'file-system', tool: 'write_note' })),
        classifyCalls: byAgent((agent) => change(agent, 'mcp_tool_calls_total', { server: 'content-classifier', tool: 'classify_content' })),
        notesWritten: change('file-system-service', 'fs_notes_written_total'),
        originalsMoved: change('file-system-service', 'fs_originals_moved_total'),
        delivered: change('notifications-service', 'notifications_delivered_total', { channel: 'webhook', status: 'delivered' }),
      }).toEqual({
        executions: byAgent(() => 1),
        notifyCalls: { 'file-system-agent': 0, 'bookmark-scraper': 1, 'confluence-agent': 1 },
        writeNoteCalls: byAgent(() => 0),
        classifyCalls: byAgent(() => 0),
        notesWritten: 0,
        originalsMoved: 0,
        delivered: 2,
      });
    });
  }, 180_000);
});

/** `<server>/<tool>` → the requests each service counted (mcp_requests_total, every status). */
function servedPerTool(metrics: Record<AppName, Metrics>): Record<string, number> {
  const served: Record<string, number> = {};
  for (const [app, spec] of Object.entries(APP_CATALOG) as Array<[AppName, (typeof APP_CATALOG)[AppName]]>) {
    if (spec.kind !== 'service' || metrics[app] === undefined) continue;
    for (const [tool, count] of Object.entries(metrics[app].sumBy('mcp_requests_total', 'tool'))) served[`${spec.mcpService}/${tool}`] = count;
  }
  return served;
}

/**
 * `<server>/<tool>` → the calls that must have reached the service: every
 * app's calls minus its cache hits. A retried call reaches it once more per
 * retry; where that happened the served count may be anything up to that many
 * more, and it is taken as it is within that range.
 */
function reachingPerTool(metrics: Record<AppName, Metrics>): Record<string, number> {
  const served = servedPerTool(metrics);
  const reaching: Record<string, number> = {};
  const retried: Record<string, number> = {};
  for (const app of Object.values(metrics)) {
    for (const sample of app.samples) {
      const key = `${sample.labels.server}/${sample.labels.tool}`;
      if (sample.name === 'mcp_tool_calls_total') reaching[key] = (reaching[key] ?? 0) + sample.value;
      if (sample.name === 'mcp_cache_requests_total' && sample.labels.result === 'hit') reaching[key] = (reaching[key] ?? 0) - sample.value;
      if (sample.name === 'mcp_tool_retries_total') retried[key] = (retried[key] ?? 0) + sample.value;
    }
  }
  for (const [key, retries] of Object.entries(retried)) {
    const count = served[key] ?? 0;
    if (retries > 0 && count >= reaching[key] && count <= reaching[key] + retries) reaching[key] = count;
  }
  return Object.fromEntries(Object.entries(reaching).filter(([, count]) => count !== 0));
}
