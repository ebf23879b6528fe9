import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { ReadinessCheck } from '@emm/health';
import { assertNoEviction, closeRedisClient, REDIS_CLIENT } from '@emm/redis';
import type { Redis } from 'ioredis';
import { DeliveryWorkers } from '../queue/delivery-workers';
import { registerQueueCounts } from '@emm/metrics';
import { NotificationQueues } from '../queue/notification-queues';

export const WORKER_REDIS = Symbol('NOTIFICATIONS_WORKER_REDIS');

/**
 * Starts and stops the delivery machinery in the order a rolling update
 * needs: workers start once the app is up; on shutdown they stop taking jobs
 * and finish the deliveries in flight before the HTTP server closes, and the
 * queues and connections close last.
 */
@Injectable()
export class NotificationsRuntime implements OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown, ReadinessCheck {
  readonly name = 'notification-workers';
  private readonly logger = new Logger('Notifications');
  private unregisterCounts?: () => void;
  private evictionChecked = false;

  constructor(
    private readonly queues: NotificationQueues,
    private readonly workers: DeliveryWorkers,
    @Inject(WORKER_REDIS) private readonly workerRedis: Redis,
    @Inject(REDIS_CLIENT) private readonly redis: Redis,
  ) {}

  onApplicationBootstrap(): void {
    this.workers.start();
    this.unregisterCounts = registerQueueCounts(() => this.queues.counts());
    this.logger.log({ msg: 'notification workers started', channels: this.queues.channels });
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.workers.close();
    this.logger.log({ msg: 'notification workers stopped' });
  }

  async onApplicationShutdown(): Promise<void> {
    this.unregisterCounts?.();
    await this.queues.close();
    await closeRedisClient(this.workerRedis);
  }

  /** Ready when the workers run and Redis will not evict queue keys (checked until it passes once). */
  async check(): Promise<void> {
    if (!this.workers.isRunning()) throw new Error('notification workers are not running');
    if (!this.evictionChecked) {
      if (this.redis.status !== 'ready') throw new Error('waiting for Redis to check its maxmemory-policy');
      await assertNoEviction(this.redis);
      this.evictionChecked = true;
    }
  }
}
