import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { sleep } from '@emm/testing';
import { LogFile } from '../log-file';
import type { HostedStackOptions } from './stack-host';
import { isAlive, liveStackState, readStackState, type StackState } from './stack-state';

const POLL_MS = 100;

/** A stack already runs in that folder; `emm stack down` first. */
export class StackRunningError extends Error {
  override readonly name = 'StackRunningError';
}

export function hostLogFile(dataDir: string): string {
  return join(dataDir, 'logs', 'stack-host.log');
}

/**
 * Starts a local stack in the background (a detached stack host process) and
 * resolves once every app is ready, with the stack's state; rejects with the
 * failing app and its log tail when the start fails. The stack outlives the
 * caller until stopStack(dataDir).
 */
export async function startStackInBackground(options: HostedStackOptions, timeoutMs = 180_000): Promise<StackState> {
  const dataDir = resolve(options.dataDir);
  const running = liveStackState(dataDir);
  if (running !== undefined) throw new StackRunningError(`a stack is already ${running.state} in ${dataDir} (host pid ${running.hostPid}); stop it with: emm stack down`);
  mkdirSync(join(dataDir, 'logs'), { recursive: true });
  const optionsFile = join(dataDir, 'stack-options.json');
  writeFileSync(optionsFile, JSON.stringify({ ...options, dataDir }), { mode: 0o600 });
  const log = openSync(hostLogFile(dataDir), 'a');
  const host = spawn(process.execPath, [hostScript(), optionsFile], { detached: true, stdio: ['ignore', log, log], cwd: dataDir });
  closeSync(log);
  host.unref();
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const state = readStackState(dataDir);
    if (state !== undefined && state.hostPid === host.pid) {
      if (state.state === 'up') return state;
      if (state.state === 'failed') throw new Error(state.error ?? 'the stack failed to start');
    }
    if (host.pid === undefined || !isAlive(host.pid)) throw new Error(`the stack host exited early; see ${hostLogFile(dataDir)}:\n${new LogFile(hostLogFile(dataDir)).tail()}`);
    await sleep(POLL_MS);
  }
  if (host.pid !== undefined) process.kill(host.pid, 'SIGTERM');
  throw new Error(`the stack was not ready within ${Math.round(timeoutMs / 1000)} s; see the logs in ${join(dataDir, 'logs')}`);
}

/** Stops the background stack in dataDir (SIGTERM to its host, which stops every app and Redis); false when none runs. */
export async function stopStack(dataDir: string, timeoutMs = 60_000): Promise<boolean> {
  const state = liveStackState(resolve(dataDir));
  if (state === undefined) return false;
  process.kill(state.hostPid, 'SIGTERM');
  const deadline = Date.now() + timeoutMs;
  while (isAlive(state.hostPid)) {
    if (Date.now() > deadline) {
      process.kill(state.hostPid, 'SIGKILL');
      throw new Error(`the stack did not stop within ${Math.round(timeoutMs / 1000)} s; its host was killed (see ${hostLogFile(dataDir)})`);
    }
    await sleep(POLL_MS);
  }
  return true;
}

function hostScript(): string {
  // Under jest this file is src/host/stack-control.ts; the host always runs built.
  const script = [join(__dirname, 'stack-host.js'), join(__dirname, '..', '..', 'dist', 'host', 'stack-host.js')].find((path) => existsSync(path));
  if (script === undefined) throw new Error('@emm/stack is not built (dist/host/stack-host.js is missing): run pnpm turbo build first');
  return script;
}
