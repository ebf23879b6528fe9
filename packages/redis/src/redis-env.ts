import { envBoolean, envInt, envSecret, envString, envUrl } from '@emm/config';
import { z } from 'zod';

const REDIS_PROTOCOLS = ['redis:', 'rediss:'] as const;
const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';

export interface HostAndPort {
  host: string;
  port: number;
}

/** Where and how to connect to one Redis deployment (a standalone server or a Sentinel-managed master). */
export interface RedisEndpoint extends HostAndPort {
  username?: string;
  password?: string;
  db: number;
  tls: boolean;
  /** Set for Sentinel: host/port above are then ignored, the sentinels name the master. */
  sentinels?: HostAndPort[];
  sentinelName?: string;
  sentinelPassword?: string;
}

export interface RedisSettings {
  /** Queues, counters, cursors: must run with noeviction and AOF. */
  main: RedisEndpoint;
  /** Caches: `CACHE_REDIS_URL`, which may be a separate LRU-evicting instance; the main one when unset. */
  cache: RedisEndpoint;
}

const sentinelList = z
  .string()
  .optional()
  .transform((raw, ctx): HostAndPort[] => {
    const items = (raw ?? '').split(',').map((item) => item.trim()).filter((item) => item.length > 0);
    const parsed = items.map(parseHostAndPort);
    if (parsed.some((item) => item === undefined)) {
      ctx.issues.push({ code: 'custom', message: 'must be a comma separated list of host:port', input: raw });
      return z.NEVER;
    }
    return parsed as HostAndPort[];
  });

/**
 * Redis environment variables. Either `REDIS_URL` (redis:// or rediss://, the
 * default `redis://127.0.0.1:6379`) or `REDIS_HOST`/`REDIS_PORT`, or
 * `REDIS_SENTINELS` + `REDIS_SENTINEL_NAME`; credentials and TLS may come
 * from their own variables (a password from a Secret next to a URL from a
 * ConfigMap). An app schema that spreads `redisEnvSchema.shape` gets the
 * field rules only: add `.superRefine(redisEnvRules)` for the combination
 * rules (`redisSettingsFromEnv` rejects a bad combination either way).
 */
export const redisEnvSchema = z
  .object({
    REDIS_URL: envUrl({ protocols: REDIS_PROTOCOLS }).optional(),
    REDIS_HOST: envString().optional(),
    REDIS_PORT: envInt({ min: 1, max: 65535 }).optional(),
    REDIS_USERNAME: envString().optional(),
    REDIS_PASSWORD: envSecret({ optional: true }),
    REDIS_TLS: envBoolean({ default: false }),
    REDIS_SENTINELS: sentinelList,
    REDIS_SENTINEL_NAME: envString().optional(),
    REDIS_SENTINEL_PASSWORD: envSecret({ optional: true }),
    CACHE_REDIS_URL: envUrl({ protocols: REDIS_PROTOCOLS }).optional(),
  })
  .superRefine((env, ctx) => redisEnvRules(env, ctx));

export type RedisEnv = z.infer<typeof redisEnvSchema>;

/**
 * The cross-variable rules of redisEnvSchema, for an app schema built from
 * its `.shape` (which carries field rules only):
 * `platformEnvSchema.extend({ ...redisEnvSchema.shape, … }).superRefine(redisEnvRules)`.
 */
export function redisEnvRules(env: RedisEnv, ctx: z.RefinementCtx): void {
  for (const problem of combinationProblems(env)) ctx.addIssue({ code: 'custom', path: [problem.name], message: problem.rule });
}

interface Problem {
  name: keyof RedisEnv;
  rule: string;
}

