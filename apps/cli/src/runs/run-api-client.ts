import type { RunDetail, RunView } from '@emm/agent-runtime';
import { describeNetworkError } from './network-error';
import { Interrupted, RunApiError, type Issue, type RunApiErrorCode } from './run-api-error';
import { asRunDetail, asRunPage, asRunView, type RunPage } from './run-api-schemas';
import { decodeRunEvents, StreamFormatError, type RunStreamEvent } from './run-events';
import { formatLimit } from './run-output';

/** One agent's run API as this command line reaches it. */
export interface AgentTarget {
  /** `file-system-agent`, or `the agent` for an address given with --agent-url. */
  name: string;
  /** Base URL, without a trailing slash. */
  url: string;
  /** What to change when the address is wrong: `set FILE_SYSTEM_AGENT_URL` or `check --agent-url`. */
  addressHint: string;
}

export interface RunApiClientOptions {
  token?: string;
  /** Limit of each request (the SSE stream only for its response headers). */
  timeoutMs: number;
  /** Ctrl-C: every request stops at once. */
  signal?: AbortSignal;
  /** The SSE stream is taken for dead after this long without a byte (the agent sends a heartbeat every 15 s). */
  streamIdleMs?: number;
}

export interface StartRunRequest {
  workflow: string;
  input: Record<string, unknown>;
  idempotencyKey?: string;
}

const DEFAULT_STREAM_IDLE_MS = 45_000;

interface ErrorBody {
  code?: string;
  message?: string;
  issues?: Issue[];
}

function errorBody(body: unknown): ErrorBody {
  const error = (body as { error?: unknown } | null)?.error;
  if (typeof error !== 'object' || error === null) return {};
  const { code, message, issues } = error as Record<string, unknown>;
  return {
    ...(typeof code === 'string' && { code }),
    ...(typeof message === 'string' && { message }),
    ...(Array.isArray(issues) && {
      issues: issues.filter((issue): issue is Issue => typeof (issue as Issue)?.path === 'string' && typeof (issue as Issue)?.message === 'string'),
    }),
  };
}

/**
 * The run API of one agent over HTTP (Node's fetch): start, list, get, cancel,
 * retry, and the SSE event stream. Every failure becomes a RunApiError whose
 * message says what to do about it.
 */
export class RunApiClient {
  private readonly streamIdleMs: number;

  constructor(
    readonly target: AgentTarget,
    private readonly options: RunApiClientOptions,
  ) {
    this.streamIdleMs = options.streamIdleMs ?? DEFAULT_STREAM_IDLE_MS;
  }

  /** 202 and a new run, or 200 and the run an earlier request with the same idempotency key started. */
  async start(request: StartRunRequest): Promise<{ run: RunView; created: boolean }> {
    const { status, body } = await this.request('POST', '/runs', request);
    return { run: this.shaped(asRunView(body), '/runs'), created: status !== 200 };
  }

  async list(query: { state?: string; workflow?: string; limit?: number }): Promise<RunPage> {
    const params = new URLSearchParams();
    for (const [name, value] of Object.entries(query)) if (value !== undefined) params.set(name, String(value));
    const path = `/runs${params.size > 0 ? `?${params.toString()}` : ''}`;
    return this.shaped(asRunPage((await this.request('GET', path)).body), '/runs');
  }

  /** The run with its items (only those with `status` when given). */
  async get(id: string, status?: string): Promise<RunDetail> {
    const path = `/runs/${encodeURIComponent(id)}${status === undefined ? '' : `?status=${encodeURIComponent(status)}`}`;
    return this.shaped(asRunDetail((await this.request('GET', path)).body), path);
  }

  async cancel(id: string): Promise<RunView> {
    const path = `/runs/${encodeURIComponent(id)}/cancel`;
    return this.shaped(asRunView((await this.request('POST', path)).body), path);
  }

  async retry(id: string): Promise<RunView> {
    const path = `/runs/${encodeURIComponent(id)}/retry`;
    return this.shaped(asRunView((await this.request('POST', path)).body), path);
  }

  /**
   * Opens GET /runs/:id/events and yields its events until the agent ends the
   * stream. No overall time limit: only the response headers have one, and
   * the stream counts as dropped after `streamIdleMs` of silence.
   */
  async *events(id: string): AsyncGenerator<RunStreamEvent> {
    const path = `/runs/${encodeURIComponent(id)}/events`;
    const controller = new AbortController();
    const reasons: { timedOut?: 'headers' | 'idle' } = {};
    const stopOnInterrupt = () => controller.abort();
    this.options.signal?.addEventListener('abort', stopOnInterrupt, { once: true });
    let timer = setTimeout(() => {
      reasons.timedOut = 'headers';
      controller.abort();
    }, this.options.timeoutMs);
    try {
      let response: Response;
      try {
        response = await fetch(this.url(path), { headers: { ...this.headers(), accept: 'text/event-stream' }, signal: controller.signal });
      } catch (error) {
        throw this.fetchFailure(error, reasons.timedOut !== undefined);
      }
      clearTimeout(timer);
      if (!response.ok) throw this.httpFailure(response.status, await readJson(response), response.headers.get('retry-after'));
      if (!(response.headers.get('content-type') ?? '').startsWith('text/event-stream') || response.body === null) {
        await response.body?.cancel();
        throw this.failure('bad_response', `${this.target.name} at ${this.target.url} did not answer ${path} with an event stream`, response.status);
      }
      const watchdog = () => {
        clearTimeout(timer);
        timer = setTimeout(() => {
          reasons.timedOut = 'idle';
          controller.abort();
        }, this.streamIdleMs);
      };
      watchdog();
      const body = response.body;
      const chunks = (async function* () {
        for await (const chunk of body) {
          watchdog();
          yield chunk;
        }
      })();
      try {
        yield* decodeRunEvents(chunks);
      } catch (error) {
        if (this.options.signal?.aborted === true) throw new Interrupted('interrupted');
        const why = reasons.timedOut === 'idle' ? `no data for ${formatLimit(this.streamIdleMs)}` : error instanceof StreamFormatError ? error.message : describeNetworkError(error);
        throw this.failure('stream_dropped', `the event stream of ${this.target.name} dropped: ${why}`);
      }
    } finally {
      clearTimeout(timer);
      this.options.signal?.removeEventListener('abort', stopOnInterrupt);
      if (!controller.signal.aborted) controller.abort();
    }
  }

