import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import { z } from 'zod';
import { placementSchema, type Placement } from './placement';

/**
 * - `claimed`: a placement was decided and the note is being written (or the
 *   attempt died while writing it): a retry writes the same note in the same folder.
 * - `imported`: the note is in the vault at `path`; the bookmark is skipped from now on.
 */
const importRecordSchema = z.discriminatedUnion('state', [
  z.object({ state: z.literal('claimed'), url: z.string(), placement: placementSchema, runId: z.string(), at: z.string() }),
  z.object({ state: z.literal('imported'), url: z.string(), placement: placementSchema, path: z.string(), runId: z.string(), at: z.string() }),
]);

export type ImportRecord = z.infer<typeof importRecordSchema>;

/**
 * The agent's memory of every bookmark it filed, one Redis string per source
 * (`emm:bookmark-scraper:note:<sha256 of "bookmark:<url>">`, the identity
 * file-system's write_note uses), kept without expiry: it is what makes a
 * second import of the same bookmark a no-op and what keeps a retried item
 * in the folder it was first given.
 */
export class ImportRecords {
  constructor(
    private readonly redis: Redis,
    private readonly prefix = 'emm:bookmark-scraper',
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** The Redis key of a bookmark's record. */
  keyOf(url: string): string {
    return `${this.prefix}:note:${createHash('sha256').update(`bookmark:${url}`).digest('hex')}`;
  }

  async get(url: string): Promise<ImportRecord | undefined> {
    return this.parse(await this.redis.get(this.keyOf(url)));
  }

  /**
   * Records `placement` for `url` unless a record exists already; returns the
   * record that holds afterwards — ours, or the one another attempt (a
   * concurrent run with the same bookmark) made first.
   */
  async claim(url: string, placement: Placement, runId: string): Promise<ImportRecord> {
    const record: ImportRecord = { state: 'claimed', url, placement, runId, at: this.now().toISOString() };
    const key = this.keyOf(url);
    const set = await this.redis.set(key, JSON.stringify(record), 'NX');
    if (set === 'OK') return record;
    const existing = this.parse(await this.redis.get(key));
    if (existing !== undefined) return existing;
    // Unreadable (not ours, or from an incompatible version): ours replaces it.
    await this.redis.set(key, JSON.stringify(record));
    return record;
  }

  async markImported(url: string, placement: Placement, path: string, runId: string): Promise<ImportRecord> {
    const record: ImportRecord = { state: 'imported', url, placement, path, runId, at: this.now().toISOString() };
    await this.redis.set(this.keyOf(url), JSON.stringify(record));
    return record;
  }

  /** Forgets a claim whose note could not be written, so a later run decides the placement anew; an import stays. */
  async release(url: string): Promise<void> {
    const record = await this.get(url);
    if (record?.state === 'claimed') await this.redis.del(this.keyOf(url));
  }

  private parse(raw: string | null): ImportRecord | undefined {
    if (raw === null) return undefined;
    try {
      const parsed = importRecordSchema.safeParse(JSON.parse(raw));
      return parsed.success ? parsed.data : undefined;
    } catch {
      return undefined;
    }
  }
}
