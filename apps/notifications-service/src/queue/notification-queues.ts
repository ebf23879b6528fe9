import { createHash, randomUUID } from 'node:crypto';
import { injectTraceContext, type TraceCarrier } from '@emm/telemetry';
import { FlowProducer, type Job, type JobsOptions, Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { ChannelName, Notification, NotificationLink, Severity } from '../notifications/notification';
import type { NotifySettings } from '../notifications/settings';
import type { QueueCount } from '@emm/metrics';

/** Each channel has its own queue, so each has its own rate limit, retries and failed set. */
export const QUEUE_BASE_NAME = 'emm-notifications';
export const DELIVERY_JOB_NAME = 'deliver';
/** Selects the backoff strategy of DeliveryWorkers (exponential with jitter, or the receiver's Retry-After). */
export const BACKOFF_TYPE = 'notify';

export function queueName(channel: ChannelName): string {
  return `${QUEUE_BASE_NAME}-${channel}`;
}

export interface DeliveryJobData {
  notification: Notification;
  /** W3C trace context of the notify call, so the delivery continues its trace. */
  trace: TraceCarrier;
}

export interface NotifyRequest {
  title: string;
  message: string;
  severity: Severity;
  links: NotificationLink[];
  dedupeKey?: string;
}

export interface EnqueueResult {
  id: string;
  /** true when the dedupe key was used within its window: nothing new is sent. */
  deduplicated: boolean;
  channels: ChannelName[];
}

export type ChannelState = 'queued' | 'sending' | 'retrying' | 'delivered' | 'failed';

export interface ChannelStatus {
  channel: ChannelName;
  state: ChannelState;
  /** Attempts made so far (a delivered notification counts its successful attempt). */
  attempts: number;
  maxAttempts: number;
  lastError?: string;
  deliveredAt?: string;
  failedAt?: string;
}

export interface NotificationStatus {
  notification: Notification;
  channels: ChannelStatus[];
}

export interface FailedDelivery {
  id: string;
  channel: ChannelName;
  title: string;
  severity: Severity;
  attempts: number;
  lastError: string;
  failedAt?: string;
}

/** The main Redis is not connected: the operation was not attempted. */
export class QueueUnavailableError extends Error {
  override readonly name = 'QueueUnavailableError';
}

const DEDUPE_KEY_PREFIX = 'emm:notifications-service:dedupe:';

/**
 * The producer side: enqueues a notification as one job per channel, answers
 * what became of it, and lets an operator see and retry what failed. Works on
 * the main Redis through the app's fail-fast request connection, so a tool
 * call during a Redis outage fails at once instead of hanging.
 */
export class NotificationQueues {
  private readonly queues = new Map<ChannelName, Queue<DeliveryJobData>>();
  private readonly flows: FlowProducer;

  constructor(
    private readonly redis: Redis,
    private readonly settings: NotifySettings,
    onError: (error: Error) => void,
    private readonly now: () => number = Date.now,
  ) {
    for (const { name } of settings.channels) {
      const queue = new Queue<DeliveryJobData>(queueName(name), { connection: redis });
      queue.on('error', onError);
      this.queues.set(name, queue);
    }
    this.flows = new FlowProducer({ connection: redis });
    this.flows.on('error', onError);
  }

  get channels(): ChannelName[] {
    return [...this.queues.keys()];
  }

  /**
   * One job per channel, added atomically, all with the notification's id as
   * job id. With a dedupe key the id is the one the key got first within its
   * window; adding again is then a no-op (BullMQ ignores a known job id) and
   * also completes an enqueue that a crash interrupted.
   */
  async enqueue(request: NotifyRequest): Promise<EnqueueResult> {
    this.assertConnected();
    let id: string = randomUUID();
    let deduplicated = false;
    if (request.dedupeKey !== undefined) {
      const earlier = await this.redis.set(dedupeRedisKey(request.dedupeKey), id, 'PX', this.settings.dedupeWindowMs, 'NX', 'GET');
      if (earlier !== null) {
        id = earlier;
        deduplicated = true;
      }
    }
    const notification: Notification = {
      id,
      title: request.title,
      message: request.message,
      severity: request.severity,
      links: request.links,
      ...(request.dedupeKey !== undefined && { dedupeKey: request.dedupeKey }),
      createdAt: new Date(this.now()).toISOString(),
    };
    const data: DeliveryJobData = { notification, trace: injectTraceContext({}) };
    const added = await this.flows.addBulk(
      this.channels.map((channel) => ({ name: DELIVERY_JOB_NAME, queueName: queueName(channel), data, opts: this.jobOptions(id) })),
    );
    if (added === undefined) throw new Error('the notification queues are closing');
    return { id, deduplicated, channels: this.channels };
  }

  /** Per-channel state of a notification; undefined when no channel knows the id (never sent, or past NOTIFY_HISTORY_MS). */
  async status(id: string): Promise<NotificationStatus | undefined> {
    this.assertConnected();
    const found = await Promise.all(
      [...this.queues].map(async ([channel, queue]) => {
        const job = await queue.getJob(id);
        return job === undefined ? undefined : { channel, job, state: await job.getState() };
      }),
    );
    const jobs = found.filter((entry) => entry !== undefined);
    if (jobs.length === 0) return undefined;
    return {
      notification: jobs[0].job.data.notification,
      channels: jobs.map(({ channel, job, state }) => describeJob(channel, job, state)),
    };
  }

  /** The failed set, newest first: deliveries that used up their attempts or were refused for good. */
  async listFailed(channel: ChannelName | undefined, limit: number): Promise<{ total: number; failed: FailedDelivery[] }> {
    this.assertConnected();
    const queues = this.selectQueues(channel);
    const perQueue = await Promise.all(
      queues.map(async ([name, queue]) => ({
        total: await queue.getFailedCount(),
        jobs: (await queue.getFailed(0, limit - 1)).map((job) => ({ name, job })),
      })),
    );
    const failed = perQueue
      .flatMap(({ jobs }) => jobs)
      .filter(({ job }) => job !== undefined && job.data !== undefined)
      .sort((a, b) => (b.job.finishedOn ?? 0) - (a.job.finishedOn ?? 0))
      .slice(0, limit)
      .map(({ name, job }) => ({
        id: job.data.notification.id,
        channel: name,
        title: job.data.notification.title,
        severity: job.data.notification.severity,
        attempts: job.attemptsMade,
        lastError: job.failedReason ?? '',
        failedAt: isoTime(job.finishedOn),
      }));
    return { total: perQueue.reduce((sum, { total }) => sum + total, 0), failed };
  }

  /**
   * Moves failed deliveries back to the queue with a fresh set of attempts:
   * those of one notification, or (without an id) up to `limit` of the
   * oldest. A delivery that is no longer failed (retried meanwhile by someone
   * else) is skipped.
   */
  async retryFailed(selection: { id?: string; channel?: ChannelName; limit: number }): Promise<Array<{ id: string; channel: ChannelName }>> {
    this.assertConnected();
    const candidates: Array<{ channel: ChannelName; job: Job<DeliveryJobData> }> = [];
    for (const [channel, queue] of this.selectQueues(selection.channel)) {
      if (selection.id !== undefined) {
        const job = await queue.getJob(selection.id);
        if (job !== undefined) candidates.push({ channel, job });
      } else {
        // Oldest first: the longest-waiting notifications go out first.
        const jobs = await queue.getJobs(['failed'], 0, selection.limit - 1, true);
        for (const job of jobs) if (job !== undefined) candidates.push({ channel, job: job as Job<DeliveryJobData> });
      }
    }
    const retried: Array<{ id: string; channel: ChannelName }> = [];
    for (const { channel, job } of candidates.slice(0, selection.limit)) {
      if (job.id === undefined || (await job.getState()) !== 'failed') continue;
      try {
        await job.retry('failed', { resetAttemptsMade: true, resetAttemptsStarted: true });
        retried.push({ id: job.id, channel });
      } catch (error) {
        // Lost a race with another retry; anything else is a real problem.
        if ((await job.getState()) === 'failed') throw error;
      }
    }
    return retried;
  }

  /** Job counts per queue and state, for the queue_jobs gauge. */
  async counts(): Promise<QueueCount[]> {
    this.assertConnected();
    const states = ['waiting', 'prioritized', 'active', 'delayed', 'completed', 'failed'] as const;
    const perQueue = await Promise.all(
      [...this.queues.values()].map(async (queue) => {
        const counts = await queue.getJobCounts(...states);
        return states.map((state) => ({ queue: queue.name, state, count: counts[state] ?? 0 }));
      }),
    );
    return perQueue.flat();
  }

  async close(): Promise<void> {
    await Promise.all([...[...this.queues.values()].map((queue) => queue.close()), this.flows.close()]);
  }

  /**
   * BullMQ waits for a first connection without a time limit, and commands on
   * the fail-fast connection fail at once anyway: refuse up front rather than
   * leave a caller hanging while Redis is away.
   */
  private assertConnected(): void {
    if (this.redis.status !== 'ready') throw new QueueUnavailableError(`Redis is not connected (${this.redis.status})`);
  }

  private selectQueues(channel: ChannelName | undefined): Array<[ChannelName, Queue<DeliveryJobData>]> {
    return [...this.queues].filter(([name]) => channel === undefined || name === channel);
  }

  private jobOptions(id: string): JobsOptions {
    const historySeconds = Math.ceil(this.settings.historyMs / 1000);
    return {
      jobId: id,
      attempts: this.settings.maxAttempts,
      backoff: { type: BACKOFF_TYPE },
      removeOnComplete: { age: historySeconds },
      removeOnFail: { age: historySeconds },
    };
  }
}

/** Hashed: a dedupe key is caller text of any length and alphabet. */
function dedupeRedisKey(dedupeKey: string): string {
  return `${DEDUPE_KEY_PREFIX}${createHash('sha256').update(dedupeKey).digest('hex')}`;
}

function describeJob(channel: ChannelName, job: Job<DeliveryJobData>, state: string): ChannelStatus {
  const base = { channel, attempts: job.attemptsMade, maxAttempts: job.opts.attempts ?? 1 };
  const lastError = job.failedReason === undefined || job.failedReason === '' ? undefined : job.failedReason;
  switch (state) {
    case 'completed':
      return { ...base, state: 'delivered', deliveredAt: isoTime(job.finishedOn) };
    case 'failed':
      return { ...base, state: 'failed', lastError, failedAt: isoTime(job.finishedOn) };
    case 'active':
      return { ...base, state: 'sending', lastError };
    case 'delayed':
      return { ...base, state: job.attemptsMade > 0 ? 'retrying' : 'queued', lastError };
    default:
      return { ...base, state: 'queued', lastError };
  }
}

function isoTime(epochMs: number | undefined): string | undefined {
  return epochMs === undefined || epochMs === 0 ? undefined : new Date(epochMs).toISOString();
}
