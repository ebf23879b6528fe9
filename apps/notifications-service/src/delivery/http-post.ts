import { DeliveryError, PermanentDeliveryError, RateLimitedError } from './errors';
import { parseRetryAfter } from './retry-after';
import { redactUrl } from './redaction';

export interface PostOptions {
  headers?: Record<string, string>;
  timeoutMs: number;
  /** Aborts the request, e.g. when the worker is force-closed. */
  signal?: AbortSignal;
  /** Names the channel in error messages. */
  label: string;
}

/** Kept from a refusal's body for the operator: Slack explains itself there (`invalid_blocks`, `no_service`). */
const BODY_EXCERPT_CHARS = 200;

/**
 * POSTs a JSON body and resolves on a 2xx. Every failure is one of three
 * errors with a message naming the host only (the URL is a secret):
 * RateLimitedError (429, with its Retry-After), DeliveryError (network,
 * timeout, 408, 5xx: worth retrying) or PermanentDeliveryError (other 4xx and
 * redirects: the receiver will not change its mind).
 */
export async function postJson(url: string, body: string, options: PostOptions): Promise<void> {
  const where = `${options.label}: POST ${redactUrl(url)}`;
  const timeout = AbortSignal.timeout(options.timeoutMs);
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...options.headers },
      body,
      // A redirect would carry the body (and headers) somewhere the operator never configured.
      redirect: 'manual',
      signal: options.signal === undefined ? timeout : AbortSignal.any([timeout, options.signal]),
    });
  } catch (error) {
    if (timeout.aborted) throw new DeliveryError(`${where} timed out after ${options.timeoutMs} ms`);
    throw new DeliveryError(`${where} failed: ${describeNetworkError(error)}`);
  }
  const excerpt = await readExcerpt(response);
  if (response.ok) return;
  const answered = `${where} answered ${response.status}${excerpt === '' ? '' : `: ${excerpt}`}`;
  if (response.status === 429) throw new RateLimitedError(answered, parseRetryAfter(response.headers.get('retry-after')));
  if (response.status === 408 || response.status >= 500) throw new DeliveryError(answered);
  throw new PermanentDeliveryError(answered);
}

async function readExcerpt(response: Response): Promise<string> {
  try {
    const text = await response.text();
    return text.replace(/\s+/g, ' ').trim().slice(0, BODY_EXCERPT_CHARS);
  } catch {
    return '';
  }
}

/** undici reports "fetch failed" with the reason (ECONNREFUSED host:port, ENOTFOUND host) in `cause`. */
function describeNetworkError(error: unknown): string {
  return messageOf(causeOf(error)) ?? messageOf(error) ?? String(error);
}

// Duck-typed: errors from fetch may come from another realm (jest's VM), where instanceof Error fails.
function messageOf(value: unknown): string | undefined {
  return typeof value === 'object' && value !== null && typeof (value as { message?: unknown }).message === 'string'
    ? (value as { message: string }).message
    : undefined;
}

function causeOf(value: unknown): unknown {
  return typeof value === 'object' && value !== null ? (value as { cause?: unknown }).cause : undefined;
}
