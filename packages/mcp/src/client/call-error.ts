import type { ArgumentIssue } from '../server/argument-issues';

/**
 * What a caller can do about a failed call:
 * - `invalid_argument`: the call itself is wrong (arguments, unknown tool, too large): fix it, never retry.
 * - `tool_error`: the service answered and the tool failed or refused (not_found, conflict, internal,
 *   a result that breaks the contract, a rejected token): retrying the same call will not help.
 * - `unavailable`: no answer could be had (connection refused or reset, 502/503/504, the tool's
 *   backend down, circuit breaker open, retries exhausted): try again later.
 * - `timeout`: no answer within the timeout (after the retries the tool allowed).
 */
export type McpCallErrorKind = 'invalid_argument' | 'tool_error' | 'unavailable' | 'timeout';

/**
 * How far a failed attempt got, which decides whether retrying could run the
 * tool twice: `not_sent` (connection refused, 503, circuit open, handshake
 * failed) is always safe to retry; `sent` (reset, 502/504, timeout) and
 * `answered` only for idempotent tools.
 */
export type McpCallStage = 'not_sent' | 'sent' | 'answered';

export interface McpCallErrorInit {
  kind: McpCallErrorKind;
  /** The service's short name, e.g. `jd-classifier`. */
  service: string;
  tool: string;
  /** The tool's error code (`not_found`, `invalid_argument` …) or the client's (`timeout`, `circuit_open`, `connection_failed`, `http_502` …). */
  code: string;
  /** What went wrong, without the service and tool (those are in `message`). */
  detail: string;
  stage: McpCallStage;
  /** For `invalid_argument` from the tool: each field and the rule it broke. */
  issues?: readonly ArgumentIssue[];
  /** The tool's stable word for this failure, when its contract names one (`too_large`, `blocked` …). */
  reason?: string;
}

/** The one error a tool call rejects with (besides the caller's own abort reason). */
export class McpCallError extends Error {
  override readonly name = 'McpCallError';
  readonly kind: McpCallErrorKind;
  readonly service: string;
  readonly tool: string;
  readonly code: string;
  readonly detail: string;
  readonly stage: McpCallStage;
  readonly issues: readonly ArgumentIssue[] | undefined;
  /** The tool's stable word for this failure: act on it rather than on the wording of `detail`. */
  readonly reason: string | undefined;
  /** How many attempts were made before giving up (1 when not retried); set by the client. */
  attempts = 1;

  constructor(init: McpCallErrorInit) {
    super(`${init.service}/${init.tool}: ${init.detail}`);
    this.kind = init.kind;
    this.service = init.service;
    this.tool = init.tool;
    this.code = init.code;
    this.detail = init.detail;
    this.stage = init.stage;
    this.issues = init.issues;
    this.reason = init.reason;
  }

  /** A later call may succeed (`unavailable`, `timeout`); the others need a different call. */
  get retryable(): boolean {
    return this.kind === 'unavailable' || this.kind === 'timeout';
  }

  /** For logs and `--json` output: everything but the stack. */
  toJSON(): Record<string, unknown> {
    return {
      kind: this.kind,
      service: this.service,
      tool: this.tool,
      code: this.code,
      message: this.detail,
      ...(this.issues !== undefined && { issues: this.issues }),
      ...(this.reason !== undefined && { reason: this.reason }),
      attempts: this.attempts,
    };
  }
}
