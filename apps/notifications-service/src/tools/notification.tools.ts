import { Injectable, Logger } from '@nestjs/common';
import { notifications } from '@emm/contracts';
import { defineTool, type McpToolProvider, ToolError } from '@emm/mcp';
import { isRedisOutage as isRedisOutageError } from '@emm/redis';
import { type ChannelStatus, NotificationQueues, QueueUnavailableError } from '../queue/notification-queues';

/** notify, its status, and the operator's view of the failed set — declared from their contracts (@emm/contracts), served over MCP and REST. */
@Injectable()
export class NotificationTools implements McpToolProvider {
  private readonly logger = new Logger(NotificationTools.name);

  constructor(private readonly queues: NotificationQueues) {}

  tools() {
    return [this.notify, this.notificationStatus, this.listFailed, this.retryFailed];
  }

  readonly notify = defineTool(notifications.notify, {
    title: 'Send a notification',
    description:
      'Queues a notification for every configured channel (Slack, signed webhook, log) and returns its id at once; delivery retries with backoff until it succeeds or gives up. Give `dedupeKey` to send something only once per dedupe window. Check progress with notification_status.',
    cache: false,
    idempotent: false,
    readOnly: false,
    handler: async (args) => this.unlessRedisIsDown('queued', () => this.queues.enqueue(args)),
  });

  readonly notificationStatus = defineTool(notifications.notificationStatus, {
    title: 'Delivery status of a notification',
    description:
      'Where a notification is, per channel: queued, sending, retrying, delivered or failed, with attempts made, the last error and when it was delivered.',
    cache: false,
    idempotent: true,
    readOnly: true,
    handler: async ({ id }) => {
      const status = await this.unlessRedisIsDown('read', () => this.queues.status(id));
      if (status === undefined) throw new ToolError('not_found', `id: no notification ${id} (unknown, or older than the history kept)`);
      const { notification, channels } = status;
      return {
        id,
        state: overallState(channels),
        title: notification.title,
        severity: notification.severity,
        createdAt: notification.createdAt,
        channels,
      };
    },
  });

  readonly listFailed = defineTool(notifications.listFailed, {
    title: 'List failed deliveries',
    description:
      'Operator view of the failed set: deliveries that used up their attempts or that the receiver refused for good, newest first, with the last error. Retry them with retry_failed.',
    cache: false,
    idempotent: true,
    readOnly: true,
    handler: async ({ channel, limit }) => {
      this.assertConfigured(channel);
      return this.unlessRedisIsDown('read', () => this.queues.listFailed(channel, limit));
    },
  });

  readonly retryFailed = defineTool(notifications.retryFailed, {
    title: 'Retry failed deliveries',
    description:
      'Puts failed deliveries back in the queue with a fresh set of attempts: those of one notification (`id`), or with `all: true` the oldest failed ones (up to `limit`). `channel` narrows either. Deliveries that are not failed are left alone.',
    cache: false,
    idempotent: true,
    readOnly: false,
    handler: async ({ id, channel, limit }) => {
      this.assertConfigured(channel);
      const retried = await this.unlessRedisIsDown('read', () => this.queues.retryFailed({ id, channel, limit }));
      if (id !== undefined && retried.length === 0) {
        throw new ToolError('not_found', `id: notification ${id} has no failed delivery${channel === undefined ? '' : ` on ${channel}`}`);
      }
      return { retried };
    },
  });

  private assertConfigured(channel: string | undefined): void {
    if (channel !== undefined && !this.queues.channels.some((name) => name === channel)) {
      throw new ToolError('invalid_argument', `channel: ${channel} is not enabled (NOTIFY_CHANNELS is ${this.queues.channels.join(',')})`);
    }
  }

  /** Queue operations fail when Redis does: tell the caller to retry rather than report an internal error. */
  private async unlessRedisIsDown<T>(what: 'queued' | 'read', operation: () => Promise<T>): Promise<T> {
    try {
      return await operation();
    } catch (error) {
      if (!isRedisOutage(error)) throw error;
      this.logger.warn({ msg: 'notification queue operation failed', reason: error instanceof Error ? error.message : String(error) });
      const action = what === 'queued' ? 'queue the notification' : 'read the notification queues';
      throw new ToolError('unavailable', `could not ${action}: Redis is unavailable; retry shortly`);
    }
  }
}

function overallState(channels: ChannelStatus[]): 'pending' | 'delivered' | 'failed' | 'partially_failed' {
  if (channels.every((c) => c.state === 'delivered')) return 'delivered';
  if (channels.some((c) => c.state !== 'delivered' && c.state !== 'failed')) return 'pending';
  return channels.every((c) => c.state === 'failed') ? 'failed' : 'partially_failed';
}

/** The queues refused (not connected), or Redis failed the command. */
function isRedisOutage(error: unknown): boolean {
  return error instanceof QueueUnavailableError || isRedisOutageError(error);
}
