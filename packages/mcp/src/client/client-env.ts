import { envBoolean, envDurationMs, envInt, envSecret, envUrl } from '@emm/config/env';
import type { Redis } from 'ioredis';
import { z } from 'zod';
import {
  defaultMcpServiceUrl,
  MCP_SERVICE_IDS,
  mcpServiceTokenVariable,
  mcpServiceUrlVariable,
  type McpServiceId,
  type McpServiceTokenVariable,
  type McpServiceUrlVariable,
} from '../contract/services';
import type { McpClientOptions } from './mcp-client';
import type { BreakerSettings, RetrySettings } from './resilience';

const serviceUrl = () => envUrl({ protocols: ['http:', 'https:'] }).optional();
const serviceToken = () => envSecret({ optional: true });
/** A duration that must not be zero (a zero timeout would fail every call). */
const positiveDuration = (defaultMs: number) => envDurationMs({ default: defaultMs }).refine((ms) => ms > 0, 'must be a duration of at least 1 ms');

type ServiceVariables = { [K in McpServiceUrlVariable]: ReturnType<typeof serviceUrl> } & {
  [K in McpServiceTokenVariable]: ReturnType<typeof serviceToken>;
};

function serviceVariables(): ServiceVariables {
  const shape: Record<string, z.ZodType> = {};
  for (const id of MCP_SERVICE_IDS) {
    shape[mcpServiceUrlVariable(id)] = serviceUrl();
    shape[mcpServiceTokenVariable(id)] = serviceToken();
  }
  return shape as ServiceVariables;
}

/**
 * The environment an app that calls other services reads; compose it into
 * the app's schema (`platformEnvSchema.extend({ ...mcpClientEnvSchema.shape })`).
 * `MCP_AUTH_TOKEN` is the same variable the server side reads: one token for
 * the whole installation, unless a service has its own `MCP_<SERVICE>_AUTH_TOKEN`.
 */
export const mcpClientEnvSchema = z.object({
  /** Bearer token sent to every service (and required by this app's own server side, if it has one). */
  MCP_AUTH_TOKEN: envSecret({ optional: true }),
  /** `MCP_<SERVICE>_URL` (default `http://<service>-service:8080/mcp`) and `MCP_<SERVICE>_AUTH_TOKEN` (default `MCP_AUTH_TOKEN`). */
  ...serviceVariables(),
  /** Per attempt; every retry gets a fresh one. */
  MCP_CLIENT_TIMEOUT_MS: positiveDuration(10_000),
  /** Attempts after the first for transient failures (0: no retries). */
  MCP_CLIENT_RETRIES: envInt({ default: 2, min: 0, max: 10 }),
  MCP_CLIENT_RETRY_BASE_DELAY_MS: positiveDuration(100),
  MCP_CLIENT_RETRY_MAX_DELAY_MS: positiveDuration(2_000),
  /** Consecutive failures to reach a service that open its circuit breaker. */
  MCP_CLIENT_BREAKER_THRESHOLD: envInt({ default: 5, min: 1, max: 1_000 }),
  /** How long an open breaker fails calls at once before one probe call is let through. */
  MCP_CLIENT_BREAKER_HALF_OPEN_AFTER_MS: positiveDuration(5_000),
  /** Result cache for cacheable tools, in the cache Redis (`CACHE_REDIS_URL`, else `REDIS_URL`). */
  MCP_CLIENT_CACHE: envBoolean({ default: true }),
  /** Longest a cache lookup may take before the call goes on uncached. */
  MCP_CLIENT_CACHE_TIMEOUT_MS: positiveDuration(100),
});

export type McpClientEnv = z.infer<typeof mcpClientEnvSchema>;

/** Where one service answers and with which token. */
export interface McpTarget {
  readonly url: string;
  readonly authToken: string | undefined;
}

/** Everything the clients of one app share, read once from the environment. */
export interface McpClientsConfig {
  /** The calling app's name (`x-emm-caller`, cache keys). */
  caller: string;
  /** The calling app's version (cache key prefix). */
  callerVersion: string;
  timeoutMs: number;
  retry: RetrySettings;
  breaker: BreakerSettings;
  cache: { enabled: boolean; timeoutMs: number };
  targets: Readonly<Record<McpServiceId, McpTarget>>;
}

/** Client settings from the validated environment plus who is calling. */
export function mcpClientConfigFromEnv(env: McpClientEnv, self: { caller: string; version: string }): McpClientsConfig {
  const targets = {} as Record<McpServiceId, McpTarget>;
  for (const id of MCP_SERVICE_IDS) {
    targets[id] = {
      url: env[mcpServiceUrlVariable(id)] ?? defaultMcpServiceUrl(id),
      authToken: env[mcpServiceTokenVariable(id)] ?? env.MCP_AUTH_TOKEN,
    };
  }
  return {
    caller: self.caller,
    callerVersion: self.version,
    timeoutMs: env.MCP_CLIENT_TIMEOUT_MS,
    retry: { retries: env.MCP_CLIENT_RETRIES, baseDelayMs: env.MCP_CLIENT_RETRY_BASE_DELAY_MS, maxDelayMs: env.MCP_CLIENT_RETRY_MAX_DELAY_MS },
    breaker: { threshold: env.MCP_CLIENT_BREAKER_THRESHOLD, halfOpenAfterMs: env.MCP_CLIENT_BREAKER_HALF_OPEN_AFTER_MS },
    cache: { enabled: env.MCP_CLIENT_CACHE, timeoutMs: env.MCP_CLIENT_CACHE_TIMEOUT_MS },
    targets,
  };
}

/** What one service's client may set differently from the app-wide settings. */
export interface McpServiceOverrides {
  timeoutMs?: number;
  retry?: Partial<RetrySettings>;
  breaker?: Partial<BreakerSettings>;
}

/** The options of one service's client: shared settings, that service's target, its overrides, the cache Redis if any. */
export function mcpClientOptions<S extends McpServiceId>(
  config: McpClientsConfig,
  service: S,
  extras: { overrides?: McpServiceOverrides; cacheRedis?: Redis } = {},
): McpClientOptions<S> {
  const { overrides = {}, cacheRedis } = extras;
  const target = config.targets[service];
  return {
    service,
    caller: config.caller,
    callerVersion: config.callerVersion,
    url: target.url,
    authToken: target.authToken,
    timeoutMs: overrides.timeoutMs ?? config.timeoutMs,
    retry: { ...config.retry, ...overrides.retry },
    breaker: { ...config.breaker, ...overrides.breaker },
    ...(config.cache.enabled && cacheRedis !== undefined && { cache: { redis: cacheRedis, timeoutMs: config.cache.timeoutMs } }),
  };
}
