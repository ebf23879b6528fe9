import { registerGaugeSource } from './sourced-gauge';

// queue_jobs{queue,state}: the BullMQ queue depth every app with queues reports
// (notifications-service, the agents); the signal for queue-based autoscaling.

export interface QueueCount {
  queue: string;
  state: string;
  count: number;
}

/** Something that can count its queues' jobs; a Nest app registers one while it runs. */
export type QueueCountSource = () => Promise<QueueCount[]>;

const QUEUE_JOBS = {
  name: 'queue_jobs',
  help: 'Jobs per BullMQ queue and state, read from Redis at scrape time',
  labelNames: ['queue', 'state'] as const,
};

export function registerQueueCounts(source: QueueCountSource): () => void {
  return registerGaugeSource(QUEUE_JOBS, async () => (await source()).map(({ queue, state, count }) => ({ labels: { queue, state }, value: count })));
}
