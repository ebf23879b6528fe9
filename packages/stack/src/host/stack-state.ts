import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** What a stack running in the background (`emm stack up`) tells the commands that come after it. */
export interface StackState {
  state: 'starting' | 'up' | 'failed' | 'stopping';
  /** The stack host process: SIGTERM stops the whole stack. */
  hostPid: number;
  startedAt: string;
  token: string;
  redisUrl: string;
  dataDir: string;
  vaultDir: string;
  unsortedDir: string;
  logDir: string;
  /** Local web pages the scraper may fetch, when the stack serves some. */
  pagesOrigin?: string;
  /** The local Prometheus scraping every app (with the alert rules), when asked for. */
  prometheusUrl?: string;
  apps: Array<{ name: string; kind: 'service' | 'agent'; port: number; url: string; pid: number | undefined }>;
  /** Why the start failed (state failed). */
  error?: string;
}

export const STATE_FILE = 'stack.json';

export function stateFile(dataDir: string): string {
  return join(dataDir, STATE_FILE);
}

/** The state file, or undefined when no stack was started in dataDir (or it was stopped). */
export function readStackState(dataDir: string): StackState | undefined {
  const path = stateFile(dataDir);
  if (!existsSync(path)) return undefined;
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as StackState;
  } catch {
    return undefined; // being replaced right now; the caller polls again
  }
}

/** The state of the stack running in dataDir; undefined when none runs (a state file left by a dead host does not count). */
export function liveStackState(dataDir: string): StackState | undefined {
  const state = readStackState(resolve(dataDir));
  return state !== undefined && state.state !== 'failed' && isAlive(state.hostPid) ? state : undefined;
}

/** Replaces the state file atomically; readable only by its owner (it holds the token). */
export function writeStackState(dataDir: string, state: StackState): void {
  const path = stateFile(dataDir);
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(state, null, 2)}\n`, { mode: 0o600 });
  renameSync(temporary, path);
}

/** Whether a process with this pid is alive (signal 0 only checks). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
