import { createHash } from 'node:crypto';
import type { QueueCount } from '@emm/metrics';
import { injectTraceContext, type TraceCarrier } from '@emm/telemetry';
import { FlowProducer, type JobsOptions, Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { AgentSettings } from '../agent-env';
import type { Schedule } from '../schedule/schedule';

/** The jobs of a workflow's queue (the queue is named after the workflow). */
export const JOB = { plan: 'plan', item: 'item', finish: 'finish', scheduled: 'scheduled' } as const;

export interface PlanJobData {
  runId: string;
  trace: TraceCarrier;
}

export interface ItemJobData {
  runId: string;
  key: string;
  round: number;
  trace: TraceCarrier;
}

export interface FinishJobData {
  runId: string;
  round: number;
  trace: TraceCarrier;
}

export interface ScheduledJobData {
  input: Record<string, unknown>;
}

const SCHEDULER_ID = 'schedule';
const QUEUE_STATES = ['waiting', 'prioritized', 'active', 'delayed', 'failed', 'waiting-children'] as const;

/**
 * The producer side of every workflow's queue. Job ids derive from the run
 * (and item key and retry round), so enqueueing again after a crash adds
 * nothing twice: BullMQ ignores a job id it already has.
 */
export class WorkflowQueues {
  private readonly queues = new Map<string, Queue>();
  private readonly flows: FlowProducer;

  constructor(
    connection: Redis,
    workflows: readonly string[],
    private readonly settings: AgentSettings,
    onError: (error: Error) => void,
  ) {
    for (const name of workflows) {
      const queue = new Queue(name, { connection });
      queue.on('error', onError);
      this.queues.set(name, queue);
    }
    this.flows = new FlowProducer({ connection });
    this.flows.on('error', onError);
  }

  async enqueuePlan(workflow: string, runId: string, round: number): Promise<void> {
    const data: PlanJobData = { runId, trace: injectTraceContext({}) };
    await this.queue(workflow).add(JOB.plan, data, { ...this.baseOptions(), jobId: `${runId}.plan.${round}`, attempts: this.settings.attempts });
  }

  /**
   * One flow per run (and per retry round): a finish job whose children are
   * the items. The finish job runs once every child is done, whatever became
   * of them (failed children are ignored, not fatal).
   */
  async enqueueItems(workflow: string, runId: string, keys: readonly string[], round: number): Promise<void> {
    const trace = injectTraceContext({});
    const itemOptions: JobsOptions = {
      ...this.baseOptions(),
      attempts: this.settings.attempts,
      backoff: { type: 'exponential', delay: this.settings.backoffMs },
      ignoreDependencyOnFailure: true,
    };
    await this.flows.add({
      name: JOB.finish,
      queueName: workflow,
      data: { runId, round, trace } satisfies FinishJobData,
      opts: { ...this.baseOptions(), jobId: `${runId}.finish.${round}`, attempts: this.settings.attempts, backoff: { type: 'exponential', delay: this.settings.backoffMs } },
      children: keys.map((key) => ({
        name: JOB.item,
        queueName: workflow,
        data: { runId, key, round, trace } satisfies ItemJobData,
        opts: { ...itemOptions, jobId: itemJobId(runId, key, round) },
      })),
    });
  }

  /** Finishes a run with no items (nothing to plan): the finish job alone. */
  async enqueueFinish(workflow: string, runId: string, round: number): Promise<void> {
    const data: FinishJobData = { runId, round, trace: injectTraceContext({}) };
    await this.queue(workflow).add(JOB.finish, data, { ...this.baseOptions(), jobId: `${runId}.finish.${round}`, attempts: this.settings.attempts });
  }

  /**
   * The workflow's schedule: BullMQ job schedulers produce one job per
   * period however many replicas upsert the same scheduler. Without a
   * schedule any earlier one is removed.
   */
  async applySchedule(workflow: string, schedule: { schedule: Schedule; input: Record<string, unknown> } | undefined): Promise<void> {
    const queue = this.queue(workflow);
    if (schedule === undefined) {
      await queue.removeJobScheduler(SCHEDULER_ID);
      return;
    }
    const repeat = 'every' in schedule.schedule ? { every: schedule.schedule.every } : { pattern: schedule.schedule.pattern, tz: schedule.schedule.tz };
    await queue.upsertJobScheduler(SCHEDULER_ID, repeat, {
      name: JOB.scheduled,
      data: { input: schedule.input } satisfies ScheduledJobData,
      opts: { ...this.baseOptions(), attempts: this.settings.attempts },
    });
  }

  async counts(): Promise<QueueCount[]> {
    const perQueue = await Promise.all(
      [...this.queues.values()].map(async (queue) => {
        const counts = await queue.getJobCounts(...QUEUE_STATES);
        return QUEUE_STATES.map((state) => ({ queue: queue.name, state, count: counts[state] ?? 0 }));
      }),
    );
    return perQueue.flat();
  }

  async close(): Promise<void> {
    await Promise.all([...[...this.queues.values()].map((queue) => queue.close()), this.flows.close()]);
  }

  private queue(workflow: string): Queue {
    const queue = this.queues.get(workflow);
    if (queue === undefined) throw new Error(`unknown workflow ${workflow}`);
    return queue;
  }

  /** Jobs are bookkeeping; the run store keeps the history. Keep finished jobs briefly for operators. */
  private baseOptions(): JobsOptions {
    return { removeOnComplete: { age: 3_600, count: 100_000 }, removeOnFail: { age: 7 * 24 * 3_600 } };
  }
}

/** `<run>.<hash of key>.<round>`: item keys may hold any character, job ids may not hold ':'. */
export function itemJobId(runId: string, key: string, round: number): string {
  return `${runId}.${createHash('sha256').update(key).digest('hex').slice(0, 32)}.${round}`;
}
