import { envBoolean, envDurationMs, envInt, platformEnvSchema } from '@emm/config';
import { mcpClientEnvSchema, mcpServerEnvSchema } from '@emm/mcp';
import { redisEnvRules, redisEnvSchema } from '@emm/redis';
import { z } from 'zod';
import { domainRulesFileEnv, domainRulesJsonEnv } from './classification/domain-rules.env';

export { SERVICE_NAME } from './service-name';

const MiB = 1024 * 1024;

/** A number from 0 to 1 (`0.5`), e.g. a confidence threshold. */
function envFraction(defaultValue: number) {
  const rule = 'must be a number from 0 to 1, such as 0.5';
  return z
    .string({ error: rule })
    .transform((raw, ctx) => {
      const value = Number(raw.trim());
      if (raw.trim() === '' || !Number.isFinite(value) || value < 0 || value > 1) {
        ctx.issues.push({ code: 'custom', input: raw, message: rule });
        return z.NEVER;
      }
      return value;
    })
    .default(defaultValue);
}

export const appConfigSchema = platformEnvSchema
  .extend({
    ...redisEnvSchema.shape,
    ...mcpServerEnvSchema.shape,
    ...mcpClientEnvSchema.shape,
    /** Bookmark exports arrive whole in one call: 10,000 bookmarks with favicons are tens of MB. */
    MCP_MAX_BODY_BYTES: envInt({ default: 40 * MiB, min: 1024 }),
    /** Largest `content` parse_bookmarks accepts (UTF-8 bytes); must fit in MCP_MAX_BODY_BYTES. */
    BOOKMARKS_MAX_INPUT_BYTES: envInt({ default: 32 * MiB, min: 1024 }),
    /** Host → JD category rules as inline JSON: {"github.com":"41","docs.python.org":"41.03"}. */
    BOOKMARK_DOMAIN_RULES: domainRulesJsonEnv(),
    /** …or as a YAML/JSON file (a mounted ConfigMap). */
    BOOKMARK_DOMAIN_RULES_PATH: domainRulesFileEnv(),
    /** The built-in map of well-known sites (by category name); configured rules override it per host. */
    BOOKMARK_DEFAULT_DOMAIN_RULES: envBoolean({ default: true }),
    /** Below this confidence a classification needs a person's review; keep it equal to content-classifier's. */
    BOOKMARK_REVIEW_THRESHOLD: envFraction(0.5),
    /** How long a classification is kept in the cache Redis (0 turns the cache off). */
    BOOKMARK_CLASSIFY_CACHE_TTL_MS: envDurationMs({ default: 24 * 3_600_000 }),
    /**
     * Per attempt of a classify_content call. content-classifier answers within its LLM_TIMEOUT_MS
     * (30 s by default, then its heuristic decides), so this is longer than MCP_CLIENT_TIMEOUT_MS.
     */
    BOOKMARK_CONTENT_TIMEOUT_MS: envDurationMs({ default: 40_000 }).refine((ms) => ms > 0, 'must be a duration of at least 1 ms'),
    /** How long the JD structure fetched from jd-classifier is used before it is fetched again. */
    BOOKMARK_STRUCTURE_MAX_AGE_MS: envDurationMs({ default: 30_000 }),
  })
  .superRefine(redisEnvRules)
  .superRefine((env, ctx) => {
    if (env.BOOKMARK_DOMAIN_RULES !== undefined && env.BOOKMARK_DOMAIN_RULES_PATH !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['BOOKMARK_DOMAIN_RULES_PATH'], message: 'set either BOOKMARK_DOMAIN_RULES or BOOKMARK_DOMAIN_RULES_PATH, not both' });
    }
    if (env.BOOKMARKS_MAX_INPUT_BYTES > env.MCP_MAX_BODY_BYTES) {
      ctx.addIssue({ code: 'custom', path: ['BOOKMARKS_MAX_INPUT_BYTES'], message: 'must not exceed MCP_MAX_BODY_BYTES (the request carrying the content would be refused first)' });
    }
  });

export type AppConfig = z.infer<typeof appConfigSchema>;
