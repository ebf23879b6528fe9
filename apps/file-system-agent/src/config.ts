import { agentEnvRules, agentEnvSchema } from '@emm/agent-runtime';
import { envDurationMs, envInt, envString, platformEnvSchema } from '@emm/config';
import { mcpClientEnvSchema } from '@emm/mcp';
import { redisEnvRules, redisEnvSchema } from '@emm/redis';
import type { z } from 'zod';
import { MAX_TEXT_CHARS } from './file-import/file-import.settings';

export { SERVICE_NAME } from './service-name';

/** A per-attempt timeout; zero would fail every call. */
const callTimeout = (defaultMs: number) => envDurationMs({ default: defaultMs }).refine((ms) => ms > 0, 'must be a duration of at least 1 ms');

export const appConfigSchema = platformEnvSchema
  .extend({
    ...redisEnvSchema.shape,
    ...mcpClientEnvSchema.shape,
    ...agentEnvSchema.shape,
    /** Most characters of a file's text sent to classify_content (the classifier cuts further for an LLM). */
    IMPORT_CLASSIFY_MAX_CHARS: envInt({ default: 100_000, min: 1_000, max: MAX_TEXT_CHARS }),
    /** Most characters of a file's text copied into its note; the rest stays in the original next to it. */
    IMPORT_NOTE_MAX_CHARS: envInt({ default: 50_000, min: 0, max: MAX_TEXT_CHARS }),
    /** Name of the ID allocated in a category when the classifier finds the category but no ID in it that fits. */
    IMPORT_NEW_ID_NAME: envString({ default: 'Imported files' }).refine((name) => name.length <= 120, 'must be at most 120 characters'),
    /**
     * Per attempt of a classify_content call. content-classifier answers within its LLM_TIMEOUT_MS
     * (30 s by default, then its heuristic decides), so this is longer than MCP_CLIENT_TIMEOUT_MS.
     */
    IMPORT_CLASSIFY_TIMEOUT_MS: callTimeout(40_000),
    /** Per attempt of a file-system call: read_file may extract a PDF for up to EXTRACT_TIMEOUT_MS (30 s by default). */
    IMPORT_FILE_SYSTEM_TIMEOUT_MS: callTimeout(40_000),
  })
  .superRefine(redisEnvRules)
  // agentEnvRules only looks at values that parsed, so it runs even when another variable is bad:
  // one start names every problem (zod would skip it after the first failed field otherwise).
  .superRefine(agentEnvRules, { when: () => true });

export type AppConfig = z.infer<typeof appConfigSchema>;
