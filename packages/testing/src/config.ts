// `@emm/testing/config`: kept out of the main entry, which production code loads without @emm/config.
import { loadConfig } from '@emm/config';
import type { z } from 'zod';

/** What a service's config starts from in tests: no log output, no shutdown drain. */
const QUIET_SERVICE_ENV: Readonly<Record<string, string>> = { LOG_LEVEL: 'silent', SHUTDOWN_DRAIN_MS: '0' };

/** A service's config as main.ts would build it from `env`, on top of `QUIET_SERVICE_ENV`. */
export function loadTestConfig<S extends z.ZodType>(schema: S, env: Record<string, string>): z.infer<S> {
  return loadConfig(schema, { ...QUIET_SERVICE_ENV, ...env });
}
