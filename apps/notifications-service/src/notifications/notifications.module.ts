import { Logger, Module } from '@nestjs/common';
import { ConfigService } from '@emm/config';
import { createRedisClient, REDIS_CLIENT, REDIS_SETTINGS, type RedisSettings } from '@emm/redis';
import type { Redis } from 'ioredis';
import type { AppConfig } from '../config';
import { type DeliveryChannel, LogChannel, SlackChannel, WebhookChannel } from '../delivery/channels';
import { SecretScrubber } from '../delivery/redaction';
import { DeliveryWorkers } from '../queue/delivery-workers';
import { NotificationQueues } from '../queue/notification-queues';
import { RepeatFilter } from '../queue/repeat-filter';
import { SERVICE_NAME } from '../service-name';
import type { ChannelName } from './notification';
import { NotificationsRuntime, WORKER_REDIS } from './notifications.runtime';
import { notifySettingsFromConfig, type NotifySettings } from './settings';

export const NOTIFY_SETTINGS = Symbol('NOTIFY_SETTINGS');

const logger = new Logger('Notifications');
const queueErrors = new RepeatFilter(60_000);

const workerLog = {
  info: (msg: string, fields: Record<string, unknown>) => logger.log({ msg, ...fields }),
  warn: (msg: string, fields: Record<string, unknown>) => logger.warn({ msg, ...fields }),
  error: (msg: string, fields: Record<string, unknown>) => logger.error({ msg, ...fields }),
};

function buildChannels(settings: NotifySettings): Map<ChannelName, DeliveryChannel> {
  const channels = new Map<ChannelName, DeliveryChannel>();
  for (const { name } of settings.channels) {
    if (name === 'slack') channels.set(name, new SlackChannel(required(settings.slackWebhookUrl, 'SLACK_WEBHOOK_URL'), settings.deliveryTimeoutMs));
    if (name === 'webhook') {
      const url = required(settings.webhookUrl, 'WEBHOOK_URL');
      channels.set(name, new WebhookChannel(url, required(settings.webhookSigningSecret, 'WEBHOOK_SIGNING_SECRET'), settings.deliveryTimeoutMs));
    }
    if (name === 'log') channels.set(name, new LogChannel((fields) => logger.log(fields)));
  }
  return channels;
}

/** The config schema already insists on these; this keeps a schema change from turning into an empty URL. */
function required(value: string | undefined, variable: string): string {
  if (value === undefined) throw new Error(`${variable} is required for its channel`);
  return value;
}

/** The notification queues (producer), the delivery workers (consumer) and their lifecycle. */
@Module({
  providers: [
    { provide: NOTIFY_SETTINGS, inject: [ConfigService], useFactory: (config: ConfigService<AppConfig>) => notifySettingsFromConfig(config.all()) },
    {
      provide: SecretScrubber,
      inject: [NOTIFY_SETTINGS],
      useFactory: (settings: NotifySettings) => new SecretScrubber([settings.slackWebhookUrl, settings.webhookUrl, settings.webhookSigningSecret]),
    },
    {
      // Queues use the app's fail-fast request connection: a tool call during a Redis outage errors instead of hanging.
      provide: NotificationQueues,
      inject: [REDIS_CLIENT, NOTIFY_SETTINGS],
      useFactory: (redis: Redis, settings: NotifySettings) =>
        new NotificationQueues(redis, settings, (error) => {
          if (queueErrors.shouldShow('queues', error.message)) logger.warn({ msg: 'notification queue error', reason: error.message });
        }),
    },
    {
      // Workers block on Redis and must ride out outages: their own connection with the worker profile.
      provide: WORKER_REDIS,
      inject: [REDIS_SETTINGS],
      useFactory: (redis: RedisSettings) => createRedisClient(redis.main, 'worker', { name: SERVICE_NAME }),
    },
    {
      provide: DeliveryWorkers,
      inject: [WORKER_REDIS, NOTIFY_SETTINGS, SecretScrubber],
      useFactory: (connection: Redis, settings: NotifySettings, scrubber: SecretScrubber) =>
        new DeliveryWorkers(connection, buildChannels(settings), settings, scrubber, workerLog),
    },
    NotificationsRuntime,
  ],
  exports: [NotificationQueues, NotificationsRuntime],
})
export class NotificationsModule {}
