/** A field and the rule it broke, as the run API reports bad input. */
export interface Issue {
  path: string;
  message: string;
}

/**
 * What went wrong talking to an agent's run API, in words a person can act on:
 * - `unreachable`, `timeout`: no answer (is it running? is the URL right?)
 * - `unauthorized`: the token is missing or wrong
 * - `invalid_argument`: bad input, with one issue per field
 * - `not_found`, `conflict`: the agent's own words (no such run; run already ended …)
 * - `rate_limited`, `unavailable`, `http_error`: the agent could not serve the request now
 * - `bad_response`, `stream_dropped`: the answer was not what the run API sends (is the URL an agent's?)
 */
export type RunApiErrorCode =
  | 'unreachable'
  | 'timeout'
  | 'unauthorized'
  | 'invalid_argument'
  | 'not_found'
  | 'conflict'
  | 'rate_limited'
  | 'unavailable'
  | 'http_error'
  | 'bad_response'
  | 'stream_dropped';

export interface RunApiErrorInit {
  code: RunApiErrorCode;
  message: string;
  /** The agent's name, or `the agent` for an --agent-url. */
  agent: string;
  url: string;
  status?: number;
  issues?: readonly Issue[];
}

export class RunApiError extends Error {
  override readonly name = 'RunApiError';
  readonly code: RunApiErrorCode;
  readonly agent: string;
  readonly url: string;
  readonly status: number | undefined;
  readonly issues: readonly Issue[] | undefined;

  constructor(init: RunApiErrorInit) {
    super(init.message);
    this.code = init.code;
    this.agent = init.agent;
    this.url = init.url;
    this.status = init.status;
    this.issues = init.issues;
  }

  /** Worth trying again a moment later (following a run through a rolling update). */
  get transient(): boolean {
    return ['unreachable', 'timeout', 'rate_limited', 'unavailable', 'http_error', 'bad_response', 'stream_dropped'].includes(this.code);
  }

  /** What a person reads: the message, or the refusal with one `field: rule` line per issue. */
  lines(): string[] {
    if (this.issues !== undefined && this.issues.length > 0) return [`${this.agent} refused the request:`, ...this.issues.map((issue) => `  ${issue.path}: ${issue.message}`)];
    return this.message.split('\n');
  }

  /** The error as `--json` prints it. */
  toJSON(): Record<string, unknown> {
    return {
      code: this.code,
      message: this.message,
      agent: this.agent,
      url: this.url,
      ...(this.status !== undefined && { status: this.status }),
      ...(this.issues !== undefined && { issues: this.issues }),
    };
  }
}

/** The person stopped the command (Ctrl-C); a followed run goes on. */
export class Interrupted extends Error {
  override readonly name = 'Interrupted';
}
