import { getOrCreateCounter, getOrCreateHistogram, LATENCY_BUCKETS } from '@emm/metrics';
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

