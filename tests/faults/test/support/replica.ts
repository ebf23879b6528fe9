import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type AppName, findRepoRoot, type Stack } from '@emm/stack';
import { freePort, type ProcessHandle, spawnProcess } from '@emm/testing';

/** A second process of one of the stack's apps, run by the test. */
export interface Replica {
  app: AppName;
  port: number;
  handle: ProcessHandle;
  /** `http://127.0.0.1:<port>` */
  baseUrl: string;
}

/**
 * The variables the stack started `app` with, read from the running
 * process (`/proc/<pid>/environ`): @emm/stack runs one process per app and
 * does not hand out an app's environment, and rebuilding it here would drift
 * from what the stack really gives its apps.
 */
export function environmentOf(stack: Stack, app: AppName): Record<string, string> {
  const pid = stack.apps.find((status) => status.name === app)?.pid;
  if (pid === undefined) throw new Error(`${app} is not running in the stack: start it before copying its environment`);
  const entries = readFileSync(`/proc/${pid}/environ`, 'utf8')
    .split('\0')
    .filter((entry) => entry.includes('='))
    .map((entry) => [entry.slice(0, entry.indexOf('=')), entry.slice(entry.indexOf('=') + 1)] as const);
  return Object.fromEntries(entries);
}

/**
 * Starts another `node apps/<app>/dist/main.js` with `env` (usually
 * `environmentOf` the stack's process) on a free port, and resolves once
 * its /health/ready answers 200. Nothing of the test process's own
 * environment leaks in. When it exits, its output goes to
 * `<logDir>/<app>.replica-<port>.log`, next to the stack's logs.
 */
export async function startReplica(app: AppName, logDir: string, env: Record<string, string>, overrides: Record<string, string> = {}): Promise<Replica> {
  const port = await freePort();
  const appDir = join(findRepoRoot(), 'apps', app);
  const baseUrl = `http://127.0.0.1:${port}`;
  const ownEnv = Object.fromEntries(Object.keys(process.env).map((name) => [name, undefined]));
  const handle = await spawnProcess(process.execPath, [join(appDir, 'dist', 'main.js')], {
    cwd: appDir,
    env: { ...ownEnv, ...env, ...overrides, PORT: String(port) },
    readyUrl: `${baseUrl}/health/ready`,
    readyTimeoutMs: 60_000,
  });
  void handle.exited.then(() => writeFileSync(join(logDir, `${app}.replica-${port}.log`), handle.output()));
  return { app, port, handle, baseUrl };
}
