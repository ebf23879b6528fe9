/**
 * Runs as its own small process (`node dist/reaper.js`), one per process that
 * starts stacks. That process tells it, on stdin, which children it started
 * (`+<pid>`) and which have ended (`-<pid>`). When stdin closes — the owner
 * exited or was killed, even with SIGKILL, when no 'exit' handler runs — it
 * stops the children still listed: SIGTERM, then SIGKILL after a grace period.
 */
const GRACE_MS = 10_000;
const children = new Set<number>();
let pending = '';

process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk: string) => {
  pending += chunk;
  const lines = pending.split('\n');
  pending = lines.pop() ?? '';
  for (const line of lines) {
    const pid = Number(line.slice(1));
    if (!Number.isSafeInteger(pid) || pid <= 0) continue;
    if (line.startsWith('+')) children.add(pid);
    if (line.startsWith('-')) children.delete(pid);
  }
});
process.stdin.on('close', () => void reap());
// The owner's Ctrl-C reaches its whole process group; this process must outlive the owner to do its job.
process.on('SIGINT', () => undefined);

async function reap(): Promise<void> {
  signalAll('SIGTERM');
  const deadline = Date.now() + GRACE_MS;
  while (Date.now() < deadline && [...children].some(isAlive)) await new Promise((resolve) => setTimeout(resolve, 100));
  signalAll('SIGKILL');
  process.exit(0);
}

function signalAll(signal: NodeJS.Signals): void {
  for (const pid of children) {
    try {
      process.kill(pid, signal);
    } catch {
      children.delete(pid); // already gone
    }
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
