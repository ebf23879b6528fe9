import { defineToolContract } from '@emm/mcp/contract';
import { z } from 'zod';

// Tool contracts of notifications-service: notify, a notification's delivery
// status, and the operator's view of failed deliveries.

/** The channels a notification can be delivered on. */
export const NOTIFICATION_CHANNELS = ['slack', 'webhook', 'log'] as const;
export const NOTIFICATION_SEVERITIES = ['info', 'warning', 'error', 'critical'] as const;

/** Most deliveries one retry_failed with `all: true` puts back in the queue. */
const MAX_RETRY_BATCH = 1_000;

const channelName = z.enum(NOTIFICATION_CHANNELS);
const severity = z.enum(NOTIFICATION_SEVERITIES);
const notificationId = z.uuid().describe('The id notify returned');

const linkSchema = z.object({
  text: z.string().trim().min(1).max(75).describe('Button label'),
  url: z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' }).max(3000).describe('Where the button leads'),
});

const notifyInput = z.object({
  title: z.string().trim().min(1).max(150).describe('Short headline, plain text'),
  message: z.string().trim().min(1).max(12_000).describe('Body in Markdown (bold, italic, links, lists, code)'),
  severity: severity.describe('info, warning, error or critical'),
  links: z.array(linkSchema).max(5).default([]).describe('Up to 5 links, shown as buttons in Slack'),
  dedupeKey: z
    .string()
    .trim()
    .min(1)
    .max(256)
    .optional()
    .describe('Notifications with the same key within the dedupe window are sent once; the later calls get the first id back'),
});

const notifyOutput = z.object({
  id: z.string(),
  deduplicated: z.boolean(),
  channels: z.array(channelName),
});

const channelStatus = z.object({
  channel: channelName,
  state: z.enum(['queued', 'sending', 'retrying', 'delivered', 'failed']),
  attempts: z.number().int(),
  maxAttempts: z.number().int(),
  lastError: z.string().optional(),
  deliveredAt: z.string().optional(),
  failedAt: z.string().optional(),
});

const statusOutput = z.object({
  id: z.string(),
  /** delivered: every channel; failed: every channel gave up; partially_failed: some delivered, some failed; pending: still going */
  state: z.enum(['pending', 'delivered', 'failed', 'partially_failed']),
  title: z.string(),
  severity,
  createdAt: z.string(),
  channels: z.array(channelStatus),
});

const failedDelivery = z.object({
  id: z.string(),
  channel: channelName,
  title: z.string(),
  severity,
  attempts: z.number().int(),
  lastError: z.string(),
  failedAt: z.string().optional(),
});

const listFailedOutput = z.object({ total: z.number().int(), failed: z.array(failedDelivery) });

const retryFailedOutput = z.object({
  retried: z.array(z.object({ id: z.string(), channel: channelName })),
});

const notify = defineToolContract({ service: 'notifications', name: 'notify', input: notifyInput, output: notifyOutput });

const notificationStatus = defineToolContract({
  service: 'notifications',
  name: 'notification_status',
  input: z.object({ id: notificationId }),
  output: statusOutput,
});

const listFailed = defineToolContract({
  service: 'notifications',
  name: 'list_failed',
  input: z.object({
    channel: channelName.optional().describe('Only this channel'),
    limit: z.number().int().min(1).max(500).default(50).describe('Most entries to return'),
  }),
  output: listFailedOutput,
});

const retryFailed = defineToolContract({
  service: 'notifications',
  name: 'retry_failed',
  input: z
    .object({
      id: notificationId.optional(),
      all: z.boolean().default(false).describe('Retry every failed delivery (up to limit) instead of one notification'),
      channel: channelName.optional().describe('Only this channel'),
      limit: z.number().int().min(1).max(MAX_RETRY_BATCH).default(100).describe('Most deliveries to retry with all: true'),
    })
    .refine((args) => (args.id !== undefined) !== args.all, { message: 'give either id or all: true', path: ['id'] }),
  output: retryFailedOutput,
});

/** The tools of notifications-service: `client.call(notifications.notify, { title, message, severity })`. */
export const notifications = { notify, notificationStatus, listFailed, retryFailed } as const;
