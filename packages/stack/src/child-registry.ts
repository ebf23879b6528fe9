import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Writable } from 'node:stream';

// Two guards, so no app or redis-server outlives the process that started it:
// - on a normal exit (a test run ending, a CLI that threw) the children still alive are SIGKILLed;
// - when this process dies without running its exit handlers (SIGKILL, an
//   unhandled signal), the reaper (dist/reaper.js), which it feeds the pids,
//   sees its stdin close and stops them.
const liveChildren = new Set<ChildProcess>();
let reaperInput: Writable | undefined;
let started = false;

export function trackChild(child: ChildProcess): void {
  if (!started) {
    started = true;
    process.once('exit', () => {
      for (const live of liveChildren) live.kill('SIGKILL');
    });
    reaperInput = startReaper();
  }
  const pid = child.pid;
  if (pid === undefined) return;
  liveChildren.add(child);
  reaperInput?.write(`+${pid}\n`);
  child.once('exit', () => {
    liveChildren.delete(child);
    reaperInput?.write(`-${pid}\n`);
  });
}

function startReaper(): Writable | undefined {
  // Under ts-jest/swc this file is src/child-registry.ts; the reaper is always the built one.
  const script = [join(__dirname, 'reaper.js'), join(__dirname, '..', 'dist', 'reaper.js')].find((path) => existsSync(path));
  if (script === undefined) return undefined;
  const reaper = spawn(process.execPath, [script], { stdio: ['pipe', 'ignore', 'ignore'], detached: true });
  reaper.on('error', () => undefined);
  reaper.stdin?.on('error', () => undefined);
  // Neither the reaper nor its pipe may keep this process alive.
  reaper.unref();
  (reaper.stdin as (Writable & { unref?: () => void }) | null)?.unref?.();
  return reaper.stdin ?? undefined;
}