  private url(path: string): string {
    return `${this.target.url}${path}`;
  }

  private headers(): Record<string, string> {
    return this.options.token === undefined ? {} : { authorization: `Bearer ${this.options.token}` };
  }

  private async request(method: 'GET' | 'POST', path: string, body?: unknown): Promise<{ status: number; body: unknown }> {
    const timeout = AbortSignal.timeout(this.options.timeoutMs);
    const signal = this.options.signal === undefined ? timeout : AbortSignal.any([timeout, this.options.signal]);
    let response: Response;
    let parsed: unknown;
    try {
      response = await fetch(this.url(path), {
        method,
        headers: { ...this.headers(), accept: 'application/json', ...(body !== undefined && { 'content-type': 'application/json' }) },
        ...(body !== undefined && { body: JSON.stringify(body) }),
        signal,
      });
      parsed = await readJson(response);
    } catch (error) {
      throw this.fetchFailure(error, timeout.aborted);
    }
    if (!response.ok) throw this.httpFailure(response.status, parsed, response.headers.get('retry-after'));
    return { status: response.status, body: parsed };
  }

  private shaped<T>(value: T | undefined, path: string): T {
    if (value !== undefined) return value;
    throw this.failure('bad_response', `${this.target.name} at ${this.target.url} answered ${path} with something other than the run API's JSON; ${this.target.addressHint}`);
  }

  private failure(code: RunApiErrorCode, message: string, status?: number, issues?: readonly Issue[]): RunApiError {
    return new RunApiError({
      code,
      message,
      agent: this.target.name,
      url: this.target.url,
      ...(status !== undefined && { status }),
      ...(issues !== undefined && issues.length > 0 && { issues }),
    });
  }

  private fetchFailure(error: unknown, timedOut: boolean): Error {
    if (this.options.signal?.aborted === true) return new Interrupted('interrupted');
    if (timedOut) {
      return this.failure('timeout', `${this.target.name} at ${this.target.url} did not answer within ${formatLimit(this.options.timeoutMs)}; try again, or allow longer with --timeout`);
    }
    return this.failure('unreachable', `cannot reach ${this.target.name} at ${this.target.url}: ${describeNetworkError(error)}; is it running? ${this.target.addressHint}`);
  }

  private httpFailure(status: number, body: unknown, retryAfter: string | null): RunApiError {
    const { message, issues } = errorBody(body);
    const name = this.target.name;
    switch (status) {
      case 400:
        return this.failure('invalid_argument', `${name} refused the request: ${message ?? 'bad request'}`, status, issues);
      case 401:
        return this.failure(
          'unauthorized',
          this.options.token === undefined
            ? `${name} requires a token: set RUN_API_TOKEN or MCP_AUTH_TOKEN`
            : `${name} refused the token: set RUN_API_TOKEN or MCP_AUTH_TOKEN to the agent's RUN_API_TOKEN`,
          status,
        );
      case 404:
        return message === undefined
          ? this.failure('bad_response', `no run API at ${this.target.url} (HTTP 404); is it an EMM agent? ${this.target.addressHint}`, status)
          : this.failure('not_found', notFoundMessage(message, name), status);
      case 409:
        return this.failure('conflict', message ?? `${name} refused: conflict (HTTP 409)`, status);
      case 413:
        return this.failure('invalid_argument', `${name} refused the request as too large (HTTP 413)${message === undefined ? '' : `: ${message}`}`, status);
      case 429:
        return this.failure('rate_limited', `${name} is limiting requests (HTTP 429); try again${retryAfter === null ? ' shortly' : ` in ${retryAfter}s`}`, status);
      case 502:
      case 503:
      case 504:
        return this.failure('unavailable', `${name} at ${this.target.url} is unavailable (HTTP ${status})${message === undefined ? '' : `: ${message}`}`, status);
      default:
        return this.failure('http_error', `${name} at ${this.target.url} answered HTTP ${status}${message === undefined ? '' : `: ${message}`}`, status);
    }
  }
}

/** `run <id> not found on file-system-agent (unknown, …)` from the agent's `run <id> not found (unknown, …)`. */
function notFoundMessage(message: string, agent: string): string {
  const run = /^(run \S+ not found)(.*)$/s.exec(message);
  return run === null ? `${agent}: ${message}` : `${run[1]} on ${agent}${run[2]}`;
}

/** The body as JSON; undefined when it is empty or not JSON (a proxy's HTML error page). */
async function readJson(response: Response): Promise<unknown> {
  const text = await response.text();
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
