import { backoffDelay } from './backoff';

const backoff = { baseMs: 100, capMs: 1_000 };

describe('backoffDelay', () => {
  it('doubles per attempt between half and the full exponential delay', () => {
    expect(backoffDelay(1, backoff, () => 0)).toBe(50);
    expect(backoffDelay(1, backoff, () => 1)).toBe(100);
    expect(backoffDelay(3, backoff, () => 0)).toBe(200);
    expect(backoffDelay(3, backoff, () => 1)).toBe(400);
  });

  it('never exceeds the cap, however many attempts', () => {
    for (const attempt of [5, 10, 100, 10_000]) {
      expect(backoffDelay(attempt, backoff, () => 1)).toBe(1_000);
      expect(backoffDelay(attempt, backoff, () => 0)).toBe(500);
    }
  });

  it('spreads delays with jitter', () => {
    const delays = new Set(Array.from({ length: 50 }, () => backoffDelay(4, backoff)));
    expect(delays.size).toBeGreaterThan(10);
  });
});
