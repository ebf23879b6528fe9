import { agentEnvRules, agentEnvSchema } from '@emm/agent-runtime';
import { envBoolean, envDurationMs, envInt, envList, platformEnvSchema } from '@emm/config';
import { mcpClientEnvSchema } from '@emm/mcp';
import { redisEnvRules, redisEnvSchema } from '@emm/redis';
import type { z } from 'zod';
import { SPACE_KEY_PATTERN } from './sync/space-key';

export { SERVICE_NAME } from './service-name';

export const appConfigSchema = platformEnvSchema
  .extend({
    ...redisEnvSchema.shape,
    ...mcpClientEnvSchema.shape,
    ...agentEnvSchema.shape,
    /** Space keys a run syncs when its input names none: `DOC,ENG,~jsmith`. */
    CONFLUENCE_SPACES: envList().refine((keys) => keys.every((key) => SPACE_KEY_PATTERN.test(key)), 'must be a comma separated list of space keys such as DOC,ENG or ~jsmith'),
    /** Pages asked for per list_pages call while planning; a large space is listed in several calls. */
    CONFLUENCE_LIST_LIMIT: envInt({ default: 250, min: 1, max: 5_000 }),
    /**
     * Per attempt of a classify_content call. content-classifier answers within its LLM_TIMEOUT_MS
     * (30 s by default, then its heuristic decides), so this is longer than MCP_CLIENT_TIMEOUT_MS.
     */
    CONTENT_CLASSIFIER_TIMEOUT_MS: envDurationMs({ default: 40_000 }).refine((ms) => ms > 0, 'must be a duration of at least 1 ms'),
    /** Send the end-of-run summary also when a run wrote nothing and nothing failed; false keeps a frequent RUN_SCHEDULE quiet. */
    NOTIFY_QUIET_RUNS: envBoolean({ default: true }),
  })
  .superRefine(redisEnvRules)
  // Guarded, so it runs even when other variables are bad: one start reports every problem.
  .superRefine(agentEnvRules, { when: () => true });

export type AppConfig = z.infer<typeof appConfigSchema>;
