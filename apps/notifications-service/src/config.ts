import { envDurationMs, envInt, envList, envSecret, platformEnvSchema } from '@emm/config';
import { mcpServerEnvSchema } from '@emm/mcp';
import { redisEnvRules, redisEnvSchema, workerLeaseEnvRules, workerLeaseEnvSchema } from '@emm/redis';
import type { z } from 'zod';
import { CHANNEL_NAMES, isChannelName } from './notifications/notification';

export { SERVICE_NAME } from './service-name';

const MIN_SIGNING_SECRET_LENGTH = 16;

const channelList = envList({ default: ['log'] }).superRefine((names, ctx) => {
  const unknown = names.filter((name) => !isChannelName(name));
  if (unknown.length > 0) ctx.addIssue({ code: 'custom', message: `unknown channel ${unknown.map((name) => `"${name}"`).join(', ')}; use ${CHANNEL_NAMES.join(', ')}` });
  if (names.length === 0) ctx.addIssue({ code: 'custom', message: `must name at least one of ${CHANNEL_NAMES.join(', ')}` });
});

// Secrets are never echoed: the rules name the variable only.
const webhookUrl = () => envSecret({ optional: true }).refine((url) => url === undefined || isHttpUrl(url), 'must be an http:// or https:// URL');

const atLeast = (minMs: number, shown: string) => (schema: ReturnType<typeof envDurationMs>) => schema.refine((ms) => ms >= minMs, `must be at least ${shown}`);

export const appConfigSchema = platformEnvSchema
  .extend({
    ...redisEnvSchema.shape,
    ...mcpServerEnvSchema.shape,
    /** Where notifications go: any of slack, webhook, log. */
    NOTIFY_CHANNELS: channelList,
    /** Slack incoming webhook URL; required when NOTIFY_CHANNELS has slack. Its path is the credential. */
    SLACK_WEBHOOK_URL: webhookUrl(),
    /** Generic webhook URL; required when NOTIFY_CHANNELS has webhook. */
    WEBHOOK_URL: webhookUrl(),
    /** HMAC-SHA256 key the generic webhook's requests are signed with. */
    WEBHOOK_SIGNING_SECRET: envSecret({ optional: true }).refine(
      (secret) => secret === undefined || secret.length >= MIN_SIGNING_SECRET_LENGTH,
      `must be at least ${MIN_SIGNING_SECRET_LENGTH} characters long`,
    ),
    /** Delivery attempts per channel before a notification lands in the failed set. */
    NOTIFY_MAX_ATTEMPTS: envInt({ default: 8, min: 1, max: 100 }),
    /** First retry delay; it doubles per attempt (with jitter) up to NOTIFY_BACKOFF_MAX_MS. */
    NOTIFY_BACKOFF_MS: atLeast(1, '1ms')(envDurationMs({ default: 1_000 })),
    NOTIFY_BACKOFF_MAX_MS: envDurationMs({ default: 300_000 }),
    /** The same dedupe key within this window (from its first use) is sent once. */
    NOTIFY_DEDUPE_WINDOW_MS: atLeast(1_000, '1s')(envDurationMs({ default: 600_000 })),
    /** How long delivered and failed notifications stay visible to notification_status / list_failed. */
    NOTIFY_HISTORY_MS: envDurationMs({ default: 7 * 24 * 3_600_000 }),
    /** Deliveries per minute on each channel (0: no limit); the per-channel variables override it. */
    NOTIFY_RATE_LIMIT_PER_MINUTE: envInt({ default: 60, min: 0 }),
    NOTIFY_SLACK_RATE_LIMIT_PER_MINUTE: envInt({ min: 0 }).optional(),
    NOTIFY_WEBHOOK_RATE_LIMIT_PER_MINUTE: envInt({ min: 0 }).optional(),
    NOTIFY_LOG_RATE_LIMIT_PER_MINUTE: envInt({ min: 0 }).optional(),
    /** Deliveries in flight per channel in this process. */
    NOTIFY_WORKER_CONCURRENCY: envInt({ default: 8, min: 1, max: 1_000 }),
    /** Time limit of one HTTP delivery attempt. */
    NOTIFY_DELIVERY_TIMEOUT_MS: atLeast(100, '100ms')(envDurationMs({ default: 10_000 })),
    /** A killed replica's deliveries in flight are taken up again after about WORKER_LOCK_DURATION_MS. */
    ...workerLeaseEnvSchema.shape,
  })
  .superRefine(redisEnvRules)
  .superRefine(workerLeaseEnvRules, { when: () => true })
  // Runs even when other variables are bad, so one start reports every problem; hence the guards.
  .superRefine(
    (env, ctx) => {
      const problem = (name: string, message: string): void => ctx.addIssue({ code: 'custom', path: [name], message });
      if (Array.isArray(env.NOTIFY_CHANNELS)) {
        const uses = (channel: string): boolean => env.NOTIFY_CHANNELS.includes(channel);
        if (uses('slack') && env.SLACK_WEBHOOK_URL === undefined) problem('SLACK_WEBHOOK_URL', 'is required when NOTIFY_CHANNELS includes slack');
        if (uses('webhook') && env.WEBHOOK_URL === undefined) problem('WEBHOOK_URL', 'is required when NOTIFY_CHANNELS includes webhook');
        if (uses('webhook') && env.WEBHOOK_SIGNING_SECRET === undefined) problem('WEBHOOK_SIGNING_SECRET', 'is required when NOTIFY_CHANNELS includes webhook');
      }
      if (bothNumbers(env.NOTIFY_BACKOFF_MAX_MS, env.NOTIFY_BACKOFF_MS) && env.NOTIFY_BACKOFF_MAX_MS < env.NOTIFY_BACKOFF_MS) {
        problem('NOTIFY_BACKOFF_MAX_MS', 'must not be less than NOTIFY_BACKOFF_MS');
      }
      // Shutdown waits for deliveries in flight; one that can outlast the deadline would be cut off and sent again.
      if (bothNumbers(env.NOTIFY_DELIVERY_TIMEOUT_MS, env.SHUTDOWN_TIMEOUT_MS) && env.NOTIFY_DELIVERY_TIMEOUT_MS >= env.SHUTDOWN_TIMEOUT_MS) {
        problem('NOTIFY_DELIVERY_TIMEOUT_MS', 'must be less than SHUTDOWN_TIMEOUT_MS');
      }
      // A notification must outlive its dedupe window: a repeat that finds no job would enqueue it again.
      if (bothNumbers(env.NOTIFY_HISTORY_MS, env.NOTIFY_DEDUPE_WINDOW_MS) && env.NOTIFY_HISTORY_MS < env.NOTIFY_DEDUPE_WINDOW_MS) {
        problem('NOTIFY_HISTORY_MS', 'must not be less than NOTIFY_DEDUPE_WINDOW_MS');
      }
    },
    { when: () => true },
  );

export type AppConfig = z.infer<typeof appConfigSchema>;

function isHttpUrl(raw: string): boolean {
  return URL.canParse(raw) && ['http:', 'https:'].includes(new URL(raw).protocol);
}

function bothNumbers(a: unknown, b: unknown): boolean {
  return typeof a === 'number' && typeof b === 'number';
}
