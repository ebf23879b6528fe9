import { envInt, envList, envSecret } from '@emm/config';
import { z } from 'zod';
import { DEFAULT_MAX_BODY_BYTES, type McpServerOptions } from './server-options';

/** The environment every MCP service reads for its server side; compose it into the app's schema. */
export const mcpServerEnvSchema = z.object({
  /** When set, `/mcp` and `/tools*` require `Authorization: Bearer <token>`. */
  MCP_AUTH_TOKEN: envSecret({ optional: true }),
  /** Host header values accepted besides loopback: the Service's names in a cluster (`jd-classifier-service`, `jd-classifier-service:8080`). */
  MCP_ALLOWED_HOSTS: envList(),
  /** Browser origins accepted besides loopback ones (an MCP inspector, say). */
  MCP_ALLOWED_ORIGINS: envList(),
  MCP_MAX_BODY_BYTES: envInt({ default: DEFAULT_MAX_BODY_BYTES, min: 1024 }),
});

export type McpServerEnv = z.infer<typeof mcpServerEnvSchema>;

/** Server options from the validated environment, plus what the service says about itself. */
export function mcpServerOptionsFromEnv(
  env: McpServerEnv,
  self: Pick<McpServerOptions, 'name' | 'version' | 'instructions'>,
): McpServerOptions {
  return {
    ...self,
    authToken: env.MCP_AUTH_TOKEN,
    allowedHosts: env.MCP_ALLOWED_HOSTS,
    allowedOrigins: env.MCP_ALLOWED_ORIGINS,
    maxBodyBytes: env.MCP_MAX_BODY_BYTES,
  };
}
