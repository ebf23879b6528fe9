import { z } from 'zod';
import { envDurationMs, envEnum, envInt, envString } from './env-helpers';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** Variables every EMM app reads; an app's schema is `platformEnvSchema.extend({ … })`. */
export const platformEnvSchema = z.object({
  NODE_ENV: envEnum(['development', 'production', 'test'], 'production'),
  PORT: envInt({ default: 8080, min: 1, max: 65535 }),
  HOST: envString({ default: '0.0.0.0' }),
  LOG_LEVEL: envEnum(LOG_LEVELS, 'info'),
  SERVICE_VERSION: envString({ default: '0.0.0-dev' }),
  /** How long readiness answers 503 before the server stops accepting, so load balancers drop the pod first. */
  SHUTDOWN_DRAIN_MS: envDurationMs({ default: 5_000 }),
  /** Hard deadline for the whole shutdown; keep it below the pod's termination grace period. */
  SHUTDOWN_TIMEOUT_MS: envDurationMs({ default: 20_000 }),
});

export type PlatformEnv = z.infer<typeof platformEnvSchema>;
