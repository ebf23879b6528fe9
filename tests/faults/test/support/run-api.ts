import { waitFor } from '@emm/testing';
import { Redis } from 'ioredis';

/** GET /runs/:id as the run API answers it. */
export interface RunDetail {
  id: string;
  workflow: string;
  state: string;
  counts: { total: number; pending: number; done: number; failed: number; skipped: number; needsReview: number };
  error?: string;
  items: Array<{ key: string; label: string; status: string; notePath?: string; detail?: string; error?: string; attempts: number; finishedAt?: string }>;
}

export const FINAL_RUN_STATES = ['completed', 'completed_with_errors', 'failed', 'cancelled'];

/** Talks to one agent's run API with the stack's token. */
export class RunApi {
  constructor(
    private readonly baseUrl: string,
    private readonly token: string,
  ) {}

  async start(workflow: string, input: Record<string, unknown>): Promise<string> {
    const response = await fetch(`${this.baseUrl}/runs`, {
      method: 'POST',
      headers: { authorization: `Bearer ${this.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ workflow, input }),
    });
    const body = (await response.json()) as { id?: string };
    if (response.status !== 202 || body.id === undefined) throw new Error(`POST /runs answered ${response.status}: ${JSON.stringify(body)}`);
    return body.id;
  }

  async get(id: string): Promise<RunDetail> {
    const response = await fetch(`${this.baseUrl}/runs/${id}`, { headers: { authorization: `Bearer ${this.token}` } });
    if (response.status !== 200) throw new Error(`GET /runs/${id} answered ${response.status}: ${await response.text()}`);
    return (await response.json()) as RunDetail;
  }

  /** Resolves once items have ended (done, failed, skipped or to review), so a fault lands mid-run. */
  async waitForProgress(id: string, endedItems: number, timeoutMs = 60_000): Promise<void> {
    await waitFor(
      async () => {
        const { counts } = await this.get(id);
        return counts.total > 0 && counts.total - counts.pending >= endedItems;
      },
      { timeoutMs, intervalMs: 100, message: `run ${id} to have ${endedItems} items ended` },
    );
  }

  /** Polls until the run has ended; errors while the agent is away (a restart) count as "not yet". */
  async waitForEnd(id: string, timeoutMs: number): Promise<RunDetail> {
    let run: RunDetail | undefined;
    try {
      await waitFor(
        async () => {
          run = await this.get(id);
          return FINAL_RUN_STATES.includes(run.state);
        },
        { timeoutMs, intervalMs: 250, message: `run ${id} to end` },
      );
    } catch (error) {
      throw new Error(`${(error as Error).message}; last seen ${run === undefined ? 'nothing' : `${run.state} ${JSON.stringify(run.counts)}`}`);
    }
    return run!;
  }
}

/**
 * Jobs of a run that BullMQ found stalled — their worker stopped renewing
 * the claim (it died) — and put back for another worker. Read from BullMQ's
 * job hashes (`bull:<workflow>:<runId>.…`, field `stc`): the runtime does
 * not report stalls itself, and an item's `attempts` only counts failures.
 */
export async function stalledItemJobs(redisUrl: string, workflow: string, runId: string): Promise<number> {
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1 });
  try {
    let stalled = 0;
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `bull:${workflow}:${runId}.*`, 'COUNT', 1_000);
      cursor = next;
      for (const key of keys.filter((name) => !name.slice(`bull:${workflow}:`.length).includes(':'))) {
        if (Number((await redis.hget(key, 'stc')) ?? 0) > 0) stalled += 1;
      }
    } while (cursor !== '0');
    return stalled;
  } finally {
    redis.disconnect();
  }
}
