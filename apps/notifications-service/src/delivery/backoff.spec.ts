import { MAX_RETRY_AFTER_MS, retryDelayMs } from './backoff';
import { DeliveryError, RateLimitedError } from './errors';

const settings = { baseMs: 1_000, maxMs: 10_000 };

describe('retryDelayMs', () => {
  it('doubles per attempt, between half and all of the delay, up to the cap', () => {
    const lowest = () => 0;
    const highest = () => 1;
    expect([1, 2, 3, 4, 5].map((n) => retryDelayMs(n, new DeliveryError('x'), settings, highest))).toEqual([1_000, 2_000, 4_000, 8_000, 10_000]);
    expect([1, 2, 3].map((n) => retryDelayMs(n, new DeliveryError('x'), settings, lowest))).toEqual([500, 1_000, 2_000]);
  });

  it("waits exactly as long as a 429's Retry-After asks, even beyond the backoff cap", () => {
    expect(retryDelayMs(1, new RateLimitedError('429', 42_000), settings)).toBe(42_000);
    expect(retryDelayMs(1, new RateLimitedError('429', 10 * MAX_RETRY_AFTER_MS), settings)).toBe(MAX_RETRY_AFTER_MS);
  });

  it('backs off normally after a 429 without Retry-After', () => {
    expect(retryDelayMs(2, new RateLimitedError('429', undefined), settings, () => 1)).toBe(2_000);
  });
});
