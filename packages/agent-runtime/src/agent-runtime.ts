import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { ReadinessCheck } from '@emm/health';
import { registerQueueCounts } from '@emm/metrics';
import { assertNoEviction, closeRedisClient, createRedisClient, REDIS_CLIENT, REDIS_SETTINGS, type RedisSettings, waitUntilReady } from '@emm/redis';
import type { Redis } from 'ioredis';
import type { AgentSettings } from './agent-env';
import { registerActiveCounts } from './metrics';
import { WorkflowQueues } from './queue/workflow-queues';
import { WorkflowWorkers } from './queue/workflow-workers';
import { RunEvents } from './runs/run-events';
import { RunService } from './runs/run-service';
import { RunStore } from './runs/run-store';
import { AGENT_SETTINGS, WORKFLOWS } from './tokens';
import type { Workflow, WorkflowLog } from './workflow';

const EVICTION_CHECK_WAIT_MS = 5_000;

/**
 * The agent's machinery, started and stopped in the order a rolling update
 * needs. The API side works on the app's fail-fast Redis connection (a
 * request during an outage gets 503 at once); the workers get their own
 * connection that waits out an outage, so no outcome is lost.
 *
 * Before any worker takes a job, the queue Redis must run with
 * maxmemory-policy noeviction: otherwise the agent refuses to start.
 */
@Injectable()
export class AgentRuntime implements OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown, ReadinessCheck {
  readonly name = 'agent-runtime';
  readonly runs: RunService;
  readonly events: RunEvents;
  private readonly logger = new Logger('AgentRuntime');
  private readonly queues: WorkflowQueues;
  private readonly store: RunStore;
  private readonly workerRedis: Redis | undefined;
  private readonly workers: WorkflowWorkers | undefined;
  private subscriber: Redis | undefined;
  private evictionChecked = false;
  private unregister: Array<() => void> = [];

  constructor(
    @Inject(AGENT_SETTINGS) private readonly settings: AgentSettings,
    @Inject(WORKFLOWS) private readonly workflows: ReadonlyMap<string, Workflow>,
    @Inject(REDIS_CLIENT) private readonly redis: Redis,
    @Inject(REDIS_SETTINGS) private readonly redisSettings: RedisSettings,
  ) {
    const prefix = `emm:${settings.agent}`;
    this.store = new RunStore(redis, prefix, settings.historyMs);
    const onQueueError = (error: Error): void => this.logger.warn({ msg: 'queue connection error', reason: error.message });
    this.queues = new WorkflowQueues(redis, [...workflows.keys()], settings, onQueueError);
    this.events = new RunEvents(`${prefix}:events`, redis, () => (this.subscriber ??= createRedisClient(redisSettings.main, 'subscriber', { name: settings.agent })));
    this.runs = new RunService(redis, this.store, this.queues, workflows);
    if (settings.role !== 'api') {
      this.workerRedis = createRedisClient(redisSettings.main, 'worker', { name: settings.agent });
      const workerStore = new RunStore(this.workerRedis, prefix, settings.historyMs);
      const workerQueues = new WorkflowQueues(this.workerRedis, [...workflows.keys()], settings, onQueueError);
      const workerEvents = new RunEvents(`${prefix}:events`, this.workerRedis, () => {
        throw new Error('workers publish events; they never subscribe');
      });
      this.workers = new WorkflowWorkers(this.workerRedis, workflows, workerStore, workerQueues, workerEvents, settings, workflowLog(this.logger));
      this.unregister.push(() => void workerQueues.close());
    }
  }

  async onApplicationBootstrap(): Promise<void> {
    this.unregister.push(registerQueueCounts(() => this.queues.counts()));
    this.unregister.push(
      registerActiveCounts(async () => Promise.all([...this.workflows.keys()].map(async (workflow) => ({ workflow, count: await this.store.activeCount(workflow) })))),
    );
    if (await waitUntilReady(this.redis, EVICTION_CHECK_WAIT_MS)) {
      // Refuse to start: throwing here fails the start with this message.
      await this.checkEvictionPolicy();
      await this.startWork();
      return;
    }
    this.logger.warn({ msg: 'Redis not reachable yet; workers start once it is and its maxmemory-policy is checked' });
    this.redis.once('ready', () => {
      this.checkEvictionPolicy()
        .then(() => this.startWork())
        .catch((error: unknown) => {
          this.logger.fatal({ msg: error instanceof Error ? error.message : String(error) });
          process.exit(1);
        });
    });
  }

  async beforeApplicationShutdown(): Promise<void> {
    if (this.workers !== undefined) {
      await this.workers.close();
      this.logger.log({ msg: 'workers stopped; active items finished' });
    }
  }

  async onApplicationShutdown(): Promise<void> {
    for (const unregister of this.unregister) unregister();
    await this.queues.close();
    if (this.workerRedis !== undefined) await closeRedisClient(this.workerRedis);
    if (this.subscriber !== undefined) await closeRedisClient(this.subscriber);
  }

  /** Ready when Redis passed the eviction check and, in a worker, the workers run. */
  check(): Promise<void> {
    if (!this.evictionChecked) return Promise.reject(new Error('waiting for Redis to check its maxmemory-policy'));
    if (this.workers !== undefined && !this.workers.isRunning()) return Promise.reject(new Error('workflow workers are not running'));
    return Promise.resolve();
  }

  private async checkEvictionPolicy(): Promise<void> {
    await assertNoEviction(this.redis);
    this.evictionChecked = true;
  }

  private async startWork(): Promise<void> {
    if (this.workers !== undefined) {
      this.workers.start();
      this.logger.log({ msg: 'workflow workers started', workflows: [...this.workflows.keys()], concurrency: this.settings.concurrency });
    }
    // RUN_SCHEDULE is the agent's (first) workflow's; every role applies the same config, and BullMQ keeps one scheduler.
    const [scheduled, ...others] = [...this.workflows.keys()];
    await this.queues.applySchedule(scheduled, this.settings.schedule);
    for (const workflow of others) await this.queues.applySchedule(workflow, undefined);
  }
}

function workflowLog(logger: Logger): WorkflowLog {
  return {
    info: (message, fields) => logger.log({ msg: message, ...fields }),
    warn: (message, fields) => logger.warn({ msg: message, ...fields }),
    error: (message, fields) => logger.error({ msg: message, ...fields }),
  };
}
