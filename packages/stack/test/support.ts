import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { McpServiceId } from '@emm/mcp';
import { McpClient } from '@emm/mcp';
import type { AppName, Stack } from '../src';

/** A fresh data dir for one suite; `remove()` in afterAll. */
export function tempDataDir(): { path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), 'emm-stack-test-'));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

/** True while a process with this pid exists. */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Commands of this test process's live children (the `ps` asking and the stack's reaper excluded). */
export function childProcesses(): string[] {
  const out = execFileSync('ps', ['-o', 'pid=,args=', '--ppid', String(process.pid)], { encoding: 'utf8' });
  return out
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !/^\d+ ps /.test(line) && !line.includes('reaper.js'));
}

const quiet = { log: () => undefined, error: () => undefined, warn: () => undefined };

/** An MCP client of one of the stack's services, with the stack's token and no retries (tests want the first answer). */
export function clientOf<S extends McpServiceId>(stack: Stack, service: S, app: AppName): McpClient<S> {
  return new McpClient({ service, caller: 'stack-e2e', url: stack.mcpUrl(app), authToken: stack.token, retry: { retries: 0 }, logger: quiet });
}

export { quiet as quietLogger };
