import type { ChannelName, Notification } from '../notifications/notification';
import { buildSlackMessage } from '../notifications/slack-message';
import { SIGNATURE_HEADER, signWebhook, TIMESTAMP_HEADER } from '../notifications/webhook-signature';
import { postJson } from './http-post';

export interface DeliveryAttempt {
  /** 1 for the first attempt. */
  number: number;
  signal?: AbortSignal;
}

/** One way out for a notification. `deliver` resolves once the receiver has accepted it, or throws (see http-post). */
export interface DeliveryChannel {
  readonly name: ChannelName;
  deliver(notification: Notification, attempt: DeliveryAttempt): Promise<void>;
}

export const NOTIFICATION_ID_HEADER = 'x-emm-notification-id';
export const ATTEMPT_HEADER = 'x-emm-delivery-attempt';

/** Slack incoming webhook: a Block Kit message. */
export class SlackChannel implements DeliveryChannel {
  readonly name = 'slack';

  constructor(
    private readonly webhookUrl: string,
    private readonly timeoutMs: number,
  ) {}

  async deliver(notification: Notification, attempt: DeliveryAttempt): Promise<void> {
    const body = JSON.stringify(buildSlackMessage(notification));
    await postJson(this.webhookUrl, body, { label: this.name, timeoutMs: this.timeoutMs, signal: attempt.signal });
  }
}

/** What the generic webhook receives as its JSON body. */
export type WebhookPayload = Notification;

/**
 * Generic webhook: the notification as JSON, signed per attempt (fresh
 * timestamp). Delivery is at least once, so the notification id travels in a
 * header too: receivers use it to drop repeats.
 */
export class WebhookChannel implements DeliveryChannel {
  readonly name = 'webhook';

  constructor(
    private readonly url: string,
    private readonly signingSecret: string,
    private readonly timeoutMs: number,
    private readonly nowMs: () => number = Date.now,
  ) {}

  async deliver(notification: Notification, attempt: DeliveryAttempt): Promise<void> {
    const payload: WebhookPayload = notification;
    const body = JSON.stringify(payload);
    const timestamp = Math.floor(this.nowMs() / 1000);
    await postJson(this.url, body, {
      label: this.name,
      timeoutMs: this.timeoutMs,
      signal: attempt.signal,
      headers: {
        [TIMESTAMP_HEADER]: String(timestamp),
        [SIGNATURE_HEADER]: signWebhook(this.signingSecret, timestamp, body),
        [NOTIFICATION_ID_HEADER]: notification.id,
        [ATTEMPT_HEADER]: String(attempt.number),
      },
    });
  }
}

/** Writes the notification as one structured log line: for development, and as a record next to the other channels. */
export class LogChannel implements DeliveryChannel {
  readonly name = 'log';

  constructor(private readonly write: (fields: Record<string, unknown>) => void) {}

  async deliver(notification: Notification): Promise<void> {
    this.write({
      msg: 'notification',
      notification_id: notification.id,
      severity: notification.severity,
      title: notification.title,
      message: notification.message,
      links: notification.links,
      dedupe_key: notification.dedupeKey,
      created_at: notification.createdAt,
    });
  }
}
