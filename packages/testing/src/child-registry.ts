import type { ChildProcess } from 'node:child_process';

// Children still alive when the test process exits (a failing test that never
// reached its cleanup) are killed, so no redis-server or service outlives jest.
const liveChildren = new Set<ChildProcess>();
const exitCleanups = new Set<() => void>();
let hooked = false;

function hookProcessExit(): void {
  if (hooked) return;
  hooked = true;
  process.once('exit', () => {
    for (const child of liveChildren) child.kill('SIGKILL');
    for (const cleanup of exitCleanups) cleanup();
  });
}

export function trackChild(child: ChildProcess): void {
  hookProcessExit();
  liveChildren.add(child);
  child.once('exit', () => liveChildren.delete(child));
}

/** Registers a synchronous cleanup for process exit; returns a function that unregisters it. */
export function onProcessExit(cleanup: () => void): () => void {
  hookProcessExit();
  exitCleanups.add(cleanup);
  return () => exitCleanups.delete(cleanup);
}
