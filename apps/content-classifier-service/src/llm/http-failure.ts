import { LlmCallError } from './chat-model';
import type { JsonResponse } from './http-json';

/**
 * A non-2xx answer as an LlmCallError. 429 (and 503, which Ollama and
 * OpenAI-compatible servers send when their queue is full) are "rate
 * limited": worth retrying after the server's Retry-After.
 */
export function httpFailure(response: JsonResponse, what: string, serverMessage: string | undefined): LlmCallError {
  const reason = serverMessage === undefined || serverMessage === '' ? '' : `: ${serverMessage}`;
  const details = { status: response.status, ...(response.retryAfterMs !== undefined && { retryAfterMs: response.retryAfterMs }) };
  if (response.status === 429 || response.status === 503) {
    return new LlmCallError('rate_limited', `${what} is rate limited or busy (HTTP ${response.status})${reason}`, details);
  }
  return new LlmCallError('http_error', `${what} answered HTTP ${response.status}${reason}`, details);
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A non-negative integer token count, or undefined. */
export function tokenCount(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : undefined;
}
