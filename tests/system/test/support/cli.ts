import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { RunDetail } from '@emm/agent-runtime';
import type { AgentApp, Stack } from '@emm/stack';
import { REPO_ROOT } from './demo-stack';

/** The built `emm` command line, run as a person runs it. */
export const CLI = join(REPO_ROOT, 'apps', 'cli', 'dist', 'main.js');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** What `emm run <workflow> --wait --json` prints: the ended run and the agent that ran it. */
export interface FollowedRun {
  run: RunDetail;
  agent: { name: string; url: string };
}

/** Where the CLI looks for each agent's run API (apps/cli/README.md). */
const AGENT_URL_VARIABLES: Record<AgentApp, string> = {
  'file-system-agent': 'FILE_SYSTEM_AGENT_URL',
  'bookmark-scraper': 'BOOKMARK_SCRAPER_URL',
  'confluence-agent': 'CONFLUENCE_AGENT_URL',
};

/**
 * The variables a person sets to use the stack from a shell: each agent's
 * run API (of the agents in the stack) and the token. EMM_STACK_DIR points at a folder that does not
 * exist, so a developer's own `emm stack up` is never picked up instead.
 */
export function cliEnv(stack: Stack, noStackDir: string): Record<string, string> {
  const inherited = Object.fromEntries(['PATH', 'HOME', 'TMPDIR', 'LANG', 'TZ'].flatMap((name) => (process.env[name] === undefined ? [] : [[name, process.env[name]]])));
  return {
    ...inherited,
    ...Object.fromEntries(stack.apps.flatMap((app) => (app.name in AGENT_URL_VARIABLES ? [[AGENT_URL_VARIABLES[app.name as AgentApp], app.url]] : []))),
    RUN_API_TOKEN: stack.token,
    EMM_STACK_DIR: noStackDir,
  };
}

/** Runs `node apps/cli/dist/main.js <args>` with exactly `env`; resolves when it exits. */
export function runCli(args: readonly string[], env: Record<string, string>, timeoutMs = 180_000): Promise<CliResult> {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run pnpm turbo run build --filter=@emm/cli first`);
  if (existsSync(env.EMM_STACK_DIR ?? '/')) throw new Error(`EMM_STACK_DIR ${env.EMM_STACK_DIR} exists: the CLI could find a running local stack there`);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd: REPO_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout: Buffer.concat(stdout).toString('utf8'), stderr: Buffer.concat(stderr).toString('utf8') });
    });
  });
}

/**
 * `emm run <workflow> [input] --wait --json` (plus `extraArgs`, e.g. `--file`):
 * the run followed to its end. Exit code 0 means `completed`, 1 any other end.
 */
export async function runWorkflow(workflow: string, env: Record<string, string>, extraArgs: readonly string[] = []): Promise<{ result: CliResult; followed: FollowedRun }> {
  const result = await runCli(['run', workflow, ...extraArgs, '--wait', '--json'], env);
  let followed: FollowedRun;
  try {
    followed = JSON.parse(result.stdout) as FollowedRun;
  } catch {
    throw new Error(`emm run ${workflow} exited ${result.code} without a JSON document on stdout.\nstdout:\n${result.stdout}\nstderr:\n${result.stderr}`);
  }
  if (followed.run === undefined) throw new Error(`emm run ${workflow} exited ${result.code}: ${result.stdout}\nstderr:\n${result.stderr}`);
  return { result, followed };
}
