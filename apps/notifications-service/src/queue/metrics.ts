import { getOrCreateCounter, getOrCreateGauge, getOrCreateHistogram, LATENCY_BUCKETS } from '@emm/metrics';
import type { ChannelName } from '../notifications/notification';

/** How an attempt ended: delivered; retrying or rate_limited (another attempt is scheduled); failed (given up). */
export type DeliveryStatus = 'delivered' | 'retrying' | 'rate_limited' | 'failed';

const delivered = getOrCreateCounter({
  name: 'notifications_delivered_total',
  help: 'Delivery attempts by channel and outcome: delivered, retrying, rate_limited (429), failed (given up, in the failed set)',
  labelNames: ['channel', 'status'],
});

const deliveryDuration = getOrCreateHistogram({
  name: 'notification_delivery_duration_seconds',
  help: 'Duration of one delivery attempt by channel',
  labelNames: ['channel'],
  buckets: LATENCY_BUCKETS,
});

export function recordAttempt(channel: ChannelName, status: DeliveryStatus): void {
  delivered.inc({ channel, status });
}

export function observeAttemptDuration(channel: ChannelName, seconds: number): void {
  deliveryDuration.observe({ channel }, seconds);
}

export interface QueueCount {
  queue: string;
  state: string;
  count: number;
}

/** Something that can count its queues' jobs; a Nest app registers one while it runs. */
export type QueueCountSource = () => Promise<QueueCount[]>;

const sources = new Set<QueueCountSource>();

// prom-client's registry is process-wide and a metric is created once, so the
// gauge reads from whichever sources are registered now rather than closing
// over one app's queues (tests run several apps in one process).
getOrCreateGauge({
  name: 'queue_jobs',
  help: 'Jobs per BullMQ queue and state, read from Redis at scrape time',
  labelNames: ['queue', 'state'],
  async collect() {
    const results = await Promise.allSettled([...sources].map((source) => source()));
    const counts = results.flatMap((result) => (result.status === 'fulfilled' ? result.value : []));
    // Redis unreachable: keep the last values rather than report empty queues.
    if (results.length > 0 && counts.length === 0) return;
    this.reset();
    for (const { queue, state, count } of counts) this.set({ queue, state }, count);
  },
});

export function registerQueueCounts(source: QueueCountSource): () => void {
  sources.add(source);
  return () => sources.delete(source);
}
