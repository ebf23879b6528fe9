import { extractTraceContext, withSpan } from '@emm/telemetry';
import { context } from '@opentelemetry/api';
import { type Job, UnrecoverableError, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { retryDelayMs } from '../delivery/backoff';
import type { DeliveryChannel } from '../delivery/channels';
import { DeliveryError, RateLimitedError } from '../delivery/errors';
import type { SecretScrubber } from '../delivery/redaction';
import type { ChannelName } from '../notifications/notification';
import type { NotifySettings } from '../notifications/settings';
import { observeAttemptDuration, recordAttempt } from './metrics';
import { RepeatFilter } from './repeat-filter';
import { type DeliveryJobData, queueName } from './notification-queues';

export interface WorkerLog {
  info(message: string, fields: Record<string, unknown>): void;
  warn(message: string, fields: Record<string, unknown>): void;
  error(message: string, fields: Record<string, unknown>): void;
}

const RATE_LIMIT_WINDOW_MS = 60_000;
const REPEATED_ERROR_QUIET_MS = 60_000;

/**
 * The consumer side: one BullMQ worker per channel. A failed attempt is
 * retried with backoff (or after the receiver's Retry-After) until
 * NOTIFY_MAX_ATTEMPTS, then the job stays in the failed set. Each channel's
 * rate limit is BullMQ's queue-wide limiter, so it holds across replicas.
 */
export class DeliveryWorkers {
  private readonly workers: Worker<DeliveryJobData>[] = [];
  private readonly connectionErrors = new RepeatFilter(REPEATED_ERROR_QUIET_MS);

  constructor(
    private readonly connection: Redis,
    private readonly channels: ReadonlyMap<ChannelName, DeliveryChannel>,
    private readonly settings: NotifySettings,
    private readonly scrubber: SecretScrubber,
    private readonly log: WorkerLog,
  ) {}

  start(): void {
    for (const { name, ratePerMinute } of this.settings.channels) {
      const channel = this.channels.get(name);
      if (channel === undefined) throw new Error(`no delivery channel for ${name}`);
      const worker = new Worker<DeliveryJobData>(queueName(name), (job, _token, signal) => this.process(channel, job, signal), {
        connection: this.connection,
        concurrency: this.settings.concurrency,
        ...this.settings.lease,
        ...(ratePerMinute > 0 && { limiter: { max: ratePerMinute, duration: RATE_LIMIT_WINDOW_MS } }),
        settings: { backoffStrategy: (attemptsMade, _type, error) => retryDelayMs(attemptsMade, error, this.settings.backoff) },
      });
      worker.on('completed', (job) => this.onDelivered(name, job));
      worker.on('failed', (job, error) => this.onAttemptFailed(name, job, error));
      worker.on('error', (error) => this.onWorkerError(name, error));
      this.workers.push(worker);
    }
  }

  /** Running once start() has made every worker and none is closing. */
  isRunning(): boolean {
    return this.workers.length === this.settings.channels.length && this.workers.every((worker) => !worker.closing);
  }

  /** Stops taking jobs and waits for the deliveries in flight (each bounded by NOTIFY_DELIVERY_TIMEOUT_MS). */
  async close(): Promise<void> {
    await Promise.all(this.workers.map((worker) => worker.close()));
  }

  private async process(channel: DeliveryChannel, job: Job<DeliveryJobData>, signal: AbortSignal | undefined): Promise<void> {
    const { notification, trace } = job.data;
    const attempt = job.attemptsMade + 1;
    const started = performance.now();
    try {
      await context.with(extractTraceContext(trace ?? {}), () =>
        withSpan(
          `notification.deliver ${channel.name}`,
          { 'notification.id': notification.id, 'notification.channel': channel.name, 'notification.attempt': attempt },
          () => channel.deliver(notification, { number: attempt, signal }),
        ),
      );
    } catch (error) {
      throw this.safeError(error);
    } finally {
      observeAttemptDuration(channel.name, (performance.now() - started) / 1000);
    }
  }

  /** What BullMQ stores (failedReason, stack) reaches operators: scrub secrets, keep the error's class for the retry decision. */
  private safeError(error: unknown): Error {
    if (error instanceof DeliveryError || error instanceof UnrecoverableError) {
      error.message = this.scrubber.scrub(error.message);
      error.stack = this.scrubber.scrub(error.stack ?? '');
      return error;
    }
    const message = error instanceof Error ? error.message : String(error);
    return new DeliveryError(this.scrubber.scrub(message));
  }

  private onWorkerError(channel: ChannelName, error: Error): void {
    const reason = this.scrubber.scrub(error.message);
    if (this.connectionErrors.shouldShow(channel, reason)) this.log.error('notification worker error', { channel, reason });
  }

  private onDelivered(channel: ChannelName, job: Job<DeliveryJobData>): void {
    recordAttempt(channel, 'delivered');
    this.log.info('notification delivered', { notification_id: job.id, channel, attempt: job.attemptsMade });
  }

  private onAttemptFailed(channel: ChannelName, job: Job<DeliveryJobData> | undefined, error: Error): void {
    const reason = this.scrubber.scrub(error.message);
    if (job === undefined) {
      this.log.error('notification delivery failed', { channel, reason });
      return;
    }
    const final = error instanceof UnrecoverableError || job.attemptsMade >= (job.opts.attempts ?? 1);
    recordAttempt(channel, final ? 'failed' : error instanceof RateLimitedError ? 'rate_limited' : 'retrying');
    const fields = { notification_id: job.id, channel, attempt: job.attemptsMade, max_attempts: job.opts.attempts, reason };
    if (final) this.log.error('notification delivery failed; moved to the failed set', fields);
    else this.log.warn('notification delivery attempt failed; will retry', { ...fields, retry_in_ms: job.delay });
  }
}
