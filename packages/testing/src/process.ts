import { spawn } from 'node:child_process';
import { trackChild } from './child-registry';
import { httpStatus } from './http-status';
import { OutputBuffer } from './output-buffer';
import { sleep } from './wait';

export interface SpawnProcessOptions {
  /** Added to (and overriding) the test process's environment; `undefined` removes a variable. */
  env?: Record<string, string | undefined>;
  cwd?: string;
  /** When given, `spawnProcess` resolves only once a GET to this URL answers 200. */
  readyUrl?: string;
  /** How long to wait for `readyUrl` (default 20 s). */
  readyTimeoutMs?: number;
}

export interface ProcessExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface ProcessHandle {
  pid: number;
  /** Everything the process wrote to stdout and stderr so far. */
  output(): string;
  signal(signal: NodeJS.Signals): void;
  /** Settles when the process has exited (never rejects). */
  exited: Promise<ProcessExit>;
  /** SIGTERM, then SIGKILL if it has not exited after `graceMs` (default 10 s). */
  stop(graceMs?: number): Promise<ProcessExit>;
}

/** Starts a real child process (e.g. a built service) and optionally waits until it serves `readyUrl`. */
export async function spawnProcess(
  command: string,
  args: readonly string[],
  options: SpawnProcessOptions = {},
): Promise<ProcessHandle> {
  const output = new OutputBuffer();
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: withoutUndefined({ ...process.env, ...options.env }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  trackChild(child);
  child.stdout.on('data', (chunk: Buffer) => output.append(chunk));
  child.stderr.on('data', (chunk: Buffer) => output.append(chunk));

  let hasExited = false;
  const exited = new Promise<ProcessExit>((resolve) => {
    child.once('exit', (code, signal) => {
      hasExited = true;
      resolve({ code, signal });
    });
    child.once('error', (error) => {
      hasExited = true;
      output.append(`\n[spawn error] ${error.message}\n`);
      resolve({ code: null, signal: null });
    });
  });

  const handle: ProcessHandle = {
    pid: child.pid ?? -1,
    output: () => output.toString(),
    signal: (signal) => {
      if (!hasExited) child.kill(signal);
    },
    exited,
    stop: async (graceMs = 10_000) => {
      if (hasExited) return exited;
      child.kill('SIGTERM');
      const killTimer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      const result = await exited;
      clearTimeout(killTimer);
      return result;
    },
  };

  if (options.readyUrl !== undefined) {
    await waitUntilReady(handle, options.readyUrl, options.readyTimeoutMs ?? 20_000, () => hasExited);
  } else if (child.pid === undefined) {
    await exited;
    throw new Error(`Could not start ${command}:\n${output.tail()}`);
  }
  return handle;
}

async function waitUntilReady(
  handle: ProcessHandle,
  url: string,
  timeoutMs: number,
  hasExited: () => boolean,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastProblem = 'no answer yet';
  while (Date.now() < deadline) {
    if (hasExited()) {
      const { code, signal } = await handle.exited;
      throw new Error(`Process exited (code ${code}, signal ${signal}) before ${url} was ready:\n${tail(handle)}`);
    }
    try {
      const status = await httpStatus(url);
      if (status === 200) return;
      lastProblem = `status ${status}`;
    } catch (error) {
      lastProblem = error instanceof Error ? error.message : String(error);
    }
    await sleep(50);
  }
  await handle.stop(2_000);
  throw new Error(`Process not ready at ${url} after ${timeoutMs} ms (${lastProblem}):\n${tail(handle)}`);
}

function tail(handle: ProcessHandle, lines = 30): string {
  return handle.output().trimEnd().split('\n').slice(-lines).join('\n');
}

function withoutUndefined(env: Record<string, string | undefined>): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined));
}