function combinationProblems(env: RedisEnv): Problem[] {
  const problems: Problem[] = [];
  const hostOrPort = env.REDIS_HOST !== undefined || env.REDIS_PORT !== undefined;
  const usesSentinel = env.REDIS_SENTINELS.length > 0;
  if (env.REDIS_URL !== undefined && hostOrPort) {
    problems.push({ name: 'REDIS_URL', rule: 'set either REDIS_URL or REDIS_HOST/REDIS_PORT, not both' });
  }
  if (usesSentinel && (env.REDIS_URL !== undefined || hostOrPort)) {
    problems.push({ name: 'REDIS_SENTINELS', rule: 'cannot be combined with REDIS_URL, REDIS_HOST or REDIS_PORT (Sentinel names the master)' });
  }
  if (usesSentinel && env.REDIS_SENTINEL_NAME === undefined) {
    problems.push({ name: 'REDIS_SENTINEL_NAME', rule: 'is required when REDIS_SENTINELS is set' });
  }
  if (!usesSentinel && env.REDIS_SENTINEL_NAME !== undefined) {
    problems.push({ name: 'REDIS_SENTINEL_NAME', rule: 'is only used together with REDIS_SENTINELS' });
  }
  if (env.REDIS_URL !== undefined) {
    const url = new URL(env.REDIS_URL);
    if (url.password !== '' && env.REDIS_PASSWORD !== undefined) {
      problems.push({ name: 'REDIS_PASSWORD', rule: 'REDIS_URL already holds a password; set it in one place' });
    }
    if (url.username !== '' && env.REDIS_USERNAME !== undefined) {
      problems.push({ name: 'REDIS_USERNAME', rule: 'REDIS_URL already holds a username; set it in one place' });
    }
    if (parseDb(url) === undefined) problems.push({ name: 'REDIS_URL', rule: 'database (the URL path) must be a number, e.g. redis://host:6379/0' });
  }
  if (env.CACHE_REDIS_URL !== undefined && parseDb(new URL(env.CACHE_REDIS_URL)) === undefined) {
    problems.push({ name: 'CACHE_REDIS_URL', rule: 'database (the URL path) must be a number, e.g. redis://host:6379/0' });
  }
  return problems;
}

/** Turns validated env into connection settings. Throws on a bad combination (when the schema's rules were lost in composition). */
export function redisSettingsFromEnv(env: RedisEnv): RedisSettings {
  const problems = combinationProblems(env);
  if (problems.length > 0) {
    throw new Error(`invalid Redis configuration: ${problems.map((problem) => `${problem.name}: ${problem.rule}`).join('; ')}`);
  }
  const main = mainEndpoint(env);
  const cache = env.CACHE_REDIS_URL === undefined ? main : endpointFromUrl(env.CACHE_REDIS_URL);
  return { main, cache };
}

function mainEndpoint(env: RedisEnv): RedisEndpoint {
  const credentials = {
    ...(env.REDIS_USERNAME !== undefined && { username: env.REDIS_USERNAME }),
    ...(env.REDIS_PASSWORD !== undefined && { password: env.REDIS_PASSWORD }),
  };
  if (env.REDIS_SENTINELS.length > 0) {
    return {
      host: env.REDIS_SENTINELS[0].host,
      port: env.REDIS_SENTINELS[0].port,
      db: 0,
      tls: env.REDIS_TLS,
      ...credentials,
      sentinels: env.REDIS_SENTINELS,
      sentinelName: env.REDIS_SENTINEL_NAME,
      ...(env.REDIS_SENTINEL_PASSWORD !== undefined && { sentinelPassword: env.REDIS_SENTINEL_PASSWORD }),
    };
  }
  if (env.REDIS_HOST !== undefined || env.REDIS_PORT !== undefined) {
    return { host: env.REDIS_HOST ?? '127.0.0.1', port: env.REDIS_PORT ?? 6379, db: 0, tls: env.REDIS_TLS, ...credentials };
  }
  const fromUrl = endpointFromUrl(env.REDIS_URL ?? DEFAULT_REDIS_URL);
  return { ...fromUrl, ...credentials, tls: fromUrl.tls || env.REDIS_TLS };
}

function endpointFromUrl(raw: string): RedisEndpoint {
  const url = new URL(raw);
  return {
    host: url.hostname.replace(/^\[(.*)\]$/, '$1'),
    port: url.port === '' ? 6379 : Number(url.port),
    ...(url.username !== '' && { username: decodeURIComponent(url.username) }),
    ...(url.password !== '' && { password: decodeURIComponent(url.password) }),
    db: parseDb(url) ?? 0,
    tls: url.protocol === 'rediss:',
  };
}

function parseDb(url: URL): number | undefined {
  const path = url.pathname.replace(/^\//, '');
  if (path === '') return 0;
  return /^\d+$/.test(path) ? Number(path) : undefined;
}

function parseHostAndPort(item: string): HostAndPort | undefined {
  const match = /^(\[[^\]]+\]|[^:\s]+):(\d{1,5})$/.exec(item);
  if (!match) return undefined;
  const port = Number(match[2]);
  if (port < 1 || port > 65535) return undefined;
  return { host: match[1].replace(/^\[(.*)\]$/, '$1'), port };
}

/** `host:port` of an endpoint (or its sentinels) for messages; never includes credentials. */
export function describeEndpoint(endpoint: RedisEndpoint): string {
  if (endpoint.sentinels !== undefined) {
    return `master "${endpoint.sentinelName}" via sentinels ${endpoint.sentinels.map((s) => `${s.host}:${s.port}`).join(',')}`;
  }
  return `${endpoint.host}:${endpoint.port}`;
}
