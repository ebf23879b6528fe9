import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Stack, startStack } from '@emm/stack';
import { fillInbox, fillSameTitleInvoices, type InboxFile } from './support/inbox';
import { environmentOf, type Replica, startReplica } from './support/replica';
import { RunApi, type RunDetail, stalledItemJobs } from './support/run-api';
import { removeStackData } from './support/trees';
import { importProblems } from './support/vault-audit';

// file-import on the real stack — jd-classifier, content-classifier,
// file-system and notifications as separate processes, one Redis with its
// AOF, file-system-agent (ROLE=all, from the stack) plus a second worker
// replica (ROLE=worker) — while things break in the middle of a 200-file run,
// and with a poisoned batch (notes that all share one title). After each the
// vault is audited: no file lost, no note twice, nothing half-moved, and the
// run's counts agree with all of it.

const AGENT = 'file-system-agent';
const SERVICES = ['jd-classifier-service', 'content-classifier-service', 'file-system-service', 'notifications-service'] as const;
const FILES_PER_RUN = 200;
/** A fault lands once this many items have ended: well inside the run. */
const FAULT_AFTER_ITEMS = 40;
const RUN_TIMEOUT_MS = 120_000;

/** Tools file-import calls whose service keeps their state in Redis (allocated IDs, the notification queue). */
const REDIS_TOOLS = [
  { app: 'jd-classifier-service', tool: 'allocate_id', args: { category: '25', name: 'Imported files', key: 'imported-files' } },
  { app: 'jd-classifier-service', tool: 'resolve_path', args: { id: '25.04' } },
  { app: 'jd-classifier-service', tool: 'get_structure', args: {} },
  { app: 'notifications-service', tool: 'notify', args: { title: 'Redis check', message: 'Sent while Redis is down', severity: 'info' } },
] as const;

const AGENT_ENV = {
  WORKER_CONCURRENCY: '4',
  // A killed worker's items are claimed again within a few seconds instead of 30 s.
  WORKER_LOCK_DURATION_MS: '3000',
  WORKER_STALLED_INTERVAL_MS: '1000',
  // Enough attempts, starting soon, to outlast a service or Redis restart on a busy machine (0.5 s … 32 s).
  ITEM_ATTEMPTS: '8',
  ITEM_BACKOFF_MS: '500',
};

let dataDir: string;
let stack: Stack;
let api: RunApi;
let replica: Replica | undefined;

async function startFaultStack(token?: string): Promise<void> {
  stack = await startStack({
    dataDir,
    services: SERVICES,
    agents: [AGENT],
    env: { [AGENT]: AGENT_ENV },
    logLevel: 'warn',
    ...(token !== undefined && { token }),
  });
  api = new RunApi(stack.baseUrl(AGENT), stack.token);
}

/** The second worker: the agent's own environment, workers only. */
async function startSecondWorker(): Promise<Replica> {
  replica = await startReplica(AGENT, stack.logDir, environmentOf(stack, AGENT), { ROLE: 'worker' });
  return replica;
}

/** Fills UNSORTED/<tag>, starts file-import on it and waits until the fault can land mid-run. */
async function startRunOn(tag: string): Promise<{ files: InboxFile[]; runId: string }> {
  const files = fillInbox(stack.unsortedDir, tag, FILES_PER_RUN);
  const runId = await api.start('file-import', { prefix: tag });
  await api.waitForProgress(runId, FAULT_AFTER_ITEMS);
  return { files, runId };
}

function expectIntact(files: InboxFile[], run: RunDetail): void {
  expect(importProblems(stack.vaultDir, stack.unsortedDir, files, run)).toEqual([]);
  // The generated documents are all readable and classifiable: none may fail, whatever broke.
  expect(run.counts).toMatchObject({ total: FILES_PER_RUN, pending: 0, failed: 0, skipped: 0 });
  expect(run.counts.done + run.counts.needsReview).toBe(FILES_PER_RUN);
}

/** Items one worker process has finished, from its own /metrics. */
async function itemsFinishedBy(baseUrl: string): Promise<number> {
  const metrics = await (await fetch(`${baseUrl}/metrics`)).text();
  return metrics
    .split('\n')
    .filter((line) => line.startsWith('workflow_items_total{'))
    .reduce((sum, line) => sum + Number(line.slice(line.lastIndexOf(' ') + 1)), 0);
}

/** What each of REDIS_TOOLS answers over REST right now. */
async function toolsNeedingRedis(): Promise<Array<{ tool: string; status: number; code: string | undefined }>> {
  const answers = [];
  for (const { app, tool, args } of REDIS_TOOLS) {
    const response = await fetch(`${stack.baseUrl(app)}/tools/${tool}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${stack.token}`, 'content-type': 'application/json' },
      body: JSON.stringify(args),
    });
    const body = (await response.json()) as { error?: { code?: string } };
    answers.push({ tool, status: response.status, code: body.error?.code });
  }
  return answers;
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'emm-faults-import-'));
  await startFaultStack();
}, 120_000);

