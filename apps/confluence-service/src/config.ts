import { envDurationMs, envEnum, envInt, envSecret, envString, envUrl, platformEnvSchema } from '@emm/config';
import { mcpServerEnvSchema } from '@emm/mcp';
import { redisEnvRules, redisEnvSchema } from '@emm/redis';
import { z } from 'zod';

export { SERVICE_NAME } from './service-name';

export const CONFLUENCE_FLAVORS = ['cloud', 'datacenter'] as const;
export type ConfluenceFlavor = (typeof CONFLUENCE_FLAVORS)[number];

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/** The variables of the Confluence connection. */
const confluenceFields = z.object({
  /** `cloud`: REST API v2 with email + API token; `datacenter`: REST API v1 with a personal access token. */
  CONFLUENCE_FLAVOR: envEnum(CONFLUENCE_FLAVORS),
  /** The Confluence address as the browser shows it: `https://example.atlassian.net/wiki`, `https://confluence.example.com`. */
  CONFLUENCE_BASE_URL: envUrl({ protocols: ['https:', 'http:'] }),
  /** Cloud: the Atlassian account the API token belongs to. */
  CONFLUENCE_EMAIL: envString().optional(),
  /** Cloud: API token of CONFLUENCE_EMAIL's account. */
  CONFLUENCE_API_TOKEN: envSecret({ optional: true }),
  /** Data Center: personal access token, sent as a bearer token. */
  CONFLUENCE_PAT: envSecret({ optional: true }),
  /** Longest wait for one Confluence response (headers and body). */
  CONFLUENCE_TIMEOUT_MS: envDurationMs({ default: 30_000 }),
  /** Retries after the first attempt for 429, 5xx and network failures. */
  CONFLUENCE_RETRY_ATTEMPTS: envInt({ default: 4, min: 0, max: 20 }),
  /** Most time one Confluence request may spend waiting to be retried (backoff and Retry-After) before it fails as unavailable. */
  CONFLUENCE_RETRY_BUDGET_MS: envDurationMs({ default: 60_000 }),
  /** Most Confluence requests in flight at once from this process. */
  CONFLUENCE_MAX_CONCURRENCY: envInt({ default: 8, min: 1, max: 64 }),
});

export const appConfigSchema = platformEnvSchema
  .extend({ ...redisEnvSchema.shape, ...mcpServerEnvSchema.shape, ...confluenceFields.shape })
  .superRefine(redisEnvRules)
  .superRefine(confluenceEnvRules, {
    // Also when other variables are bad, so an operator sees every problem in one go;
    // a variable that failed its own rule then holds its raw text, hence the type checks.
    when: () => true,
  });

export type AppConfig = z.infer<typeof appConfigSchema>;

function confluenceEnvRules(env: z.output<typeof confluenceFields>, ctx: z.RefinementCtx): void {
  const problem = (path: string, message: string): void => {
    ctx.addIssue({ code: 'custom', path: [path], message });
  };
  if (typeof env.CONFLUENCE_BASE_URL === 'string' && URL.canParse(env.CONFLUENCE_BASE_URL)) {
    const url = new URL(env.CONFLUENCE_BASE_URL);
    if (url.protocol === 'http:' && !LOOPBACK_HOSTS.has(url.hostname)) {
      problem('CONFLUENCE_BASE_URL', 'must be an https:// URL (http:// is accepted only for loopback hosts: localhost, 127.0.0.1, [::1])');
    }
    if (url.username !== '' || url.password !== '') problem('CONFLUENCE_BASE_URL', 'must not contain credentials; set CONFLUENCE_EMAIL/CONFLUENCE_API_TOKEN or CONFLUENCE_PAT');
    if (url.search !== '' || url.hash !== '') problem('CONFLUENCE_BASE_URL', 'must not have a query or fragment');
  }
  if (env.CONFLUENCE_FLAVOR === 'cloud') {
    if (env.CONFLUENCE_EMAIL === undefined) problem('CONFLUENCE_EMAIL', 'is required when CONFLUENCE_FLAVOR=cloud');
    if (env.CONFLUENCE_API_TOKEN === undefined) problem('CONFLUENCE_API_TOKEN', 'is required when CONFLUENCE_FLAVOR=cloud');
  }
  if (env.CONFLUENCE_FLAVOR === 'datacenter' && env.CONFLUENCE_PAT === undefined) {
    problem('CONFLUENCE_PAT', 'is required when CONFLUENCE_FLAVOR=datacenter');
  }
}
