import { McpCallError } from '@emm/mcp';
import { extractTraceContext, withSpan } from '@emm/telemetry';
import { context } from '@opentelemetry/api';
import { type Job, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import type { AgentSettings } from '../agent-env';
import { observeItemAttempt, recordItem, recordRunFinished, recordStalled } from '../metrics';
import type { RunEvents } from '../runs/run-events';
import type { RunStore } from '../runs/run-store';
import { FINAL_RUN_STATES, type ItemOutcome, PermanentItemError, type RunState, type Workflow, type WorkflowContext, type WorkflowLog } from '../workflow';
import { type FinishJobData, type ItemJobData, JOB, type PlanJobData, type ScheduledJobData, type WorkflowQueues } from './workflow-queues';

const MAX_ERROR_LENGTH = 1_000;

/**
 * The consumer side: one BullMQ worker per workflow, taking the plan, item
 * and finish jobs of its runs (and the jobs its schedule produces). Every
 * handler may run again for the same job (a killed worker's job is taken up
 * by another), so each checks the run store before it acts.
 */
export class WorkflowWorkers {
  private readonly workers: Worker[] = [];
  /** Aborted when the workers are told to stop: items in flight hear it through their signal. */
  private readonly stopping = new AbortController();

  constructor(
    private readonly connection: Redis,
    private readonly workflows: ReadonlyMap<string, Workflow>,
    private readonly store: RunStore,
    private readonly queues: WorkflowQueues,
    private readonly events: RunEvents,
    private readonly settings: AgentSettings,
    private readonly log: WorkflowLog,
  ) {}

  start(): void {
    for (const workflow of this.workflows.values()) {
      const worker = new Worker(workflow.name, (job, token, signal) => this.process(workflow, job, signal), {
        connection: this.connection,
        concurrency: this.settings.concurrency,
        ...this.settings.lease,
      });
      worker.on('error', (error) => this.log.error('workflow worker error', { workflow: workflow.name, reason: error.message }));
      worker.on('failed', (job, error) => void this.onJobFailed(workflow, job, error));
      // A killed worker's job, taken up again by this one: worth a line and a count, it is where duplicates would come from.
      worker.on('stalled', (jobId) => {
        recordStalled(workflow.name);
        this.log.warn('a job lost its worker and is taken up again', { workflow: workflow.name, job_id: jobId });
      });
      this.workers.push(worker);
    }
  }

  isRunning(): boolean {
    return this.workers.length === this.workflows.size && this.workers.every((worker) => worker.isRunning() && !worker.closing);
  }

  /** Stops taking jobs and waits for the active ones (each bounded by ITEM_TIMEOUT_MS). */
  async close(): Promise<void> {
    await Promise.all(this.workers.map((worker) => worker.close()));
    this.stopping.abort();
  }

  private async process(workflow: Workflow, job: Job, signal: AbortSignal | undefined): Promise<void> {
    const data = job.data as { trace?: Record<string, string> };
    await context.with(extractTraceContext(data.trace ?? {}), async () => {
      switch (job.name) {
        case JOB.plan:
          return this.plan(workflow, job as Job<PlanJobData>);
        case JOB.item:
          return this.item(workflow, job as Job<ItemJobData>, signal);
        case JOB.finish:
          return this.finish(workflow, job as Job<FinishJobData>);
        case JOB.scheduled:
          return this.scheduled(workflow, job as Job<ScheduledJobData>);
        default:
          this.log.warn('unknown job in a workflow queue; dropped', { workflow: workflow.name, job: job.name });
      }
    });
  }

  /** A schedule fired: a run like POST /runs would make, once per fired job (its id is the period). */
  private async scheduled(workflow: Workflow, job: Job<ScheduledJobData>): Promise<void> {
    const input = workflow.input.safeParse(job.data.input);
    if (!input.success) {
      this.log.error('scheduled run not started: RUN_SCHEDULE_INPUT does not fit the workflow', { workflow: workflow.name, reason: input.error.message });
      return;
    }
    // A period whose predecessor is still running is skipped: overlapping runs would list the same files or pages twice.
    const active = await this.store.activeCount(workflow.name);
    if (active > 0) {
      this.log.info('scheduled run skipped: a run of this workflow is still going', { workflow: workflow.name, active_runs: active });
      return;
    }
    const { run, created } = await this.store.create({ workflow: workflow.name, input: input.data, trigger: 'schedule', idempotencyKey: `schedule:${job.id ?? job.timestamp}` });
    if (created) this.log.info('scheduled run started', { workflow: workflow.name, run_id: run.id });
    await this.queues.enqueuePlan(workflow.name, run.id, 0);
  }

  private async plan(workflow: Workflow, job: Job<PlanJobData>): Promise<void> {
    const { runId } = job.data;
    const run = await this.store.get(runId);
    if (run === undefined) return; // expired or unknown: nothing to do
    if (run.state === 'cancelling') {
      await this.queues.enqueueFinish(workflow.name, runId, run.retries);
      return;
    }
    if (!(await this.store.isPlanned(runId))) {
      if ((await this.store.transition(runId, 'planning', [...FINAL_RUN_STATES, 'running', 'cancelling'])) === 'queued') {
        await this.store.update(runId, { startedAt: String(Date.now()) });
        await this.publishState(runId, 'planning');
      }
      const controller = new AbortController();
      const timeout = setTimeout(() => controller.abort(new Error('planning took too long')), this.settings.planTimeoutMs);
      try {
        const parsed = workflow.input.parse(run.input);
        const plan = await withSpan(`workflow.plan ${workflow.name}`, { 'workflow.name': workflow.name, 'workflow.run_id': runId }, () =>
          workflow.plan(parsed, this.context(workflow, runId, controller.signal)),
        );
        assertUniqueKeys(plan.items.map((item) => item.key));
        const { newlyRejected } = await this.store.savePlan(runId, plan.items, plan.rejected ?? []);
        for (let i = 0; i < newlyRejected; i += 1) recordItem(workflow.name, 'failed');
        await this.store.update(runId, { planned: '1' });
      } catch (error) {
        clearTimeout(timeout);
        if (isPermanent(error) || job.attemptsMade + 1 >= (job.opts.attempts ?? 1)) {
          await this.failRun(workflow, runId, `planning failed: ${reasonOf(error)}`);
          return;
        }
        throw error;
      } finally {
        clearTimeout(timeout);
      }
    }
    const before = await this.store.transition(runId, 'running', [...FINAL_RUN_STATES, 'cancelling']);
    if (before === undefined || FINAL_RUN_STATES.includes(before)) return;
    if (before === 'cancelling') {
      // Cancelled while planning: the finish job settles it.
      await this.queues.enqueueFinish(workflow.name, runId, run.retries);
      return;
    }
    if (before !== 'running') await this.publishState(runId, 'running');
    const pending = (await this.store.items(runId, 'pending')).map((item) => item.key);
    if (pending.length === 0) await this.queues.enqueueFinish(workflow.name, runId, run.retries);
    else await this.queues.enqueueItems(workflow.name, runId, pending, run.retries);
  }

  private async item(workflow: Workflow, job: Job<ItemJobData>, signal: AbortSignal | undefined): Promise<void> {
    const { runId, key } = job.data;
    const [current, state] = await Promise.all([this.store.item(runId, key), this.store.state(runId)]);
    if (current === undefined || current.status !== 'pending' || state === undefined) return; // done before (a repeated delivery), or the run expired
    const attempt = job.attemptsMade + 1;
    if (state === 'cancelling' || state === 'cancelled') {
      await this.record(workflow, runId, { ...current, status: 'skipped', detail: 'run cancelled', attempts: current.attempts });
      return;
    }
    const payload = await this.store.payload(runId, key);
    const controller = new AbortController();
    const timeout = setTimeout(() => controller.abort(new Error(`the item took longer than ${this.settings.itemTimeoutMs} ms`)), this.settings.itemTimeoutMs);
    const abort = (): void => controller.abort(new Error('the worker is stopping'));
    signal?.addEventListener('abort', abort, { once: true });
    const started = performance.now();
    try {
      const result = await withSpan(
        `workflow.item ${workflow.name}`,
        { 'workflow.name': workflow.name, 'workflow.run_id': runId, 'workflow.item': current.label, 'workflow.attempt': attempt },
        () => raceAbort(workflow.processItem({ key, label: current.label, payload }, this.context(workflow, runId, controller.signal)), controller.signal),
      );
      await this.record(workflow, runId, {
        key,
        label: current.label,
        status: result.status,
        ...(result.notePath !== undefined && { notePath: result.notePath }),
        ...(result.detail !== undefined && { detail: result.detail }),
        ...(result.data !== undefined && { data: result.data }),
        attempts: attempt,
      });
    } catch (error) {
      const final = isPermanent(error) || attempt >= (job.opts.attempts ?? 1);
      const reason = reasonOf(error);
      if (final) {
        const prefix = isPermanent(error) ? '' : `gave up after ${attempt} attempt${attempt === 1 ? '' : 's'}: `;
        await this.record(workflow, runId, { key, label: current.label, status: 'failed', error: `${prefix}${reason}`, attempts: attempt });
        return;
      }
      this.log.warn('item attempt failed; will retry', { workflow: workflow.name, run_id: runId, item: current.label, attempt, reason });
      await this.store.setOutcome(runId, { ...current, attempts: attempt, error: reason });
      throw new Error(reason);
    } finally {
      clearTimeout(timeout);
      signal?.removeEventListener('abort', abort);
      observeItemAttempt(workflow.name, (performance.now() - started) / 1000);
    }
  }

  private async finish(workflow: Workflow, job: Job<FinishJobData>): Promise<void> {
    const { runId } = job.data;
    let summary = await this.store.summary(runId);
    if (summary === undefined) return;
    // Already settled: a repeated delivery of this job.
    if (summary.state !== 'running' && summary.state !== 'cancelling') return;
    const cancelled = summary.state === 'cancelling';
    // Items whose jobs failed outright (their worker vanished too often) never recorded an outcome.
    for (const item of summary.items.filter((entry) => entry.status === 'pending')) {
      await this.record(workflow, runId, {
        key: item.key,
        label: item.label,
        status: cancelled ? 'skipped' : 'failed',
        ...(cancelled ? { detail: 'run cancelled' } : { error: 'the item was lost: its worker stopped too many times while working on it' }),
        attempts: item.attempts,
      });
    }
    summary = (await this.store.summary(runId)) ?? summary;
    const state: RunState = cancelled || summary.state === 'cancelling' ? 'cancelled' : summary.counts.failed > 0 ? 'completed_with_errors' : 'completed';
    if (workflow.finish !== undefined) {
      const finishing = { ...summary, state };
      await withSpan(`workflow.finish ${workflow.name}`, { 'workflow.name': workflow.name, 'workflow.run_id': runId }, () =>
        workflow.finish!(finishing, this.context(workflow, runId, AbortSignal.timeout(this.settings.itemTimeoutMs))),
      );
    }
    const finishedAt = Date.now();
    await this.store.update(runId, { finishedAt: String(finishedAt) });
    // Cancel may arrive between the summary and here: it wins.
    let previous = await this.store.transition(runId, state, [...FINAL_RUN_STATES, 'cancelling']);
    if (previous === 'cancelling') previous = await this.store.transition(runId, 'cancelled');
    if (previous === undefined || FINAL_RUN_STATES.includes(previous)) return;
    const settled: RunState = previous === 'cancelling' ? 'cancelled' : state;
    const seconds = summary.startedAt === undefined ? undefined : (finishedAt - Date.parse(summary.startedAt)) / 1000;
    recordRunFinished(workflow.name, settled, seconds);
    this.log.info('run finished', { workflow: workflow.name, run_id: runId, state: settled, ...summary.counts });
    await this.publishState(runId, settled);
  }

  private async failRun(workflow: Workflow, runId: string, reason: string): Promise<void> {
    await this.store.update(runId, { error: reason });
    const summary = await this.store.summary(runId);
    if (summary === undefined || FINAL_RUN_STATES.includes(summary.state)) return;
    // The workflow hears of it too (its summary notification), before the run shows as ended.
    if (workflow.finish !== undefined) {
      await workflow
        .finish({ ...summary, state: 'failed', error: reason }, this.context(workflow, runId, AbortSignal.timeout(this.settings.itemTimeoutMs)))
        .catch((error: unknown) => this.log.warn('finish of a failed run failed', { workflow: workflow.name, run_id: runId, reason: reasonOf(error) }));
    }
    await this.store.update(runId, { finishedAt: String(Date.now()) });
    const previous = await this.store.transition(runId, 'failed');
    if (previous === undefined || FINAL_RUN_STATES.includes(previous)) return;
    const run = await this.store.get(runId);
    recordRunFinished(workflow.name, 'failed', run?.durationMs === undefined ? undefined : run.durationMs / 1000);
    this.log.error('run failed', { workflow: workflow.name, run_id: runId, reason });
    await this.publishState(runId, 'failed', reason);
  }

  /** Stores an item's final outcome, counts it once and tells the run's listeners. */
  private async record(workflow: Workflow, runId: string, outcome: ItemOutcome): Promise<void> {
    const final = { ...outcome, error: outcome.error?.slice(0, MAX_ERROR_LENGTH), finishedAt: new Date().toISOString() };
    if (final.error === undefined) delete final.error;
    if (!(await this.store.setOutcome(runId, final))) return;
    recordItem(workflow.name, final.status as Exclude<ItemOutcome['status'], 'pending'>);
    await this.events.publish({ type: 'item', runId, item: final, counts: await this.store.counts(runId) });
  }

  private async publishState(runId: string, state: RunState, error?: string): Promise<void> {
    const run = await this.store.get(runId);
    if (run !== undefined) await this.events.publish({ type: 'state', runId, state, counts: run.counts, ...(error !== undefined && { error }) });
  }

  /** A job that failed outright (not through an item's own failure handling): the item's lost-job outcome comes in finish. */
  private async onJobFailed(workflow: Workflow, job: Job | undefined, error: Error): Promise<void> {
    if (job === undefined) return;
    const final = job.attemptsMade >= (job.opts.attempts ?? 1);
    this.log.warn(final ? 'workflow job failed' : 'workflow job attempt failed; will retry', {
      workflow: workflow.name,
      job: job.name,
      run_id: (job.data as { runId?: string }).runId,
      attempt: job.attemptsMade,
      reason: error.message,
    });
  }

  private context(workflow: Workflow, runId: string, signal: AbortSignal): WorkflowContext {
    const log = this.log;
    const fields = { workflow: workflow.name, run_id: runId };
    return {
      runId,
      workflow: workflow.name,
      signal,
      log: {
        info: (message, extra) => log.info(message, { ...fields, ...extra }),
        warn: (message, extra) => log.warn(message, { ...fields, ...extra }),
        error: (message, extra) => log.error(message, { ...fields, ...extra }),
      },
    };
  }
}

/** Retrying cannot help: the workflow says so, or a service refused the call itself. */
export function isPermanent(error: unknown): boolean {
  if (error instanceof PermanentItemError) return true;
  if (error instanceof McpCallError) return !error.retryable;
  return error instanceof Error && error.name === 'ZodError';
}

function reasonOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function assertUniqueKeys(keys: readonly string[]): void {
  const seen = new Set<string>();
  for (const key of keys) {
    if (seen.has(key)) throw new PermanentItemError(`the plan lists the item key ${JSON.stringify(key)} twice`);
    seen.add(key);
  }
}

/** Settles with the work, or rejects with the signal's reason when it aborts first (a workflow that ignores its signal cannot hold a worker slot past the time limit). */
function raceAbort<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason as Error);
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason as Error);
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}
