import { sleep } from '@emm/testing';

/**
 * Runs `assertions` until they pass or `timeoutMs` is over, then throws their
 * last failure as it is (jest's own diff). For what settles shortly after a
 * run ends: a counter scraped from another process, a webhook delivered
 * asynchronously.
 */
export async function eventually(assertions: () => Promise<void> | void, { timeoutMs = 10_000, intervalMs = 200 } = {}): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await assertions();
      return;
    } catch (error) {
      if (Date.now() >= deadline) throw error;
    }
    await sleep(intervalMs);
  }
}
