import { Agent, request } from 'undici';
import { LlmCallError } from './chat-model';

export interface JsonResponse {
  status: number;
  /** Parsed body, or undefined when it was not JSON. */
  body: unknown;
  /** The raw body, for error messages. */
  text: string;
  /** From `retry-after-ms` or `retry-after` (seconds or an HTTP date), when the server sent one. */
  retryAfterMs?: number;
}

export interface ModelHttpOptions {
  /** Header and body deadline of one exchange. */
  timeoutMs: number;
  /** Values that must never appear in a message (API keys): replaced by `[redacted]`. */
  secrets?: readonly string[];
}

const MAX_ERROR_TEXT = 300;

/**
 * JSON over HTTP to one model server: a keep-alive connection pool with
 * connect, header and body timeouts, and errors that name what went wrong
 * without the credentials.
 */
export class ModelHttp {
  private readonly agent: Agent;
  private readonly secrets: readonly string[];

  constructor(options: ModelHttpOptions) {
    this.agent = new Agent({
      keepAliveTimeout: 30_000,
      connect: { timeout: Math.min(options.timeoutMs, 10_000) },
      headersTimeout: options.timeoutMs,
      bodyTimeout: options.timeoutMs,
    });
    this.secrets = (options.secrets ?? []).filter((secret) => secret.length > 0);
  }

  async postJson(url: string, payload: unknown, headers: Record<string, string>, signal: AbortSignal): Promise<JsonResponse> {
    let response: Awaited<ReturnType<typeof request>>;
    try {
      response = await request(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json', ...headers },
        body: JSON.stringify(payload),
        signal,
        dispatcher: this.agent,
      });
    } catch (error) {
      throw this.transportFailure(error, signal, url);
    }
    let text: string;
    try {
      text = await response.body.text();
    } catch (error) {
      throw this.transportFailure(error, signal, url);
    }
    let body: unknown;
    try {
      body = text === '' ? undefined : JSON.parse(text);
    } catch {
      body = undefined;
    }
    return { status: response.statusCode, body, text, retryAfterMs: retryAfterMs(response.headers) };
  }

  /** Secrets replaced, length capped: fit for logs, metrics detail and tool results. */
  safeText(text: string): string {
    let safe = text;
    for (const secret of this.secrets) safe = safe.split(secret).join('[redacted]');
    return safe.length > MAX_ERROR_TEXT ? `${safe.slice(0, MAX_ERROR_TEXT)}…` : safe;
  }

  async close(): Promise<void> {
    await this.agent.close();
  }

  private transportFailure(error: unknown, signal: AbortSignal, url: string): LlmCallError {
    const code = (error as { code?: unknown }).code;
    if (signal.aborted || code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT') {
      return new LlmCallError('timeout', `no answer from ${origin(url)} in time`);
    }
    const detail = error instanceof Error ? ((error.cause as Error | undefined)?.message ?? error.message) : String(error);
    return new LlmCallError('unreachable', `cannot reach ${origin(url)}: ${this.safeText(detail)}`);
  }
}

function origin(url: string): string {
  const parsed = new URL(url);
  return `${parsed.protocol}//${parsed.host}`;
}

type Headers = Record<string, string | string[] | undefined>;

function header(headers: Headers, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** `retry-after-ms` (OpenAI), else `retry-after` in seconds or as an HTTP date. */
export function retryAfterMs(headers: Headers, now = Date.now()): number | undefined {
  const ms = header(headers, 'retry-after-ms');
  if (ms !== undefined && /^\d+(\.\d+)?$/.test(ms.trim())) return Math.ceil(Number(ms));
  const value = header(headers, 'retry-after')?.trim();
  if (value === undefined || value === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(value)) return Math.ceil(Number(value) * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
