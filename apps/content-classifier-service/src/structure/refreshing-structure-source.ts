import type { JdStructureSnapshot, JdStructureSource } from './jd-structure-source';

export interface RefreshLog {
  warn(fields: Record<string, unknown>): void;
}

/** The JD structure cannot be had: no copy yet and the source fails. */
export class StructureUnavailableError extends Error {
  constructor(reason: string) {
    super(`the JD structure is not available: ${reason}`);
    this.name = 'StructureUnavailableError';
  }
}

/** After a failed refresh, how long the old structure is used before trying again. */
const RETRY_AFTER_FAILURE_MS = 2_000;

/**
 * Keeps the last structure in memory and refreshes it every `maxAgeMs`, so a
 * classification does not wait on another service. Concurrent requests share
 * one refresh; when a refresh fails the last good structure stays in use
 * (a classifier that knows yesterday's structure beats one that knows none).
 */
export class RefreshingStructureSource implements JdStructureSource {
  private snapshot?: JdStructureSnapshot;
  private freshUntil = 0;
  private refreshing?: Promise<JdStructureSnapshot>;

  constructor(
    /** Gets the current structure; it receives the last one, to reuse it when nothing changed. */
    private readonly load: (previous?: JdStructureSnapshot) => Promise<JdStructureSnapshot>,
    private readonly maxAgeMs: number,
    private readonly logger: RefreshLog,
  ) {}

  /** The caller's signal is not passed on: one refresh serves every waiting request. */
  async getStructure(): Promise<JdStructureSnapshot> {
    if (this.snapshot !== undefined && Date.now() < this.freshUntil) return this.snapshot;
    this.refreshing ??= this.refresh().finally(() => (this.refreshing = undefined));
    return this.refreshing;
  }

  /** Whether a structure has been loaded (for readiness). */
  hasStructure(): boolean {
    return this.snapshot !== undefined;
  }

  private async refresh(): Promise<JdStructureSnapshot> {
    try {
      this.snapshot = await this.load(this.snapshot);
      this.freshUntil = Date.now() + this.maxAgeMs;
      return this.snapshot;
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      if (this.snapshot === undefined) throw new StructureUnavailableError(reason);
      this.freshUntil = Date.now() + RETRY_AFTER_FAILURE_MS;
      this.logger.warn({ msg: 'JD structure refresh failed; using the last one', reason });
      return this.snapshot;
    }
  }
}
