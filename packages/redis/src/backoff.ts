export interface Backoff {
  /** Delay before the first retry. */
  baseMs: number;
  /** No delay grows beyond this. */
  capMs: number;
}

/**
 * Capped exponential backoff with "equal jitter": half the delay is fixed,
 * half random, so replicas that lost Redis together do not reconnect in lockstep.
 */
export function backoffDelay(attempt: number, { baseMs, capMs }: Backoff, random: () => number = Math.random): number {
  const exponential = Math.min(capMs, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(exponential / 2 + (random() * exponential) / 2);
}
