import { setTimeout as sleep } from 'node:timers/promises';
import { getOrCreateCounter, getOrCreateHistogram, LATENCY_BUCKETS } from '@emm/metrics';
import { type BulkheadPolicy, bulkhead, DelegateBackoff, ExponentialBackoff, handleWhen, type IBackoff, type RetryPolicy, retry } from 'cockatiel';
import { Agent, request } from 'undici';
import type { z } from 'zod';
import { ConfluenceCredentialsError, ConfluenceNotFoundError, ConfluenceResponseError, ConfluenceUnavailableError } from './errors';
import { parseRetryAfter } from './retry-after';

export interface ConfluenceHttpSettings {
  /** Absolute root the API paths hang off: the wiki base on Cloud, the base (with context path) on Data Center. */
  baseUrl: string;
  /** The `Authorization` header value. Never logged. */
  authorization: string;
  /** Which variables hold the credentials, for the error that says to check them. */
  credentialVariables: string;
  userAgent: string;
  timeoutMs: number;
  retryAttempts: number;
  retryBudgetMs: number;
  maxConcurrency: number;
  /** First backoff delay; later ones grow exponentially with jitter. */
  initialBackoffMs?: number;
  maxBackoffMs?: number;
}

export interface RequestOptions {
  /** Bounded name for metrics: `get_page`, `list_spaces`, … */
  operation: string;
  query?: Record<string, string | number | undefined>;
  signal?: AbortSignal;
  /** The message for a 404, naming what was asked for. */
  notFound?: string;
}

/** A failure worth another attempt: 429, 5xx, a network error or a timeout. */
class TransientFailure extends Error {
  constructor(
    message: string,
    readonly reason: '429' | '5xx' | 'network',
    /** What the server asked for (Retry-After), if it did. */
    readonly retryAfterMs: number | undefined,
    /** Filled in before the retry policy waits: the delay this failure earns. */
    public delayMs = 0,
  ) {
    super(message);
  }
}

const MAX_ERROR_BODY_CHARS = 4_096;
const MAX_RESPONSE_BYTES = 64 * 1024 * 1024;

const requestsTotal = getOrCreateCounter({
  name: 'confluence_api_requests_total',
  help: 'Requests to the Confluence REST API by operation and HTTP status (network_error when there was no answer)',
  labelNames: ['operation', 'status'],
});
const requestDuration = getOrCreateHistogram({
  name: 'confluence_api_request_duration_seconds',
  help: 'Duration of single Confluence REST API requests (one attempt each)',
  labelNames: ['operation'],
  buckets: LATENCY_BUCKETS,
});
const retriesTotal = getOrCreateCounter({
  name: 'confluence_api_retries_total',
  help: 'Confluence requests retried, by operation and reason (429, 5xx, network)',
  labelNames: ['operation', 'reason'],
});

/**
 * JSON over HTTP to one Confluence site: undici keep-alive connections, a
 * timeout per attempt, at most `maxConcurrency` requests in flight (cockatiel
 * bulkhead), and retries for transient failures (cockatiel retry) with
 * exponential backoff, or exactly the wait a 429/503 `Retry-After` asks for.
 * A Retry-After pauses every request to the site, not only the one that got
 * it. Each call has a retry budget: once waiting would exceed it, the call
 * fails as unavailable instead of queueing behind a 429 storm.
 */
export class ConfluenceHttp {
  readonly base: URL;
  private readonly agent: Agent;
  private readonly retryPolicy: RetryPolicy;
  private readonly bulkheadPolicy: BulkheadPolicy;
  private readonly backoff: ExponentialBackoff<unknown>;
  /** Until when the site asked everyone to hold off (epoch ms). */
  private pausedUntil = 0;

