import { getOrCreateGauge } from './registry';

// queue_jobs{queue,state}: the BullMQ queue depth every app with queues reports
// (notifications-service, the agents); the signal for queue-based autoscaling.

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
// over one app's queues (tests run several apps in one process). It is made
// by the first app that has queues: an app without any never shows it.
function ensureGauge(): void {
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
}

export function registerQueueCounts(source: QueueCountSource): () => void {
  ensureGauge();
  sources.add(source);
  return () => sources.delete(source);
}
