import { z } from 'zod';
import { BearerTokenVerifier } from './bearer-token';
import { RequestOriginPolicy } from './request-origin-policy';

export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

/** How the server presents itself and who may call it. */
export interface McpServerOptions {
  /** Server name reported to MCP clients on initialize (the service name). */
  name: string;
  version: string;
  /** Hint for models on how to use this server's tools (MCP `instructions`). */
  instructions?: string;
  /** When set, `/mcp` and `/tools*` require `Authorization: Bearer <authToken>`. */
  authToken?: string;
  /** Browser origins allowed besides loopback ones, e.g. `https://inspector.example.com`. */
  allowedOrigins?: readonly string[];
  /**
   * `Host` values allowed besides localhost/127.0.0.1/[::1]. In a cluster add the
   * service's names: `jd-classifier-service` (any port) or `jd-classifier-service:8080`.
   */
  allowedHosts?: readonly string[];
  /** Largest accepted JSON body on `/mcp` and `/tools/:name`; default 1 MiB. */
  maxBodyBytes?: number;
}

const optionsSchema = z.object({
  name: z.string().trim().min(1, 'name is required'),
  version: z.string().trim().min(1, 'version is required'),
  instructions: z.string().optional(),
  authToken: z.string().min(1, 'authToken is empty: leave it undefined to turn authentication off').optional(),
  allowedOrigins: z.array(z.string().min(1)).default([]),
  allowedHosts: z.array(z.string().min(1)).default([]),
  maxBodyBytes: z.number().int().positive().default(DEFAULT_MAX_BODY_BYTES),
});

/** Options checked once at startup, with what each request needs built ahead. */
export class ServerSettings {
  readonly serverInfo: { readonly name: string; readonly version: string };
  readonly instructions: string | undefined;
  readonly maxBodyBytes: number;
  /** Undefined: authentication is off. */
  readonly bearer: BearerTokenVerifier | undefined;
  readonly originPolicy: RequestOriginPolicy;

  constructor(options: McpServerOptions) {
    const parsed = optionsSchema.safeParse(options);
    if (!parsed.success) {
      const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || 'options'}: ${issue.message}`);
      throw new Error(`McpServerModule options are invalid: ${problems.join('; ')}`);
    }
    const valid = parsed.data;
    this.serverInfo = Object.freeze({ name: valid.name, version: valid.version });
    this.instructions = valid.instructions;
    this.maxBodyBytes = valid.maxBodyBytes;
    this.bearer = valid.authToken === undefined ? undefined : new BearerTokenVerifier(valid.authToken);
    this.originPolicy = new RequestOriginPolicy(valid.allowedHosts, valid.allowedOrigins);
  }
}
