import { execFile, spawn } from 'node:child_process';
import { join } from 'node:path';
import { waitFor } from '@emm/testing';

export const CLI_DIR = join(__dirname, '..');
export const REPO_ROOT = join(CLI_DIR, '../..');

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function cliArgs(args: readonly string[]): string[] {
  return [join(CLI_DIR, 'dist/main.js'), ...args];
}

/** The built CLI as a person runs it: its own process, env vars, stdin. */
export function emm(args: readonly string[], env: Record<string, string | undefined> = {}, stdin?: string, timeoutMs = 25_000): Promise<Run> {
  return new Promise((resolve) => {
    const child = execFile(process.execPath, cliArgs(args), { env: { PATH: process.env.PATH, ...env }, timeout: timeoutMs }, (error, stdout, stderr) => {
      resolve({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : null, stdout, stderr });
    });
    child.stdin?.end(stdin ?? '');
  });
}

export interface RunningCli {
  /** Resolves once stderr matches; returns the match. */
  waitForStderr(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  signal(signal: NodeJS.Signals): void;
  /** Settles when the command has exited. */
  finished: Promise<Run>;
}

/** The CLI running in the background, to act while it follows a run (cancel it, press Ctrl-C, kill the agent). */
export function startEmm(args: readonly string[], env: Record<string, string | undefined> = {}, stdin = ''): RunningCli {
  const child = spawn(process.execPath, cliArgs(args), { env: { PATH: process.env.PATH, ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  child.stdin.end(stdin);
  const finished = new Promise<Run>((resolve) => child.once('close', (code) => resolve({ code, stdout, stderr })));
  return {
    async waitForStderr(pattern, timeoutMs = 15_000) {
      let match: RegExpMatchArray | null = null;
      await waitFor(() => (match = pattern.exec(stderr)) !== null, { timeoutMs, message: `stderr to match ${pattern} (stderr so far: ${JSON.stringify(stderr)})` });
      return match!;
    },
    signal: (signal) => child.kill(signal),
    finished,
  };
}

/** No stack frame leaks into what a person reads. */
export function expectNoStack(text: string): void {
  expect(text).not.toMatch(/^\s+at /m);
}
