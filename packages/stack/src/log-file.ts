import { closeSync, openSync, readSync, statSync, writeSync } from 'node:fs';

const TAIL_BYTES = 64 * 1024;

/**
 * One app's log file (`<logDir>/<app>.log`): every start appends a header and
 * the process writes its stdout and stderr straight into the file, so the log
 * survives the process and the stack's own process.
 */
export class LogFile {
  constructor(readonly path: string) {}

  /** Appends a header line and opens the file for a child's stdio; returns the fd and where this run's output starts. */
  openForRun(header: string): { fd: number; offset: number } {
    const fd = openSync(this.path, 'a');
    writeSync(fd, `\n---- ${header} (${new Date().toISOString()}) ----\n`);
    return { fd, offset: statSync(this.path).size };
  }

  close(fd: number): void {
    closeSync(fd);
  }

  /** The last `lines` lines written since `offset` (this run's output). */
  tail(offset = 0, lines = 20): string {
    let fd: number;
    try {
      fd = openSync(this.path, 'r');
    } catch {
      return '';
    }
    try {
      const size = statSync(this.path).size;
      const start = Math.max(offset, size - TAIL_BYTES);
      const buffer = Buffer.alloc(Math.max(0, size - start));
      readSync(fd, buffer, 0, buffer.length, start);
      return buffer.toString('utf8').trimEnd().split('\n').slice(-lines).join('\n');
    } finally {
      closeSync(fd);
    }
  }
}
