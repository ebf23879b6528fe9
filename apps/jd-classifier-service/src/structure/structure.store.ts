import { createHash } from 'node:crypto';
import { watch, type FSWatcher } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { JdIndex, JdStructureError } from '@emm/jd';

export interface StructureSnapshot {
  index: JdIndex;
  /** sha256 of the file content, so callers can tell structures apart */
  version: string;
  loadedAt: Date;
}

export interface StructureLog {
  log(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
}

/**
 * Holds the JD structure read from one file and keeps it current.
 *
 * In Kubernetes the file is a mounted ConfigMap: updates arrive as an atomic
 * symlink swap in the mount directory, so the directory is watched (not the
 * file), and a periodic check catches what a watcher can miss (NFS, editors
 * that replace files). A new file that does not validate is rejected with its
 * reasons logged, and the last good structure stays in service.
 */
export class StructureStore {
  private snapshot?: StructureSnapshot;
  private watcher?: FSWatcher;
  private poller?: NodeJS.Timeout;
  private debounce?: NodeJS.Timeout;
  private reloading = Promise.resolve();
  private lastRejectedHash?: string;

  constructor(
    private readonly path: string,
    private readonly logger: StructureLog,
    private readonly pollIntervalMs: number,
  ) {}

  /** Loads the file once; throws JdStructureError (or the read error) when it is unusable. */
  async load(): Promise<StructureSnapshot> {
    const text = await readFile(this.path, 'utf8');
    this.snapshot = this.build(text);
    this.logger.log('JD structure loaded', this.describe(this.snapshot));
    return this.snapshot;
  }

  current(): StructureSnapshot {
    if (!this.snapshot) throw new Error('JD structure is not loaded');
    return this.snapshot;
  }

  isLoaded(): boolean {
    return this.snapshot !== undefined;
  }

  startWatching(): void {
    this.watcher = watch(dirname(this.path), { persistent: false }, () => this.scheduleReload());
    this.watcher.on('error', (error) => this.logger.warn('JD structure watcher failed; relying on polling', { reason: error.message }));
    if (this.pollIntervalMs > 0) {
      this.poller = setInterval(() => this.scheduleReload(0), this.pollIntervalMs);
      this.poller.unref();
    }
  }

  stopWatching(): void {
    this.watcher?.close();
    clearInterval(this.poller);
    clearTimeout(this.debounce);
  }

  /** Re-reads the file now; resolves once the reload (or its rejection) is done. */
  reload(): Promise<void> {
    this.reloading = this.reloading.then(() => this.reloadNow());
    return this.reloading;
  }

  private scheduleReload(delayMs = 100): void {
    // A ConfigMap swap fires several events in a row; one reload is enough.
    clearTimeout(this.debounce);
    this.debounce = setTimeout(() => void this.reload(), delayMs);
    this.debounce.unref();
  }

  private async reloadNow(): Promise<void> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (error) {
      this.logger.warn('JD structure file unreadable; keeping the last good structure', { reason: (error as Error).message });
      return;
    }
    const hash = sha256(text);
    if (hash === this.snapshot?.version || hash === this.lastRejectedHash) return;
    try {
      this.snapshot = this.build(text, hash);
      this.lastRejectedHash = undefined;
      this.logger.log('JD structure reloaded', this.describe(this.snapshot));
    } catch (error) {
      this.lastRejectedHash = hash;
      const problems = error instanceof JdStructureError ? error.problems : [(error as Error).message];
      this.logger.warn('JD structure change rejected; keeping the last good structure', { problems });
    }
  }

  private build(text: string, hash = sha256(text)): StructureSnapshot {
    return { index: JdIndex.parse(text, this.path), version: hash, loadedAt: new Date() };
  }

  private describe(snapshot: StructureSnapshot): Record<string, unknown> {
    return {
      path: this.path,
      version: snapshot.version.slice(0, 12),
      areas: snapshot.index.areas.length,
      categories: snapshot.index.categories().length,
    };
  }
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
