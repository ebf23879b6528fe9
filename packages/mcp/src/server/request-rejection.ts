import type { ArgumentIssue } from './argument-issues';

/** JSON-RPC error codes used on `/mcp` for requests rejected before reaching MCP. */
export const JSONRPC_PARSE_ERROR = -32700;
/** What the MCP SDK answers transport-level rejections (406, 415, 405 …) with. */
export const JSONRPC_SERVER_ERROR = -32000;
export const JSONRPC_INTERNAL_ERROR = -32603;

export interface RequestRejectionInit {
  readonly status: number;
  /** Stable, machine-readable: `unauthorized`, `payload_too_large`, `invalid_argument` … */
  readonly code: string;
  readonly message: string;
  readonly issues?: readonly ArgumentIssue[];
  /** A tool's stable word for this failure (see ToolError). */
  readonly reason?: string;
  readonly headers?: Readonly<Record<string, string>>;
  /** JSON-RPC error code when answered on `/mcp`; defaults to -32000. */
  readonly rpcCode?: number;
}

/**
 * A request turned away with a known status and a message safe to show
 * (auth, origin, body size, bad JSON, tool errors over REST). The error
 * filters render it as REST or JSON-RPC JSON; it carries no stack to leak.
 */
export class RequestRejection extends Error {
  override readonly name = 'RequestRejection';
  readonly status: number;
  readonly code: string;
  readonly issues: readonly ArgumentIssue[] | undefined;
  readonly reason: string | undefined;
  readonly headers: Readonly<Record<string, string>>;
  readonly rpcCode: number;

  constructor(init: RequestRejectionInit) {
    super(init.message);
    this.status = init.status;
    this.code = init.code;
    this.issues = init.issues;
    this.reason = init.reason;
    this.headers = init.headers ?? {};
    this.rpcCode = init.rpcCode ?? JSONRPC_SERVER_ERROR;
  }
}
