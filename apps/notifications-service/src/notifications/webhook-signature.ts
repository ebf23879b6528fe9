import { createHmac, timingSafeEqual } from 'node:crypto';

export const TIMESTAMP_HEADER = 'x-emm-timestamp';
export const SIGNATURE_HEADER = 'x-emm-signature';
const VERSION = 'v1';

/**
 * `v1=<hex HMAC-SHA256(secret, "<timestamp>.<body>")>`. Signing the timestamp
 * with the body lets a receiver reject replays of an old request.
 */
export function signWebhook(secret: string, timestampSeconds: number, body: string): string {
  const digest = createHmac('sha256', secret).update(`${timestampSeconds}.${body}`).digest('hex');
  return `${VERSION}=${digest}`;
}

export interface VerifyOptions {
  /** Oldest (and furthest future) timestamp accepted, in seconds from now; default 300. */
  toleranceSeconds?: number;
  nowSeconds?: number;
}

/**
 * What a receiver does (see the README): recompute the signature over the raw
 * body, compare in constant time, and refuse stale timestamps.
 */
export function verifyWebhook(
  secret: string,
  headers: { timestamp: string | undefined; signature: string | undefined },
  rawBody: string,
  { toleranceSeconds = 300, nowSeconds = Math.floor(Date.now() / 1000) }: VerifyOptions = {},
): boolean {
  if (headers.timestamp === undefined || headers.signature === undefined || !/^\d+$/.test(headers.timestamp)) return false;
  const timestamp = Number(headers.timestamp);
  if (Math.abs(nowSeconds - timestamp) > toleranceSeconds) return false;
  const expected = Buffer.from(signWebhook(secret, timestamp, rawBody));
  // A header may carry several signatures (key rotation): any valid v1 one will do.
  return headers.signature
    .split(',')
    .map((part) => Buffer.from(part.trim()))
    .some((given) => given.length === expected.length && timingSafeEqual(given, expected));
}
