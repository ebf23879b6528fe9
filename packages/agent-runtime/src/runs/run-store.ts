import { createHash, randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import {
  FINAL_RUN_STATES,
  type ItemOutcome,
  type RejectedItem,
  type RunCounts,
  type RunState,
  type RunSummary,
  type RunView,
  type WorkItem,
} from '../workflow';

// Runs live in Redis next to their queues, so every replica (api or worker)
// sees the same state:
//   <prefix>:run:<id>           hash   the run's fields
//   <prefix>:run:<id>:items     hash   item key → ItemOutcome (JSON)
//   <prefix>:run:<id>:payloads  hash   item key → payload (JSON), for retries and finish()
//   <prefix>:runs               zset   run ids by creation time (GET /runs)
//   <prefix>:idem:<workflow>:<sha256(key)>  string  run id of an idempotency key
// Counts (`n:<status>` fields of the run hash) change only in the same Lua
// script that changes an item's status, so an item processed twice
// (at-least-once delivery) is still counted once, and reading a run never
// scans its items.

export interface NewRun {
  workflow: string;
  input: unknown;
  trigger: RunView['trigger'];
  idempotencyKey?: string;
}

export interface RunPage {
  runs: RunView[];
  nextCursor?: string;
}

/**
 * Sets an item's outcome and moves the run's per-status counts with it.
 * ARGV: item key, outcome JSON, new status, mode — `final` (refused when the
 * item already has a final status: a late duplicate never overwrites it),
 * `absent` (only when the item has no outcome yet: planning again), `force`
 * (retry resets failed items to pending). Returns 1 when written.
 */
const SET_OUTCOME = `
local current = redis.call('HGET', KEYS[1], ARGV[1])
local previous = nil
if current then
  if ARGV[4] == 'absent' then return 0 end
  previous = cjson.decode(current)['status']
  if ARGV[4] == 'final' and previous ~= 'pending' then return 0 end
end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
if previous then redis.call('HINCRBY', KEYS[2], 'n:' .. previous, -1) end
redis.call('HINCRBY', KEYS[2], 'n:' .. ARGV[3], 1)
return 1
`;

type OutcomeMode = 'final' | 'absent' | 'force';

/** Moves a run to ARGV[1] unless its state is one of ARGV[2..] (cancel and finish may race); returns the state it was in. */
const TRANSITION = `
local state = redis.call('HGET', KEYS[1], 'state')
if not state then return nil end
for i = 2, #ARGV do
  if state == ARGV[i] then return state end
end
redis.call('HSET', KEYS[1], 'state', ARGV[1])
return state
`;

export class RunStore {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly historyMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Creates a run, or returns the existing one when the idempotency key was
   * used before (within the run history). `created` tells which.
   */
  async create(run: NewRun): Promise<{ run: RunView; created: boolean }> {
    const id = randomUUID();
    if (run.idempotencyKey !== undefined) {
      const claimed = await this.redis.set(this.idempotencyKey(run.workflow, run.idempotencyKey), id, 'PX', this.historyMs, 'NX', 'GET');
      if (claimed !== null) {
        const existing = await this.get(claimed);
        if (existing !== undefined) return { run: existing, created: false };
        // The key outlived its run (history expired): claim it for the new one.
        await this.redis.set(this.idempotencyKey(run.workflow, run.idempotencyKey), id, 'PX', this.historyMs);
      }
    }
    const createdAt = this.now();
    const fields: Record<string, string> = {
      id,
      workflow: run.workflow,
      state: 'queued',
      trigger: run.trigger,
      input: JSON.stringify(run.input ?? {}),
      createdAt: String(createdAt),
      retries: '0',
      ...(run.idempotencyKey !== undefined && { idempotencyKey: run.idempotencyKey }),
    };
    await this.redis
      .multi()
      .hset(this.runKey(id), fields)
      .pexpire(this.runKey(id), this.historyMs)
      .zadd(this.listKey(), createdAt, id)
      .exec();
    return { run: toView(fields), created: true };
  }

  async get(id: string): Promise<RunView | undefined> {
    const fields = await this.redis.hgetall(this.runKey(id));
    return fields.id === undefined ? undefined : toView(fields);
  }

  /** Just the state, for the per-item checks (cheaper than the whole run). */
  async state(id: string): Promise<RunState | undefined> {
    return ((await this.redis.hget(this.runKey(id), 'state')) ?? undefined) as RunState | undefined;
  }

  async counts(id: string): Promise<RunCounts> {
    const [pending, done, failed, skipped, needsReview] = await this.redis.hmget(this.runKey(id), 'n:pending', 'n:done', 'n:failed', 'n:skipped', 'n:needs_review');
    return countsFrom({ pending, done, failed, skipped, needsReview });
  }

  /** Item outcomes in plan order, optionally only those with one status. */
  async items(id: string, status?: ItemOutcome['status']): Promise<ItemOutcome[]> {
    const outcomes = (await this.redis.hvals(this.itemsKey(id))).map(parseOutcome);
    return status === undefined ? outcomes : outcomes.filter((outcome) => outcome.status === status);
  }

  async item(id: string, key: string): Promise<ItemOutcome | undefined> {
    const raw = await this.redis.hget(this.itemsKey(id), key);
    return raw === null ? undefined : parseOutcome(raw);
  }

  async summary<P>(id: string): Promise<RunSummary<P> | undefined> {
    const view = await this.get(id);
    if (view === undefined) return undefined;
    const [items, payloads] = await Promise.all([this.items(id), this.redis.hgetall(this.payloadsKey(id))]);
    return { ...view, items: items.map((item) => ({ ...item, payload: payloads[item.key] === undefined ? undefined : (JSON.parse(payloads[item.key]) as P) })) };
  }

  async payload<P>(id: string, key: string): Promise<P | undefined> {
    const raw = await this.redis.hget(this.payloadsKey(id), key);
    return raw === null ? undefined : (JSON.parse(raw) as P);
  }

  /** Newest first; `cursor` is the creation time (ms) to continue below. */
  async list(filter: { state?: RunState; workflow?: string; limit: number; cursor?: string }): Promise<RunPage> {
    const runs: RunView[] = [];
    let max = filter.cursor === undefined ? '+inf' : `(${filter.cursor}`;
    const batch = Math.max(filter.limit * 2, 50);
    // Scan in batches: a state filter may drop most of them.
    for (;;) {
      const page = await this.redis.zrevrangebyscore(this.listKey(), max, '-inf', 'WITHSCORES', 'LIMIT', 0, batch);
      if (page.length === 0) return { runs };
      for (let i = 0; i < page.length; i += 2) {
        const view = await this.get(page[i]);
        if (view === undefined) {
          await this.redis.zrem(this.listKey(), page[i]); // its history expired
          continue;
        }
        if ((filter.state === undefined || view.state === filter.state) && (filter.workflow === undefined || view.workflow === filter.workflow)) {
          runs.push(view);
          if (runs.length === filter.limit) return { runs, nextCursor: page[i + 1] };
        }
      }
      max = `(${page[page.length - 1]}`;
    }
  }

  /**
   * Stores the plan: every item pending (unless it already has an outcome
   * from an earlier, interrupted plan) and every rejected entry failed.
   */
  /**
   * Stores the plan: every item pending (unless it already has an outcome
   * from an earlier, interrupted plan) and every rejected entry failed.
   * Returns how many rejected entries were new (a re-plan counts none twice).
   */
  async savePlan(id: string, items: ReadonlyArray<WorkItem>, rejected: readonly RejectedItem[]): Promise<{ newlyRejected: number }> {
    const pipeline = this.redis.pipeline();
    for (const item of items) {
      pipeline.hset(this.payloadsKey(id), item.key, JSON.stringify(item.payload ?? null));
      this.queueOutcome(pipeline, id, { key: item.key, label: item.label, status: 'pending', attempts: 0 }, 'absent');
    }
    const finishedAt = new Date(this.now()).toISOString();
    const firstRejected = items.length * 2;
    for (const entry of rejected) {
      this.queueOutcome(pipeline, id, { key: entry.key, label: entry.label, status: 'failed', error: entry.reason, attempts: 0, finishedAt }, 'absent');
    }
    for (const key of [this.itemsKey(id), this.payloadsKey(id)]) pipeline.pexpire(key, this.historyMs);
    const replies = (await pipeline.exec()) ?? [];
    const newlyRejected = replies.slice(firstRejected, firstRejected + rejected.length).filter(([, written]) => written === 1).length;
    return { newlyRejected };
  }

  /** Records an item's final outcome (or a pending one with its attempts so far); refused (false) when the item already ended. */
  async setOutcome(id: string, outcome: ItemOutcome): Promise<boolean> {
    const written = await this.redis.eval(SET_OUTCOME, 2, this.itemsKey(id), this.runKey(id), outcome.key, JSON.stringify(outcome), outcome.status, 'final');
    return written === 1;
  }

  /** Puts failed items back to pending for a retry round; returns their keys. */
  async resetFailed(id: string): Promise<string[]> {
    const failed = await this.items(id, 'failed');
    if (failed.length === 0) return [];
    const payloads = await this.redis.hmget(this.payloadsKey(id), ...failed.map((item) => item.key));
    // Rejected entries (no payload) cannot be processed again: they stay failed.
    const retriable = failed.filter((_, index) => payloads[index] !== null);
    if (retriable.length === 0) return [];
    const pipeline = this.redis.pipeline();
    for (const item of retriable) this.queueOutcome(pipeline, id, { key: item.key, label: item.label, status: 'pending', attempts: item.attempts }, 'force');
    pipeline.hincrby(this.runKey(id), 'retries', 1);
    await pipeline.exec();
    return retriable.map((item) => item.key);
  }

  private queueOutcome(pipeline: ReturnType<Redis['pipeline']>, id: string, outcome: ItemOutcome, mode: OutcomeMode): void {
    pipeline.eval(SET_OUTCOME, 2, this.itemsKey(id), this.runKey(id), outcome.key, JSON.stringify(outcome), outcome.status, mode);
  }

  /**
   * Sets the state unless the run is in one of `unless` (e.g. final states);
   * returns the state it was in, or undefined for an unknown run.
   */
  async transition(id: string, state: RunState, unless: readonly RunState[] = FINAL_RUN_STATES): Promise<RunState | undefined> {
    const previous = (await this.redis.eval(TRANSITION, 1, this.runKey(id), state, ...unless)) as RunState | null;
    return previous ?? undefined;
  }

  async update(id: string, fields: Partial<Record<'startedAt' | 'finishedAt' | 'error' | 'planned', string>>): Promise<void> {
    await this.redis.hset(this.runKey(id), fields);
  }

  async clear(id: string, ...fields: Array<'finishedAt' | 'error'>): Promise<void> {
    if (fields.length > 0) await this.redis.hdel(this.runKey(id), ...fields);
  }

  async bumpRetries(id: string): Promise<void> {
    await this.redis.hincrby(this.runKey(id), 'retries', 1);
  }

  async isPlanned(id: string): Promise<boolean> {
    return (await this.redis.hget(this.runKey(id), 'planned')) === '1';
  }

  /** Run ids of a workflow that are not final (for the active_workflows gauge). */
  async activeCount(workflow: string): Promise<number> {
    const ids = await this.redis.zrevrangebyscore(this.listKey(), '+inf', this.now() - this.historyMs, 'LIMIT', 0, 1_000);
    if (ids.length === 0) return 0;
    const pipeline = this.redis.pipeline();
    for (const id of ids) pipeline.hmget(this.runKey(id), 'workflow', 'state');
    const replies = (await pipeline.exec()) ?? [];
    return replies.filter(([, reply]) => {
      const [runWorkflow, state] = reply as [string | null, string | null];
      return runWorkflow === workflow && state !== null && !FINAL_RUN_STATES.includes(state as RunState);
    }).length;
  }

  private runKey(id: string): string {
    return `${this.prefix}:run:${id}`;
  }

  private itemsKey(id: string): string {
    return `${this.prefix}:run:${id}:items`;
  }

  private payloadsKey(id: string): string {
    return `${this.prefix}:run:${id}:payloads`;
  }

  private listKey(): string {
    return `${this.prefix}:runs`;
  }

  private idempotencyKey(workflow: string, key: string): string {
    return `${this.prefix}:idem:${workflow}:${createHash('sha256').update(key).digest('hex')}`;
  }
}

function countsFrom(raw: Record<'pending' | 'done' | 'failed' | 'skipped' | 'needsReview', string | null | undefined>): RunCounts {
  const number = (value: string | null | undefined): number => Number(value ?? 0);
  const counts = { pending: number(raw.pending), done: number(raw.done), failed: number(raw.failed), skipped: number(raw.skipped), needsReview: number(raw.needsReview) };
  return { total: counts.pending + counts.done + counts.failed + counts.skipped + counts.needsReview, ...counts };
}

function parseOutcome(raw: string): ItemOutcome {
  return JSON.parse(raw) as ItemOutcome;
}

function iso(ms: string | undefined): string | undefined {
  return ms === undefined || ms === '' ? undefined : new Date(Number(ms)).toISOString();
}

function toView(fields: Record<string, string>): RunView {
  const counts = countsFrom({ pending: fields['n:pending'], done: fields['n:done'], failed: fields['n:failed'], skipped: fields['n:skipped'], needsReview: fields['n:needs_review'] });
  const startedAt = iso(fields.startedAt);
  const finishedAt = iso(fields.finishedAt);
  return {
    id: fields.id,
    workflow: fields.workflow,
    state: fields.state as RunState,
    trigger: fields.trigger as RunView['trigger'],
    input: JSON.parse(fields.input ?? '{}') as unknown,
    counts,
    ...(fields.error !== undefined && fields.error !== '' && { error: fields.error }),
    createdAt: iso(fields.createdAt) ?? '',
    ...(startedAt !== undefined && { startedAt }),
    ...(finishedAt !== undefined && { finishedAt }),
    ...(startedAt !== undefined && finishedAt !== undefined && { durationMs: Number(fields.finishedAt) - Number(fields.startedAt) }),
    retries: Number(fields.retries ?? '0'),
    ...(fields.idempotencyKey !== undefined && { idempotencyKey: fields.idempotencyKey }),
  };
}
