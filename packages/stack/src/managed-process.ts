import { type ChildProcess, spawn } from 'node:child_process';
import { sleep } from '@emm/testing';
import { trackChild } from './child-registry';
import { LogFile } from './log-file';

export interface ProcessExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export type ProcessState = 'starting' | 'ready' | 'stopping' | 'stopped' | 'exited';

export interface ProcessSpec {
  /** What the process is called in messages: `jd-classifier-service`, `redis`. */
  name: string;
  command: string;
  args: readonly string[];
  cwd?: string;
  env: NodeJS.ProcessEnv;
  logFile: string;
  /** Answers true once the process serves; false (or a throw) means not yet. */
  isReady: () => Promise<boolean>;
  readyTimeoutMs: number;
  /** After SIGTERM, how long to wait before SIGKILL. */
  stopGraceMs: number;
}

/** Why a process did not come up: names it and quotes the end of its log. */
export class ProcessStartError extends Error {
  constructor(
    readonly processName: string,
    readonly reason: string,
    readonly logFile: string,
    readonly logTail: string,
  ) {
    super(`${processName} ${reason}; last lines of ${logFile}:\n${logTail === '' ? '(empty)' : logTail}`);
    this.name = 'ProcessStartError';
  }
}

/**
 * One long-running child (an app or redis-server) that can be started again
 * with the same command line: its output goes to its log file, readiness is
 * polled, and stop is SIGTERM with a SIGKILL backstop.
 */
export class ManagedProcess {
  private child: ChildProcess | undefined;
  private exit: Promise<ProcessExit> = Promise.resolve({ code: null, signal: null });
  private lastExit: ProcessExit | undefined;
  private runOffset = 0;
  private current: ProcessState = 'stopped';
  private readonly log: LogFile;

  constructor(private spec: ProcessSpec) {
    this.log = new LogFile(spec.logFile);
  }

  get state(): ProcessState {
    return this.current;
  }

  get pid(): number | undefined {
    return this.isRunning() ? this.child?.pid : undefined;
  }

  /** How the last run ended (undefined while running or never started). */
  get exitStatus(): ProcessExit | undefined {
    return this.isRunning() ? undefined : this.lastExit;
  }

  get logFile(): string {
    return this.spec.logFile;
  }

  isRunning(): boolean {
    return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Replaces parts of the spec for the next start (a new port, new env). */
  update(changes: Partial<ProcessSpec>): void {
    this.spec = { ...this.spec, ...changes };
  }

  /** The last lines this run (or the last one) wrote. */
  logTail(lines = 20): string {
    return this.log.tail(this.runOffset, lines);
  }

  /** Spawns the process and resolves once it is ready; on failure it is stopped and a ProcessStartError names the reason. */
  async start(): Promise<void> {
    if (this.isRunning()) throw new Error(`${this.spec.name} is already running (pid ${this.child?.pid})`);
    const { fd, offset } = this.log.openForRun(`${this.spec.name} starting: ${this.spec.command} ${this.spec.args.join(' ')}`);
    this.runOffset = offset;
    let child: ChildProcess;
    try {
      child = spawn(this.spec.command, this.spec.args, { cwd: this.spec.cwd, env: this.spec.env, stdio: ['ignore', fd, fd] });
    } finally {
      this.log.close(fd);
    }
    trackChild(child);
    this.child = child;
    this.current = 'starting';
    this.lastExit = undefined;
    let spawnError: Error | undefined;
    this.exit = new Promise<ProcessExit>((resolve) => {
      const settle = (exit: ProcessExit): void => {
        this.lastExit = exit;
        if (this.child === child && this.current !== 'stopping') this.current = 'exited';
        resolve(exit);
      };
      child.once('exit', (code, signal) => settle({ code, signal }));
      child.once('error', (error) => {
        spawnError = error;
        settle({ code: null, signal: null });
      });
    });
    await this.waitUntilReady(child, () => spawnError);
    this.current = 'ready';
  }

  /** SIGTERM, wait for the exit (SIGKILL after the grace period). */
  async stop(): Promise<ProcessExit> {
    return this.terminate('SIGTERM', true);
  }

  /** Sends `signal` and waits for the exit, like a crash or an OOM kill. */
  async kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<ProcessExit> {
    return this.terminate(signal, false);
  }

  private async terminate(signal: NodeJS.Signals, graceful: boolean): Promise<ProcessExit> {
    const child = this.child;
    if (child === undefined || !this.isRunning()) {
      if (graceful) this.current = 'stopped';
      return this.lastExit ?? { code: null, signal: null };
    }
    if (graceful) this.current = 'stopping';
    child.kill(signal);
    const backstop = setTimeout(() => child.kill('SIGKILL'), this.spec.stopGraceMs);
    const exit = await this.exit;
    clearTimeout(backstop);
    this.current = graceful ? 'stopped' : 'exited';
    return exit;
  }

  private async waitUntilReady(child: ChildProcess, spawnError: () => Error | undefined): Promise<void> {
    const deadline = Date.now() + this.spec.readyTimeoutMs;
    while (Date.now() < deadline) {
      if (child.exitCode !== null || child.signalCode !== null || spawnError() !== undefined) {
        const exit = await this.exit;
        const error = spawnError();
        const reason =
          error !== undefined
            ? `could not be started (${error.message})`
            : `exited before it was ready (${exit.signal === null ? `exit code ${exit.code}` : `signal ${exit.signal}`})`;
        throw this.startError(reason);
      }
      if (await this.spec.isReady().catch(() => false)) return;
      await sleep(50);
    }
    await this.kill('SIGKILL');
    throw this.startError(`was not ready within ${this.spec.readyTimeoutMs} ms`);
  }

  private startError(reason: string): ProcessStartError {
    return new ProcessStartError(this.spec.name, reason, this.spec.logFile, this.logTail());
  }
}