  constructor(private readonly settings: ConfluenceHttpSettings) {
    this.base = new URL(settings.baseUrl.replace(/\/+$/, ''));
    this.agent = new Agent({ connections: settings.maxConcurrency, keepAliveTimeout: 30_000, maxResponseSize: MAX_RESPONSE_BYTES });
    this.backoff = new ExponentialBackoff({ initialDelay: settings.initialBackoffMs ?? 250, maxDelay: settings.maxBackoffMs ?? 10_000 });
    this.retryPolicy = retry(
      handleWhen((error) => error instanceof TransientFailure),
      {
        maxAttempts: settings.retryAttempts,
        backoff: new DelegateBackoff((context) => ('error' in context.result && context.result.error instanceof TransientFailure ? context.result.error.delayMs : 0)),
      },
    );
    this.bulkheadPolicy = bulkhead(settings.maxConcurrency, Number.POSITIVE_INFINITY);
  }

  /** A path under the base (`/api/v2/pages/1`) or an absolute URL on the same site (a `_links.next`). */
  url(target: string | URL, query: RequestOptions['query'] = {}): URL {
    const root = this.base.href.replace(/\/+$/, '');
    const url = target instanceof URL ? new URL(target) : new URL(`${root}${target.startsWith('/') ? target : `/${target}`}`);
    if (url.origin !== this.base.origin) throw new ConfluenceResponseError(0, `Confluence pointed to another site (${url.origin}); refusing to send credentials there`);
    for (const [name, value] of Object.entries(query)) if (value !== undefined) url.searchParams.set(name, String(value));
    return url;
  }

