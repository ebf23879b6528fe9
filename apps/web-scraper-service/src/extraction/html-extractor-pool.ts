import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Piscina } from 'piscina';
import { FetchFailedError } from '../fetching/fetch-errors';
import type { ExtractedContent } from './html-extractor';
import { type HtmlTask, runHtmlTask } from './html-task';

const WORKER_HEAP_MB = 512;

/**
 * Without SCRAPER_EXTRACT_THREADS: one thread per core, at most four. The
 * event loop mostly waits on sockets (measured: about a third of the CPU a
 * fetch costs), so it shares a core with an extraction thread well.
 */
export function defaultExtractThreads(): number {
  return Math.min(4, Math.max(1, availableParallelism()));
}

/**
 * Runs HTML extraction — the CPU-heavy part of fetch_page, a few
 * milliseconds per page — on worker threads, so one instance uses more than
 * one core and the event loop keeps serving while pages are parsed. With no
 * threads (or when running from TypeScript sources, where there is no
 * compiled worker file) extraction runs inline; the code is the same.
 */
export class HtmlExtractorPool {
  private readonly pool?: Piscina;

  /** `timeoutMs` bounds one extraction on a thread: a pathological page ends its thread, not the service. */
  constructor(
    threads: number,
    private readonly timeoutMs: number,
  ) {
    const workerFile = join(__dirname, 'html-worker.js');
    if (threads > 0 && existsSync(workerFile)) {
      this.pool = new Piscina({
        filename: workerFile,
        minThreads: threads,
        maxThreads: threads,
        idleTimeout: 60_000,
        // A pathological page may take its thread down, never the process.
        resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB },
      });
    }
  }

  /** Worker threads in use; 0 means inline. */
  get threads(): number {
    return this.pool?.maxThreads ?? 0;
  }

  async extract(task: HtmlTask): Promise<ExtractedContent> {
    if (!this.pool) return runHtmlTask(task);
    const signal = AbortSignal.timeout(this.timeoutMs);
    try {
      return (await this.pool.run(task, { signal })) as ExtractedContent;
    } catch (error) {
      if (signal.aborted) throw new FetchFailedError('invalid_response', `url: extracting the page took longer than ${this.timeoutMs} ms`);
      if ((error as NodeJS.ErrnoException).code === 'ERR_WORKER_OUT_OF_MEMORY') {
        throw new FetchFailedError('invalid_response', `url: extracting the page needed more than the ${WORKER_HEAP_MB} MB a worker thread may use`);
      }
      throw error;
    }
  }

  async close(): Promise<void> {
    await this.pool?.destroy();
  }
}
