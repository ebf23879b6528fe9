import { envDurationMs, envString, platformEnvSchema } from '@emm/config';
import { mcpServerEnvSchema } from '@emm/mcp';
import { redisEnvRules, redisEnvSchema } from '@emm/redis';
import type { z } from 'zod';

export { SERVICE_NAME } from './service-name';

export const appConfigSchema = platformEnvSchema.extend({
  ...redisEnvSchema.shape,
  ...mcpServerEnvSchema.shape,
  /** The jd.yaml to serve; in Kubernetes a file of a mounted ConfigMap. */
  JD_STRUCTURE_PATH: envString(),
  /** Safety net besides the file watcher: how often to re-check the file (0 turns polling off). */
  JD_RELOAD_INTERVAL_MS: envDurationMs({ default: 10_000 }),
}).superRefine(redisEnvRules);

export type AppConfig = z.infer<typeof appConfigSchema>;
