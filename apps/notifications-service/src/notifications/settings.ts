import { workerLeaseOptions, type WorkerLeaseOptions } from '@emm/redis';
import type { AppConfig } from '../config';
import type { BackoffSettings } from '../delivery/backoff';
import { type ChannelName, isChannelName } from './notification';

export interface ChannelSettings {
  name: ChannelName;
  /** Deliveries per minute across all replicas; 0 means no limit. */
  ratePerMinute: number;
}

/** Everything the queues and workers need, taken once from the validated config. */
export interface NotifySettings {
  channels: ChannelSettings[];
  maxAttempts: number;
  backoff: BackoffSettings;
  dedupeWindowMs: number;
  historyMs: number;
  concurrency: number;
  deliveryTimeoutMs: number;
  /** How workers hold their deliveries, and take a killed replica's up again. */
  lease: WorkerLeaseOptions;
  slackWebhookUrl?: string;
  webhookUrl?: string;
  webhookSigningSecret?: string;
}

export function notifySettingsFromConfig(config: AppConfig): NotifySettings {
  const overrides: Record<ChannelName, number | undefined> = {
    slack: config.NOTIFY_SLACK_RATE_LIMIT_PER_MINUTE,
    webhook: config.NOTIFY_WEBHOOK_RATE_LIMIT_PER_MINUTE,
    log: config.NOTIFY_LOG_RATE_LIMIT_PER_MINUTE,
  };
  const names = [...new Set(config.NOTIFY_CHANNELS)].filter(isChannelName);
  return {
    channels: names.map((name) => ({ name, ratePerMinute: overrides[name] ?? config.NOTIFY_RATE_LIMIT_PER_MINUTE })),
    maxAttempts: config.NOTIFY_MAX_ATTEMPTS,
    backoff: { baseMs: config.NOTIFY_BACKOFF_MS, maxMs: config.NOTIFY_BACKOFF_MAX_MS },
    dedupeWindowMs: config.NOTIFY_DEDUPE_WINDOW_MS,
    historyMs: config.NOTIFY_HISTORY_MS,
    concurrency: config.NOTIFY_WORKER_CONCURRENCY,
    deliveryTimeoutMs: config.NOTIFY_DELIVERY_TIMEOUT_MS,
    lease: workerLeaseOptions(config),
    slackWebhookUrl: config.SLACK_WEBHOOK_URL,
    webhookUrl: config.WEBHOOK_URL,
    webhookSigningSecret: config.WEBHOOK_SIGNING_SECRET,
  };
}