  /** A web or download link (relative to the wiki base, or already absolute) as an absolute URL for people. */
  webUrl(link: string | undefined): string | undefined {
    if (!link) return undefined;
    if (/^https?:\/\//i.test(link)) return link;
    return `${this.base.href.replace(/\/+$/, '')}${link.startsWith('/') ? link : `/${link}`}`;
  }

  get<T>(target: string | URL, schema: z.ZodType<T>, options: RequestOptions): Promise<T> {
    return this.send('GET', this.url(target, options.query), undefined, schema, options);
  }

  post<T>(target: string | URL, body: unknown, schema: z.ZodType<T>, options: RequestOptions): Promise<T> {
    return this.send('POST', this.url(target, options.query), body, schema, options);
  }

  async close(): Promise<void> {
    await this.agent.close();
  }

  private async send<T>(method: 'GET' | 'POST', url: URL, body: unknown, schema: z.ZodType<T>, options: RequestOptions): Promise<T> {
    const deadline = Date.now() + this.settings.retryBudgetMs;
    let backoff: IBackoff<unknown> | undefined;
    try {
      return await this.retryPolicy.execute(async ({ attempt }) => {
        options.signal?.throwIfAborted();
        await this.waitOutPause(deadline, options.signal);
        try {
          return await this.bulkheadPolicy.execute(() => this.attempt(method, url, body, schema, options));
        } catch (error) {
          if (!(error instanceof TransientFailure)) throw error;
          if (error.retryAfterMs !== undefined) this.pausedUntil = Math.max(this.pausedUntil, Date.now() + error.retryAfterMs);
          // The last attempt: the policy gives up (see below), no delay to plan.
          if (attempt >= this.settings.retryAttempts) throw error;
          backoff = backoff ? backoff.next(undefined) : this.backoff.next();
          error.delayMs = error.retryAfterMs ?? backoff.duration;
          if (Date.now() + error.delayMs > deadline) {
            throw new ConfluenceUnavailableError(`${error.message}; gave up: waiting ${seconds(error.delayMs)} more would exceed the retry budget of ${seconds(this.settings.retryBudgetMs)}`);
          }
          retriesTotal.inc({ operation: options.operation, reason: error.reason });
          throw error;
        }
      }, options.signal);
    } catch (error) {
      if (error instanceof TransientFailure) {
        throw new ConfluenceUnavailableError(`${error.message}; gave up after ${this.settings.retryAttempts + 1} attempts`);
      }
      throw error;
    }
  }

  /** Honours a Retry-After another request received, within this call's budget. */
  private async waitOutPause(deadline: number, signal: AbortSignal | undefined): Promise<void> {
    const wait = this.pausedUntil - Date.now();
    if (wait <= 0) return;
    if (Date.now() + wait > deadline) {
      throw new ConfluenceUnavailableError(`Confluence asked to hold off requests (Retry-After) for ${seconds(wait)} more, longer than the retry budget of ${seconds(this.settings.retryBudgetMs)}`);
    }
    await sleep(wait, undefined, { signal });
  }

  private async attempt<T>(method: 'GET' | 'POST', url: URL, body: unknown, schema: z.ZodType<T>, options: RequestOptions): Promise<T> {
    const timeout = AbortSignal.timeout(this.settings.timeoutMs);
    const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
    const endTimer = requestDuration.startTimer({ operation: options.operation });
    const where = `${method} ${url.pathname}`;
    let status: number;
    let text: string;
    let retryAfter: string | string[] | undefined;
    try {
      const response = await request(url, {
        dispatcher: this.agent,
        method,
        signal,
        headers: {
          accept: 'application/json',
          authorization: this.settings.authorization,
          'user-agent': this.settings.userAgent,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      status = response.statusCode;
      retryAfter = response.headers['retry-after'];
      text = await response.body.text();
    } catch (error) {
      requestsTotal.inc({ operation: options.operation, status: 'network_error' });
      if (options.signal?.aborted) throw error;
      const cause = timeout.aborted ? `timed out after ${this.settings.timeoutMs} ms` : describeNetworkError(error);
      throw new TransientFailure(`Confluence did not answer ${where}: ${cause}`, 'network', undefined);
    } finally {
      endTimer();
    }
    requestsTotal.inc({ operation: options.operation, status: String(status) });

    if (status >= 200 && status < 300) return this.parse(text, schema, where);
    if (status === 401 || status === 403) throw new ConfluenceCredentialsError(status, this.settings.credentialVariables);
    if (status === 404) throw new ConfluenceNotFoundError(options.notFound ?? `Confluence has nothing at ${url.pathname}`);
    if (status === 429) throw new TransientFailure(`Confluence is rate limiting requests (429) on ${where}`, '429', parseRetryAfter(retryAfter));
    if (status >= 500) throw new TransientFailure(`Confluence failed with ${status} on ${where}`, '5xx', parseRetryAfter(retryAfter));
    throw new ConfluenceResponseError(status, `Confluence rejected ${where} (${status})${errorDetail(text)}`);
  }

  private parse<T>(text: string, schema: z.ZodType<T>, where: string): T {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      // An HTML page here usually means the base URL points at a login page or proxy, not at Confluence's API.
      throw new ConfluenceResponseError(200, `Confluence answered ${where} with something that is not JSON; check CONFLUENCE_BASE_URL and CONFLUENCE_FLAVOR`);
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new ConfluenceResponseError(200, `Confluence answered ${where} with an unexpected shape (${issue.path.join('.') || 'body'}: ${issue.message}); check CONFLUENCE_FLAVOR`);
    }
    return parsed.data;
  }
}

/** Confluence explains errors as `{ message }` (v1) or `{ errors: [{ title, detail }] }` (v2). */
function errorDetail(text: string): string {
  try {
    const body = JSON.parse(text.slice(0, MAX_ERROR_BODY_CHARS)) as { message?: unknown; errors?: Array<{ title?: unknown; detail?: unknown }> };
    const message = body.message ?? body.errors?.[0]?.detail ?? body.errors?.[0]?.title;
    return typeof message === 'string' && message.trim() !== '' ? `: ${message.trim().slice(0, 300)}` : '';
  } catch {
    return '';
  }
}

function describeNetworkError(error: unknown): string {
  const code = (error as { code?: unknown }).code;
  const message = error instanceof Error ? error.message : String(error);
  return typeof code === 'string' ? `${code} (${message})` : message;
}

/** `3 s`, `2.5 s`: durations in messages. */
function seconds(ms: number): string {
  const value = ms / 1000;
  return `${Number.isInteger(value) ? value : value.toFixed(1)} s`;
}
