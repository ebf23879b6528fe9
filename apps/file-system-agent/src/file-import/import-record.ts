import type { Redis } from 'ioredis';
import { z } from 'zod';
import { FILE_KINDS } from '@emm/contracts';
import { sha256Hex } from './file-item';

// What the agent remembers per imported content, in the queue Redis (never
// evicted): where its note goes and what the note says. It is written once,
// before the original is moved, so a retry after a crash — or the same
// content dropped into UNSORTED again — files into the same folder under the
// same title instead of asking the classifier again and perhaps landing
// elsewhere.

const placeSchema = z.object({ jdId: z.string(), path: z.string() });

const decisionSchema = z.object({
  /** The JD ID folder of the note and the original, relative to the vault. */
  folder: z.string(),
  jdId: z.string(),
  title: z.string(),
  summary: z.string(),
  tags: z.array(z.string()),
  confidence: z.number(),
  needsReview: z.boolean(),
  /** Why it went to the review inbox, when it did. */
  reviewReason: z.string().optional(),
  /** The classifier's best guess, for a note in the review inbox. */
  suggestion: placeSchema.optional(),
  /** The ID was allocated for this import (the category had none that fit). */
  allocated: z.boolean(),
  classifier: z.object({ provider: z.string(), model: z.string() }),
});

const recordSchema = z.object({
  version: z.literal(1),
  /** The item that claimed this content first: its note counts as that item's work. */
  claimedBy: z.object({ runId: z.string(), itemKey: z.string() }),
  claimedAt: z.string(),
  source: z.object({
    path: z.string(),
    name: z.string(),
    hash: z.string(),
    kind: z.enum(FILE_KINDS),
    size: z.number(),
    mediaType: z.string(),
  }),
  extraction: z.object({ status: z.enum(['ok', 'metadata_only', 'failed', 'not_read']), reason: z.string().optional() }),
  decision: decisionSchema,
  /** Set once the note is written. */
  note: z.object({ path: z.string(), original: z.string(), writtenAt: z.string() }).optional(),
});

export type ImportDecision = z.infer<typeof decisionSchema>;
export type ImportRecord = z.infer<typeof recordSchema>;
export type ExtractionStatus = ImportRecord['extraction']['status'];

/** A stored record that does not parse (written by a newer version, or damaged). */
export class UnreadableRecordError extends Error {
  override readonly name = 'UnreadableRecordError';
}

export class ImportRecords {
  constructor(
    private readonly redis: Redis,
    private readonly agent: string,
  ) {}

  /** `emm:<agent>:note:<sha256 of the source identity>`; a file's identity is its content. */
  key(contentHash: string): string {
    return `emm:${this.agent}:note:${sha256Hex(`file:${contentHash}`)}`;
  }

  async get(contentHash: string): Promise<ImportRecord | undefined> {
    const raw = await this.redis.get(this.key(contentHash));
    return raw === null ? undefined : this.parse(contentHash, raw);
  }

  /** Stores `record` unless one exists already; returns whichever is stored (first claim wins). */
  async claim(record: ImportRecord): Promise<ImportRecord> {
    const key = this.key(record.source.hash);
    const stored = await this.redis.set(key, JSON.stringify(record), 'NX');
    if (stored === 'OK') return record;
    const existing = await this.get(record.source.hash);
    // Deleted between the two commands (by hand): claim again rather than fail.
    return existing ?? this.claim(record);
  }

  /** Remembers the note written for this content. */
  async markNoted(record: ImportRecord, note: NonNullable<ImportRecord['note']>): Promise<ImportRecord> {
    const updated: ImportRecord = { ...record, note };
    await this.redis.set(this.key(record.source.hash), JSON.stringify(updated));
    return updated;
  }

  private parse(contentHash: string, raw: string): ImportRecord {
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch {
      json = undefined;
    }
    const parsed = recordSchema.safeParse(json);
    if (!parsed.success) {
      throw new UnreadableRecordError(`the import record ${this.key(contentHash)} cannot be read (${parsed.error.issues[0]?.message ?? 'not JSON'}); delete it to import this file afresh`);
    }
    return parsed.data;
  }
}
