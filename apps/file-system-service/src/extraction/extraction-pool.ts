import { extname, join } from 'node:path';
import { Piscina } from 'piscina';
import type { ExtractionOutcome, ExtractionTask } from './extraction-types';

export interface ExtractionPoolOptions {
  workers: number;
  /** Longest one extraction may run (queueing not counted) before its worker is stopped. */
  timeoutMs: number;
  /** Heap limit per worker. */
  memoryMb: number;
  /** A worker died outside any task (e.g. while starting): the pool reports it here instead of crashing the process. */
  onWorkerError?: (error: Error) => void;
}

// dist/…/extraction.worker.mjs in production; in tests, where this file runs from src, Node loads the .mts directly
// (and the shared .ts modules it imports, as ES modules: the warning that it had to guess their type is noise there).
const FROM_SOURCE = extname(__filename) === '.ts';
const WORKER_FILE = join(__dirname, `extraction.worker${FROM_SOURCE ? '.mts' : '.mjs'}`);
const WORKER_EXEC_ARGV = FROM_SOURCE ? [...process.execArgv, '--disable-warning=MODULE_TYPELESS_PACKAGE_JSON'] : undefined;

/**
 * Runs extractions on worker threads. PDF, DOCX and HTML parsers read bytes
 * from anywhere; in a worker, a file that makes one hang, loop or swell is
 * stopped (timeout, heap limit) and reported as a failed extraction, while
 * the service keeps serving. At most `workers` tasks run at once; the rest
 * wait their turn here, so the timeout measures work, not the queue.
 */
export class ExtractionPool {
  private readonly piscina: Piscina<ExtractionTask, ExtractionOutcome>;
  private readonly slots: Slots;

  constructor(private readonly options: ExtractionPoolOptions) {
    this.piscina = new Piscina({
      filename: WORKER_FILE,
      minThreads: 1,
      maxThreads: options.workers,
      idleTimeout: 60_000,
      resourceLimits: { maxOldGenerationSizeMb: options.memoryMb },
      execArgv: WORKER_EXEC_ARGV,
    });
    // Without a listener, an 'error' event (a worker that fails while starting) would end the process.
    this.piscina.on('error', (error: Error) => options.onWorkerError?.(error));
    this.slots = new Slots(options.workers);
  }

  /** The outcome for the file; rejects only when `signal` (the caller) aborts. */
  async extract(task: ExtractionTask, signal?: AbortSignal): Promise<ExtractionOutcome> {
    await this.slots.acquire(signal);
    const timeout = AbortSignal.timeout(this.options.timeoutMs);
    try {
      // The bytes are copied, never transferred: a Buffer may share its memory with others.
      return await this.piscina.run(task, { signal: signal ? AbortSignal.any([signal, timeout]) : timeout });
    } catch (error) {
      if (signal?.aborted) throw error;
      if (timeout.aborted) {
        return failed('timeout', `extraction took longer than ${Math.round(this.options.timeoutMs / 100) / 10}s and was stopped`);
      }
      if ((error as { code?: string }).code === 'ERR_WORKER_OUT_OF_MEMORY') {
        return failed('out_of_memory', `extraction needed more than ${this.options.memoryMb} MB and was stopped`);
      }
      return failed('crashed', `the extraction worker stopped: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      this.slots.release();
    }
  }

  async close(): Promise<void> {
    await this.piscina.destroy();
  }
}

function failed(failure: 'timeout' | 'out_of_memory' | 'crashed', reason: string): ExtractionOutcome {
  return { status: 'failed', failure, reason, metadata: {} };
}

/** A FIFO counting semaphore whose waiters leave the queue when their caller aborts. */
class Slots {
  private free: number;
  private readonly waiting: Array<() => void> = [];

  constructor(count: number) {
    this.free = count;
  }

  acquire(signal?: AbortSignal): Promise<void> {
    signal?.throwIfAborted();
    if (this.free > 0) {
      this.free -= 1;
      return Promise.resolve();
    }
    return new Promise<void>((resolve, reject) => {
      const grant = () => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      };
      const onAbort = () => {
        const index = this.waiting.indexOf(grant);
        if (index >= 0) this.waiting.splice(index, 1);
        reject(signal?.reason as Error);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiting.push(grant);
    });
  }

  release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.free += 1;
  }
}
