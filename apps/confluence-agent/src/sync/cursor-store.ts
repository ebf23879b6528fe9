import type { Redis } from 'ioredis';
import { z } from 'zod';

/**
 * Where the next sync of a space starts: a list_pages sync cursor (what
 * changed after the last complete listing) or an instant (what changed at or
 * after it: the earliest page a sync could not write).
 */
export type SyncPosition = { cursor: string } | { since: string };

export interface StoredCursor {
  position: SyncPosition;
  /** The run that stored it. */
  runId: string;
  updatedAt: string;
}

/** What plan learnt about a space and finish needs: where the listing ended and which cursor it started from. */
export interface SpaceListing {
  /** list_pages' nextCursor of the complete listing: a sync cursor for what changes from now on. */
  nextCursor: string;
  /** runId of the stored cursor the listing started from ('' when the space had none); finish only replaces that one. */
  startedFrom: string;
}

const listingShape = z.object({ nextCursor: z.string().min(1), startedFrom: z.string() });

/**
 * Replaces a space's cursor only if it is still the one the run started from
 * (or one this run stored itself, when finish runs again after a retry): a
 * slower, older run never moves a newer run's cursor.
 */
const ADVANCE = `
local owner = redis.call('HGET', KEYS[1], 'runId') or ''
if owner ~= ARGV[1] and owner ~= ARGV[2] then return 0 end
redis.call('DEL', KEYS[1])
redis.call('HSET', KEYS[1], 'runId', ARGV[2], 'updatedAt', ARGV[3], ARGV[4], ARGV[5])
return 1
`;

/**
 * Sync cursors per space (`emm:<agent>:cursor:<space>`, a hash with `cursor`
 * or `since`, `runId`, `updatedAt`) and, per run, what its plan listed
 * (`emm:<agent>:sync:<runId>:listings`, space → SpaceListing as JSON, kept as
 * long as runs stay visible so a retry's finish still finds it).
 */
export class CursorStore {
  constructor(
    private readonly redis: Redis,
    private readonly agent: string,
    private readonly listingTtlMs: number,
  ) {}

  cursorKey(space: string): string {
    return `emm:${this.agent}:cursor:${space}`;
  }

  listingsKey(runId: string): string {
    return `emm:${this.agent}:sync:${runId}:listings`;
  }

  async get(space: string): Promise<StoredCursor | undefined> {
    const fields = await this.redis.hgetall(this.cursorKey(space));
    const position: SyncPosition | undefined = fields.cursor ? { cursor: fields.cursor } : fields.since ? { since: fields.since } : undefined;
    if (position === undefined) return undefined;
    return { position, runId: fields.runId ?? '', updatedAt: fields.updatedAt ?? '' };
  }

  /** Stores `position` for the space unless another run replaced the cursor `startedFrom` meanwhile; false when it was left alone. */
  async advance(space: string, position: SyncPosition, run: { runId: string; startedFrom: string }, now: Date = new Date()): Promise<boolean> {
    const [field, value] = 'cursor' in position ? ['cursor', position.cursor] : ['since', position.since];
    const stored = await this.redis.eval(ADVANCE, 1, this.cursorKey(space), run.startedFrom, run.runId, now.toISOString(), field, value);
    return stored === 1;
  }

  async saveListing(runId: string, space: string, listing: SpaceListing): Promise<void> {
    const key = this.listingsKey(runId);
    const results = await this.redis.multi().hset(key, space, JSON.stringify(listing)).pexpire(key, this.listingTtlMs).exec();
    const failed = results?.find(([error]) => error !== null);
    if (failed?.[0]) throw failed[0];
  }

  async listings(runId: string): Promise<Map<string, SpaceListing>> {
    const fields = await this.redis.hgetall(this.listingsKey(runId));
    const listings = new Map<string, SpaceListing>();
    for (const [space, text] of Object.entries(fields)) {
      const parsed = listingShape.safeParse(safeJson(text));
      if (parsed.success) listings.set(space, parsed.data);
    }
    return listings;
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
