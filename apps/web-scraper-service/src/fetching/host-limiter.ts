interface HostState {
  active: number;
  /** Earliest time (ms since epoch) the next request to this host may start. */
  nextStartAt: number;
  waiting: Array<() => void>;
}

/** Past this many idle hosts, their state is pruned: it only matters while requests are close together. */
const MAX_IDLE_HOSTS = 10_000;

/**
 * Politeness per host, in this process: at most `concurrency` requests to a
 * host at once, and starts at least `delayMs` apart. With several replicas
 * each keeps its own count (the limit is per replica).
 */
export class HostLimiter {
  private readonly hosts = new Map<string, HostState>();

  constructor(
    private readonly concurrency: number,
    private readonly delayMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Waits for a turn at `host`; resolves to the function that ends the turn. Rejects with the signal's reason if aborted first. */
  async acquire(host: string, signal: AbortSignal): Promise<() => void> {
    const state = this.stateOf(host);
    while (state.active >= this.concurrency) await this.waitForSlot(state, signal);
    state.active++;
    try {
      const startAt = Math.max(this.now(), state.nextStartAt);
      state.nextStartAt = startAt + this.delayMs;
      const wait = startAt - this.now();
      if (wait > 0) await sleep(wait, signal);
    } catch (error) {
      this.release(host, state);
      throw error;
    }
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.release(host, state);
    };
  }

  /** Hosts with a request running or waiting (for tests and debugging). */
  get busyHosts(): number {
    return [...this.hosts.values()].filter((s) => s.active > 0 || s.waiting.length > 0).length;
  }

  private stateOf(host: string): HostState {
    let state = this.hosts.get(host);
    if (!state) {
      if (this.hosts.size >= MAX_IDLE_HOSTS) this.prune();
      state = { active: 0, nextStartAt: 0, waiting: [] };
      this.hosts.set(host, state);
    }
    return state;
  }

  private release(host: string, state: HostState): void {
    state.active--;
    const next = state.waiting.shift();
    // A woken waiter still holds this state, so it stays in the map until nobody does.
    if (next) return next();
    if (state.active === 0 && state.nextStartAt <= this.now() && this.hosts.get(host) === state) this.hosts.delete(host);
  }

  private prune(): void {
    const now = this.now();
    for (const [host, state] of this.hosts) {
      if (state.active === 0 && state.waiting.length === 0 && state.nextStartAt <= now) this.hosts.delete(host);
    }
  }

  private waitForSlot(state: HostState, signal: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
      const wake = () => {
        signal.removeEventListener('abort', onAbort);
        resolve();
      };
      const onAbort = () => {
        const index = state.waiting.indexOf(wake);
        if (index >= 0) state.waiting.splice(index, 1);
        reject(signal.reason as Error);
      };
      if (signal.aborted) return reject(signal.reason as Error);
      state.waiting.push(wake);
      signal.addEventListener('abort', onAbort, { once: true });
    });
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason as Error);
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason as Error);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
