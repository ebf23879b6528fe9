import { agentEnvRules, agentEnvSchema } from '@emm/agent-runtime';
import { envDurationMs, envInt, platformEnvSchema } from '@emm/config';
import { mcpClientEnvSchema } from '@emm/mcp';
import { redisEnvRules, redisEnvSchema } from '@emm/redis';
import type { z } from 'zod';

export { SERVICE_NAME } from './service-name';

const positiveDuration = (defaultMs: number) => envDurationMs({ default: defaultMs }).refine((ms) => ms > 0, 'must be a duration of at least 1 ms');

export const appConfigSchema = platformEnvSchema
  .extend({
    ...redisEnvSchema.shape,
    ...mcpClientEnvSchema.shape,
    ...agentEnvSchema.shape,
    /** Longest page Markdown kept in a note (characters); longer pages are cut at a paragraph. 0 keeps only the excerpt and the link. */
    BOOKMARK_MARKDOWN_MAX_CHARS: envInt({ default: 20_000, min: 0, max: 1_000_000 }),
    /**
     * Per attempt of a fetch_page call. web-scraper gives a page up to 10 s for its headers and
     * 20 s for its body (SCRAPER_HEADER_TIMEOUT_MS, SCRAPER_BODY_TIMEOUT_MS), so this is longer
     * than MCP_CLIENT_TIMEOUT_MS. ITEM_TIMEOUT_MS still bounds the whole item.
     */
    BOOKMARK_FETCH_TIMEOUT_MS: positiveDuration(35_000),
    /** Per attempt of a classify_bookmark call: bookmark-classifier waits up to 40 s for content-classifier (an LLM). */
    BOOKMARK_CLASSIFY_TIMEOUT_MS: positiveDuration(45_000),
  })
  .superRefine(redisEnvRules)
  // Guarded, so it runs even when other variables are bad: one start reports every problem.
  .superRefine(agentEnvRules, { when: () => true });

export type AppConfig = z.infer<typeof appConfigSchema>;
