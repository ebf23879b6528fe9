import { envDurationMs, envEnum, envInt, envSecret, envString, envUrl, platformEnvSchema } from '@emm/config';
import { mcpClientEnvSchema, mcpServerEnvSchema } from '@emm/mcp';
import { redisEnvRules, redisEnvSchema } from '@emm/redis';
import { z } from 'zod';
import { PROVIDER_NAMES } from './classification/classification';
import { OPENAI_RESPONSE_FORMATS } from './llm/openai-chat-model';

export { SERVICE_NAME } from './service-name';

const HTTP_PROTOCOLS = ['http:', 'https:'] as const;
const DAY_MS = 24 * 3_600_000;

/** A number from `min` to `max` (e.g. a threshold such as 0.5). A local helper until @emm/config has one. */
function envNumber(options: { default: number; min: number; max: number }) {
  const rule = `must be a number between ${options.min} and ${options.max}`;
  return z
    .string({ error: rule })
    .transform((raw, ctx): number => {
      const value = /^\s*[+-]?(\d+(\.\d*)?|\.\d+)\s*$/.test(raw) ? Number(raw) : Number.NaN;
      if (!(value >= options.min && value <= options.max)) {
        ctx.issues.push({ code: 'custom', message: rule, input: raw });
        return z.NEVER;
      }
      return value;
    })
    .default(options.default);
}

export const appConfigSchema = platformEnvSchema
  .extend({
    ...redisEnvSchema.shape,
    ...mcpServerEnvSchema.shape,
    // MCP_JD_CLASSIFIER_URL and the client's timeouts, retries and cache: the JD structure comes from there.
    ...mcpClientEnvSchema.shape,
    /** Who decides: the built-in heuristic (offline), a local Ollama, or any OpenAI-compatible endpoint. */
    LLM_PROVIDER: envEnum(PROVIDER_NAMES, 'heuristic'),
    OLLAMA_URL: envUrl({ protocols: HTTP_PROTOCOLS, default: 'http://127.0.0.1:11434' }),
    OLLAMA_MODEL: envString().optional(),
    /** Up to and including /v1. */
    OPENAI_BASE_URL: envUrl({ protocols: HTTP_PROTOCOLS, default: 'https://api.openai.com/v1' }),
    OPENAI_API_KEY: envSecret({ optional: true }),
    OPENAI_MODEL: envString().optional(),
    /** json_object (OpenAI, vLLM, llama.cpp), json_schema (LM Studio, OpenAI), none (servers that accept neither). */
    OPENAI_RESPONSE_FORMAT: envEnum(OPENAI_RESPONSE_FORMATS, 'json_object'),
    /** Deadline of one LLM classification, rate-limit waits included; then the heuristic decides. */
    LLM_TIMEOUT_MS: envDurationMs({ default: 30_000 }).refine((ms) => ms > 0, 'must be a duration of at least 1 ms'),
    /** Retries after HTTP 429/503, each after the server's Retry-After. */
    LLM_MAX_RETRIES: envInt({ default: 2, min: 0, max: 10 }),
    /** Document text sent to the LLM, in tokens (≈ 4 characters); longer texts keep their head and tail. */
    LLM_MAX_INPUT_TOKENS: envInt({ default: 3_000, min: 100, max: 1_000_000 }),
    /** Below this confidence a classification is marked needs_review and routed to the review inbox. */
    CLASSIFY_REVIEW_THRESHOLD: envNumber({ default: 0.5, min: 0, max: 1 }),
    /** How long a classification is kept for identical content (0: no cache). */
    CLASSIFY_CACHE_TTL_MS: envDurationMs({ default: DAY_MS }),
    /** Longest a cache lookup may take before the document is classified without it. */
    CLASSIFY_CACHE_TIMEOUT_MS: envDurationMs({ default: 100 }).refine((ms) => ms > 0, 'must be a duration of at least 1 ms'),
    /** How long the JD structure fetched from jd-classifier-service is used before it is fetched again. */
    JD_STRUCTURE_MAX_AGE_MS: envDurationMs({ default: 30_000 }).refine((ms) => ms > 0, 'must be a duration of at least 1 ms'),
  })
  .superRefine(redisEnvRules)
  .superRefine((env, ctx) => {
    const problem = (name: 'OLLAMA_MODEL' | 'OPENAI_MODEL' | 'OPENAI_API_KEY', rule: string) => ctx.addIssue({ code: 'custom', path: [name], message: rule });
    if (env.LLM_PROVIDER === 'ollama' && env.OLLAMA_MODEL === undefined) problem('OLLAMA_MODEL', 'is required when LLM_PROVIDER=ollama (e.g. llama3.1:8b)');
    if (env.LLM_PROVIDER === 'openai') {
      if (env.OPENAI_MODEL === undefined) problem('OPENAI_MODEL', 'is required when LLM_PROVIDER=openai (e.g. gpt-4o-mini)');
      if (env.OPENAI_API_KEY === undefined && new URL(env.OPENAI_BASE_URL).hostname === 'api.openai.com') {
        problem('OPENAI_API_KEY', 'is required for api.openai.com (set OPENAI_BASE_URL for a local server that needs no key)');
      }
    }
  });

export type AppConfig = z.infer<typeof appConfigSchema>;
