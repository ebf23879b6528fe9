import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { httpStatus } from '@emm/testing';
import type { AppName } from './catalog';
import { ManagedProcess } from './managed-process';
import { appDir } from './repo';

/** `apps/<app>/dist/main.js`, or a clear error when the app has not been built. */
export function appEntryPoint(app: AppName, repoRoot: string): string {
  const main = join(appDir(app, repoRoot), 'dist', 'main.js');
  if (!existsSync(main)) {
    throw new Error(`${app} is not built (${main} is missing): run pnpm turbo build first (or pnpm turbo run build --filter=${app})`);
  }
  return main;
}

/** An app as `node apps/<app>/dist/main.js`, ready when `GET /health/ready` answers 200. */
export function appProcess(options: {
  app: AppName;
  repoRoot: string;
  port: number;
  env: NodeJS.ProcessEnv;
  logFile: string;
  readyTimeoutMs: number;
}): ManagedProcess {
  const readyUrl = `http://127.0.0.1:${options.port}/health/ready`;
  return new ManagedProcess({
    name: options.app,
    command: process.execPath,
    args: [appEntryPoint(options.app, options.repoRoot)],
    cwd: appDir(options.app, options.repoRoot),
    env: options.env,
    logFile: options.logFile,
    isReady: async () => (await httpStatus(readyUrl)) === 200,
    readyTimeoutMs: options.readyTimeoutMs,
    // Above the apps' default SHUTDOWN_TIMEOUT_MS (20 s): a graceful stop is never cut short by the backstop.
    stopGraceMs: 25_000,
  });
}
