import { envDurationMs, envEnum, envInt, envSecret, envString } from '@emm/config';
import { workerLeaseEnvRules, workerLeaseEnvSchema, workerLeaseOptions, type WorkerLeaseOptions } from '@emm/redis';
import { z } from 'zod';
import { parseSchedule, type Schedule } from './schedule/schedule';

/** api: the run API only; worker: the BullMQ workers only (health and metrics still served); all: both in one process. */
export const AGENT_ROLES = ['api', 'worker', 'all'] as const;
export type AgentRole = (typeof AGENT_ROLES)[number];

const MiB = 1024 * 1024;

/**
 * The environment every agent reads besides the platform, Redis and MCP
 * client variables: `platformEnvSchema.extend({ ...agentEnvSchema.shape, … }).superRefine(agentEnvRules)`.
 */
export const agentEnvSchema = z.object({
  ROLE: envEnum(AGENT_ROLES, 'all'),
  /** Bearer token the run API requires; defaults to MCP_AUTH_TOKEN (one token per installation). Unset both: no auth (local use only). */
  RUN_API_TOKEN: envSecret({ optional: true }),
  /** Largest request body the run API accepts (an uploaded bookmark export), in bytes. */
  RUN_API_BODY_LIMIT_BYTES: envInt({ default: 10 * MiB, min: 1024, max: 100 * MiB }),
  /** Requests per minute one client (token or address) may make to the run API; 0 turns the limit off. */
  RUN_API_RATE_LIMIT_PER_MINUTE: envInt({ default: 600, min: 0 }),
  /** Items one worker process works on at once. */
  WORKER_CONCURRENCY: envInt({ default: 8, min: 1, max: 500 }),
  /** Attempts per item for transient errors (service unavailable, timeout) before it fails. */
  ITEM_ATTEMPTS: envInt({ default: 5, min: 1, max: 50 }),
  /** First retry delay; it doubles per attempt. */
  ITEM_BACKOFF_MS: envDurationMs({ default: 2_000 }),
  /** Time limit of one attempt at one item; must end before SHUTDOWN_TIMEOUT_MS so shutdown can wait for it. */
  ITEM_TIMEOUT_MS: envDurationMs({ default: 10_000 }),
  /** Time limit of planning a run (listing a large Confluence space, a long inbox). */
  PLAN_TIMEOUT_MS: envDurationMs({ default: 300_000 }),
  ...workerLeaseEnvSchema.shape,
  /** How long finished runs stay visible in GET /runs. */
  RUN_HISTORY_MS: envDurationMs({ default: 30 * 24 * 3_600_000 }),
  /** A run of the agent's workflow on a schedule: a cron pattern ("*\/5 * * * *") or "every 5m"; unset: no schedule. */
  RUN_SCHEDULE: envString().optional(),
  /** Time zone of a cron RUN_SCHEDULE (IANA name, default UTC). */
  RUN_SCHEDULE_TZ: envString({ default: 'UTC' }),
  /** The input of scheduled runs, as JSON (default: {}). */
  RUN_SCHEDULE_INPUT: envString().optional(),
});

export type AgentEnv = z.infer<typeof agentEnvSchema>;

type AgentEnvWithPlatform = AgentEnv & { SHUTDOWN_TIMEOUT_MS: number; MCP_AUTH_TOKEN?: string };

/** Rules across variables; guarded so one start reports every problem. */
export function agentEnvRules(env: Partial<AgentEnvWithPlatform>, ctx: z.RefinementCtx): void {
  const problem = (name: string, message: string): void => ctx.addIssue({ code: 'custom', path: [name], message });
  if (typeof env.ITEM_TIMEOUT_MS === 'number' && typeof env.SHUTDOWN_TIMEOUT_MS === 'number' && env.ITEM_TIMEOUT_MS >= env.SHUTDOWN_TIMEOUT_MS) {
    // Shutdown waits for active items; one that can outlast the deadline would be cut off mid-way.
    problem('ITEM_TIMEOUT_MS', 'must be less than SHUTDOWN_TIMEOUT_MS');
  }
  workerLeaseEnvRules(env, ctx);
  if (typeof env.RUN_SCHEDULE === 'string') {
    const parsed = parseSchedule(env.RUN_SCHEDULE);
    if (typeof parsed === 'string') problem('RUN_SCHEDULE', parsed);
  }
  if (typeof env.RUN_SCHEDULE_INPUT === 'string') {
    try {
      const input: unknown = JSON.parse(env.RUN_SCHEDULE_INPUT);
      if (input === null || typeof input !== 'object' || Array.isArray(input)) problem('RUN_SCHEDULE_INPUT', 'must be a JSON object');
    } catch {
      problem('RUN_SCHEDULE_INPUT', 'must be valid JSON');
    }
  }
}

export interface AgentSettings {
  role: AgentRole;
  /** The agent's own name: Redis key prefix, logs. */
  agent: string;
  apiToken: string | undefined;
  bodyLimitBytes: number;
  rateLimitPerMinute: number;
  concurrency: number;
  attempts: number;
  backoffMs: number;
  itemTimeoutMs: number;
  planTimeoutMs: number;
  /** How workers hold their jobs, and take a killed worker's up again. */
  lease: WorkerLeaseOptions;
  historyMs: number;
  schedule: { schedule: Schedule; input: Record<string, unknown> } | undefined;
}

export function agentSettingsFromEnv(env: AgentEnv & { MCP_AUTH_TOKEN?: string }, agent: string): AgentSettings {
  const schedule = env.RUN_SCHEDULE === undefined ? undefined : parseSchedule(env.RUN_SCHEDULE, env.RUN_SCHEDULE_TZ);
  if (typeof schedule === 'string') throw new Error(`RUN_SCHEDULE: ${schedule}`);
  return {
    role: env.ROLE,
    agent,
    apiToken: env.RUN_API_TOKEN ?? env.MCP_AUTH_TOKEN,
    bodyLimitBytes: env.RUN_API_BODY_LIMIT_BYTES,
    rateLimitPerMinute: env.RUN_API_RATE_LIMIT_PER_MINUTE,
    concurrency: env.WORKER_CONCURRENCY,
    attempts: env.ITEM_ATTEMPTS,
    backoffMs: env.ITEM_BACKOFF_MS,
    itemTimeoutMs: env.ITEM_TIMEOUT_MS,
    planTimeoutMs: env.PLAN_TIMEOUT_MS,
    lease: workerLeaseOptions(env),
    historyMs: env.RUN_HISTORY_MS,
    schedule:
      schedule === undefined
        ? undefined
        : { schedule, input: env.RUN_SCHEDULE_INPUT === undefined ? {} : (JSON.parse(env.RUN_SCHEDULE_INPUT) as Record<string, unknown>) },
  };
}