beforeEach(async () => {
  if (replica === undefined) await startSecondWorker();
}, 60_000);

afterAll(async () => {
  await replica?.handle.stop();
  await stack?.stop();
  if (stack !== undefined) removeStackData(stack);
});

describe('file-import on the real stack with two worker replicas', () => {
  it('a worker SIGKILLed mid-run: the other worker takes its items over; every file filed exactly once', async () => {
    const { files, runId } = await startRunOn('worker-killed');
    const killed = replica!;
    // Both replicas share the run: the one about to die is holding items.
    expect(await itemsFinishedBy(killed.baseUrl)).toBeGreaterThan(0);

    killed.handle.signal('SIGKILL');
    expect((await killed.handle.exited).signal).toBe('SIGKILL');
    replica = undefined;

    const run = await api.waitForEnd(runId, RUN_TIMEOUT_MS);
    expectIntact(files, run);
    expect(run.state).toBe('completed');
    // The dead worker's items lost their claim and were taken up again by the survivor.
    expect(await stalledItemJobs(stack.redisUrl, 'file-import', runId)).toBeGreaterThan(0);
  }, 180_000);

  it('content-classifier-service and then file-system-service SIGKILLed mid-run and restarted: items retry with backoff and all complete', async () => {
    const { files, runId } = await startRunOn('services-killed');

    expect((await stack.kill('content-classifier-service')).signal).toBe('SIGKILL');
    await stack.restart('content-classifier-service');
    // Work resumes after the restart before the next fault lands.
    const { counts } = await api.get(runId);
    await api.waitForProgress(runId, Math.min(counts.total - counts.pending + FAULT_AFTER_ITEMS, FILES_PER_RUN), RUN_TIMEOUT_MS);

    expect((await stack.kill('file-system-service')).signal).toBe('SIGKILL');
    await stack.restart('file-system-service');

    const run = await api.waitForEnd(runId, RUN_TIMEOUT_MS);
    expectIntact(files, run);
    expect(run.state).toBe('completed');
    // The outages were felt: some items needed more than one attempt, and got there.
    expect(run.items.filter((item) => item.attempts > 1).length).toBeGreaterThan(0);
  }, 240_000);

  it('Redis restarted mid-run (AOF on): the run completes with every file filed once; meanwhile the tools that need Redis answer 503, which callers retry', async () => {
    const { files, runId } = await startRunOn('redis-restarted');

    await stack.stopRedis();
    const whileDown = await toolsNeedingRedis();
    await stack.startRedis();

    const run = await api.waitForEnd(runId, RUN_TIMEOUT_MS);
    // An item in flight meets these answers: 503 is retried, a 500 would fail the item for good.
    expect(whileDown).toEqual(REDIS_TOOLS.map(({ tool }) => ({ tool, status: 503, code: 'unavailable' })));
    expectIntact(files, run);
    expect(run.state).toBe('completed');
  }, 180_000);

  it('105 invoices whose notes are all titled "INVOICE" in one folder: every one filed, none half-moved', async () => {
    // Not a crash but a poisoned item: what a note that cannot be written does to a file already moved.
    const files = fillSameTitleInvoices(stack.unsortedDir, 'same-title', 105);
    const runId = await api.start('file-import', { prefix: 'same-title' });

    const run = await api.waitForEnd(runId, RUN_TIMEOUT_MS);
    expect(importProblems(stack.vaultDir, stack.unsortedDir, files, run)).toEqual([]);
    expect(run.counts).toMatchObject({ total: 105, pending: 0, failed: 0 });
  }, 180_000);

  it('the whole stack stopped with SIGTERM mid-run and started again on the same data: the run finishes, every file once', async () => {
    const { files, runId } = await startRunOn('stack-restarted');
    const token = stack.token;

    const [replicaExit] = await Promise.all([replica!.handle.stop(), stack.stop()]);
    replica = undefined;
    // A clean stop: every process drained and exited 0 (the agents after finishing their active items).
    expect(replicaExit).toEqual({ code: 0, signal: null });
    expect(stack.apps.map((app) => [app.name, app.exit])).toEqual([...SERVICES, AGENT].map((name) => [name, { code: 0, signal: null }]));

    const restartedAt = new Date().toISOString();
    await startFaultStack(token);
    await startSecondWorker();

    const run = await api.waitForEnd(runId, RUN_TIMEOUT_MS);
    expectIntact(files, run);
    expect(run.state).toBe('completed');
    // The second stack did the rest of the work: the run was really cut in the middle.
    expect(run.items.filter((item) => item.finishedAt! > restartedAt).length).toBeGreaterThan(FILES_PER_RUN / 2);
  }, 240_000);
});
