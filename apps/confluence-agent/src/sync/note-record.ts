import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import { z } from 'zod';

/** Where a page's note lives: decided once, on the page's first sync, and kept for every later version. */
export interface Placement {
  /** The JD ID folder, relative to the vault. */
  folder: string;
  /** The JD number of that folder (jd_id). */
  jdId: string;
  /** The folder is the review inbox: a person should decide where the note belongs. */
  inbox: boolean;
  /**
   * The title the note's file was first written under. write_note names the
   * file after the title it is given and finds this source's note by that
   * name, so a renamed page keeps its file (the new title goes into the
   * front matter) instead of getting a second note.
   */
  fileTitle: string;
}

/** What the agent remembers about one page's note. */
export interface NoteRecord {
  placement?: Placement;
  /** The page version the note holds (absent until the first write succeeded). */
  version?: number;
  /** The note, relative to the vault. */
  path?: string;
  updatedAt?: string;
}

const placementShape = z.object({ folder: z.string().min(1), jdId: z.string(), inbox: z.boolean(), fileTitle: z.string().min(1) });

/** Stores the version only when it is newer than the one stored: two runs finishing out of order never move it back. */
const SAVE_VERSION = `
local stored = tonumber(redis.call('HGET', KEYS[1], 'version') or '0')
if tonumber(ARGV[1]) < stored then return 0 end
redis.call('HSET', KEYS[1], 'version', ARGV[1], 'path', ARGV[2], 'updatedAt', ARGV[3])
return 1
`;

/** The note identity file-system-service uses too: `confluence:<page id>`. */
export function pageSourceIdentity(pageId: string): string {
  return `confluence:${pageId}`;
}

/**
 * One Redis hash per page note (`emm:<agent>:note:<sha256 of the source
 * identity>`): its placement, the version it holds and its path. write_note
 * finds an existing note of the same source only inside the folder it is
 * given, so this record is what keeps every later version of a page in the
 * same note.
 */
export class NoteRecordStore {
  constructor(
    private readonly redis: Redis,
    private readonly agent: string,
  ) {}

  key(identity: string): string {
    return `emm:${this.agent}:note:${createHash('sha256').update(identity).digest('hex')}`;
  }

  async get(identity: string): Promise<NoteRecord | undefined> {
    const fields = await this.redis.hgetall(this.key(identity));
    if (Object.keys(fields).length === 0) return undefined;
    const version = fields.version === undefined ? undefined : Number(fields.version);
    return {
      placement: parsePlacement(fields.placement),
      version: version !== undefined && Number.isSafeInteger(version) ? version : undefined,
      path: fields.path,
      updatedAt: fields.updatedAt,
    };
  }

  /**
   * Records where the note goes before it is written, so a crash between the
   * write and the version update cannot let a second attempt (classified
   * differently) put the note somewhere else. The first placement recorded
   * wins; the one in force is returned.
   */
  async claimPlacement(identity: string, placement: Placement): Promise<Placement> {
    const key = this.key(identity);
    const claimed = await this.redis.hsetnx(key, 'placement', JSON.stringify(placement));
    if (claimed === 1) return placement;
    const stored = parsePlacement(await this.redis.hget(key, 'placement'));
    if (stored !== undefined) return stored;
    // A damaged record: this placement replaces it.
    await this.redis.hset(key, 'placement', JSON.stringify(placement));
    return placement;
  }

  /** The version each page's note holds (0 when it has none), in one round trip. */
  async versions(identities: readonly string[]): Promise<number[]> {
    if (identities.length === 0) return [];
    const pipeline = this.redis.pipeline();
    for (const identity of identities) pipeline.hget(this.key(identity), 'version');
    const results = (await pipeline.exec()) ?? [];
    return results.map(([error, value]) => {
      if (error) throw error;
      const version = Number(value ?? 0);
      return Number.isSafeInteger(version) ? version : 0;
    });
  }

  async saveVersion(identity: string, version: number, path: string, now: Date = new Date()): Promise<void> {
    await this.redis.eval(SAVE_VERSION, 1, this.key(identity), String(version), path, now.toISOString());
  }
}

function parsePlacement(text: string | null | undefined): Placement | undefined {
  if (text === null || text === undefined) return undefined;
  try {
    const parsed = placementShape.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
