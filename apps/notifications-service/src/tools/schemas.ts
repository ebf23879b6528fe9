import { z } from 'zod';
import { CHANNEL_NAMES, SEVERITIES } from '../notifications/notification';

export const channelName = z.enum(CHANNEL_NAMES);
export const severity = z.enum(SEVERITIES);
export const notificationId = z.uuid().describe('The id notify returned');

export const linkSchema = z.object({
  text: z.string().trim().min(1).max(75).describe('Button label'),
  url: z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' }).max(3000).describe('Where the button leads'),
});

export const notifyInput = z.object({
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

export const notifyOutput = z.object({
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

export const statusOutput = z.object({
  id: z.string(),
  /** delivered: every channel; failed: every channel gave up; partially_failed: some delivered, some failed; pending: still going */
  state: z.enum(['pending', 'delivered', 'failed', 'partially_failed']),
  title: z.string(),
  severity,
  createdAt: z.string(),
  channels: z.array(channelStatus),
});

export const failedDelivery = z.object({
  id: z.string(),
  channel: channelName,
  title: z.string(),
  severity,
  attempts: z.number().int(),
  lastError: z.string(),
  failedAt: z.string().optional(),
});

export const listFailedOutput = z.object({ total: z.number().int(), failed: z.array(failedDelivery) });

export const retryFailedOutput = z.object({
  retried: z.array(z.object({ id: z.string(), channel: channelName })),
});
