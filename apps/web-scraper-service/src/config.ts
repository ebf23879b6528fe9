import { envBoolean, envDurationMs, envInt, envList, envString, platformEnvSchema } from '@emm/config';
import { mcpServerEnvSchema } from '@emm/mcp';
import { redisEnvRules, redisEnvSchema } from '@emm/redis';
import type { z } from 'zod';
import { parseAllowRule } from './safety/allow-list';

export { SERVICE_NAME } from './service-name';

const MIB = 1024 * 1024;

export const appConfigSchema = platformEnvSchema
  .extend({
    ...redisEnvSchema.shape,
    ...mcpServerEnvSchema.shape,
    /**
     * Exceptions to the public-address rule: `host`, `host:port` or a CIDR.
     * For tests and local demos only: it lets the service reach addresses
     * inside the cluster. A warning is logged at start when it is set.
     */
    SCRAPER_ALLOW_HOSTS: envList().superRefine((entries, ctx) => {
      for (const entry of entries) {
        const rule = parseAllowRule(entry);
        if (typeof rule === 'string') ctx.addIssue({ code: 'custom', message: rule });
      }
    }),
    /** Largest response body read (after decompression). */
    SCRAPER_MAX_BYTES: envInt({ default: 5 * MIB, min: 1024, max: 100 * MIB }),
    /** From sending a request (connect included) to its last response header. */
    SCRAPER_HEADER_TIMEOUT_MS: envDurationMs({ default: 10_000 }),
    /** From the response headers to the last body byte; also bounds PDF text and worker-thread HTML extraction. */
    SCRAPER_BODY_TIMEOUT_MS: envDurationMs({ default: 20_000 }),
    SCRAPER_MAX_REDIRECTS: envInt({ default: 5, min: 0, max: 20 }),
    /** Sent with every request; robots.txt groups are matched against its first word. Default: `EMM-WebScraper/<SERVICE_VERSION> (…)`. */
    SCRAPER_USER_AGENT: envString().optional(),
    SCRAPER_RESPECT_ROBOTS: envBoolean({ default: true }),
    /** Requests to one host at the same time, per replica. */
    SCRAPER_PER_HOST_CONCURRENCY: envInt({ default: 2, min: 1, max: 256 }),
    /** Least time between the starts of two requests to one host, per replica. */
    SCRAPER_PER_HOST_DELAY_MS: envDurationMs({ default: 500 }),
    /** Worker threads for HTML extraction; 0 extracts on the event loop. Default: one per core, at most 4. */
    SCRAPER_EXTRACT_THREADS: envInt({ min: 0, max: 32 }).optional(),
    /** How long a fetched page is served from the cache Redis; 0 turns the cache off. */
    SCRAPER_CACHE_TTL_SECONDS: envInt({ default: 3600, min: 0, max: 30 * 24 * 3600 }),
  })
  .superRefine(redisEnvRules);

export type AppConfig = z.infer<typeof appConfigSchema>;

/** The User-Agent: the product name and version, so site operators can tell who is calling. */
export function userAgentOf(config: Pick<AppConfig, 'SCRAPER_USER_AGENT' | 'SERVICE_VERSION'>): string {
  return config.SCRAPER_USER_AGENT ?? `EMM-WebScraper/${config.SERVICE_VERSION} (Expert Memory Machine web scraper; honours robots.txt)`;
}
