import { RateLimitedError } from './errors';

export interface BackoffSettings {
  /** Delay before the first retry. */
  baseMs: number;
  /** Upper bound of the exponential delay. */
  maxMs: number;
}

/** A receiver may ask for at most this much patience per attempt; a larger Retry-After is treated as this. */
export const MAX_RETRY_AFTER_MS = 3_600_000;

/**
 * How long to wait before the next attempt after `attemptsMade` failures.
 * A 429 with Retry-After gets exactly what it asked for (the receiver knows
 * best); everything else backs off exponentially with jitter, so many
 * notifications failing together do not retry in lock-step.
 */
export function retryDelayMs(attemptsMade: number, error: unknown, settings: BackoffSettings, random: () => number = Math.random): number {
  if (error instanceof RateLimitedError && error.retryAfterMs !== undefined) return Math.min(error.retryAfterMs, MAX_RETRY_AFTER_MS);
  const exponential = Math.min(settings.maxMs, settings.baseMs * 2 ** Math.max(0, attemptsMade - 1));
  // "Equal jitter": somewhere between half and all of the delay.
  return Math.round(exponential / 2 + random() * (exponential / 2));
}
