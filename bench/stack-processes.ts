// The local stack's processes as the kernel sees them: which children of this
// process are EMM apps or redis-server, when each was spawned, its port and
// its memory. @emm/stack hands out pids and ports only once startStack has
// returned; reading /proc lets a bench watch the apps while they start.
import { readdir, readFile } from 'node:fs/promises';
import { rssMb } from './lib.ts';

export interface StackProcess {
  pid: number;
  /** The app's name (apps/<name>/dist/main.js), or `redis` for redis-server. */
  name: string;
}

/** Linux's USER_HZ: /proc/<pid>/stat counts start times in these ticks. */
const CLOCK_TICKS_PER_SECOND = 100;

/** The children of this process that belong to a local stack: EMM apps and redis-server (the stack's reaper is left out). */
export async function stackChildren(): Promise<StackProcess[]> {
  const found: StackProcess[] = [];
  for (const task of await readdir('/proc/self/task')) {
    const children = await readFile(`/proc/self/task/${task}/children`, 'utf8').catch(() => '');
    for (const pid of children.split(/\s+/).filter(Boolean).map(Number)) {
      const name = await processName(pid);
      if (name !== undefined) found.push({ pid, name });
    }
  }
  return found;
}

async function processName(pid: number): Promise<string | undefined> {
  const argv = (await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '')).split('\0');
  const app = argv.map((arg) => /apps\/([^/]+)\/dist\/main\.js$/.exec(arg)?.[1]).find((name) => name !== undefined);
  if (app !== undefined) return app;
  const comm = (await readFile(`/proc/${pid}/comm`, 'utf8').catch(() => '')).trim();
  return comm === 'redis-server' ? 'redis' : undefined;
}

/** When the process was spawned, as epoch milliseconds (10 ms resolution): its start tick against the system's uptime. */
export async function spawnedAtMs(pid: number): Promise<number> {
  const [stat, uptime] = await Promise.all([readFile(`/proc/${pid}/stat`, 'utf8'), readFile('/proc/uptime', 'utf8')]);
  const now = Date.now();
  // Fields after the command name (which may hold spaces) start at field 3; starttime is field 22.
  const startTicks = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19]);
  const ageMs = (Number(uptime.split(' ')[0]) - startTicks / CLOCK_TICKS_PER_SECOND) * 1000;
  return Math.round(now - ageMs);
}

/** One variable of the environment the process was started with. */
export async function processEnv(pid: number, name: string): Promise<string | undefined> {
  const environ = await readFile(`/proc/${pid}/environ`, 'utf8');
  return environ
    .split('\0')
    .find((entry) => entry.startsWith(`${name}=`))
    ?.slice(name.length + 1);
}

/** The highest resident set size the process has had (VmHWM), in MB like lib.ts's rssMb. */
export async function peakRssMb(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? NaN);
  return Math.round((kb / 1024) * 10) / 10;
}

export interface MemorySnapshot {
  /** RSS per process (app name or `redis`), MB. */
  rssMb: Record<string, number>;
  /** Peak RSS per process since it started, MB. */
  peakRssMb: Record<string, number>;
  totalRssMb: number;
}

/** RSS and peak RSS of every stack process running under this one. */
export async function memorySnapshot(): Promise<MemorySnapshot> {
  const processes = (await stackChildren()).sort((a, b) => a.name.localeCompare(b.name));
  const rss: Record<string, number> = {};
  const peak: Record<string, number> = {};
  for (const { pid, name } of processes) {
    rss[name] = await rssMb(pid);
    peak[name] = await peakRssMb(pid);
  }
  return { rssMb: rss, peakRssMb: peak, totalRssMb: Math.round(Object.values(rss).reduce((sum, mb) => sum + mb, 0) * 10) / 10 };
}
