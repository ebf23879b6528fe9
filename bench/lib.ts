// Shared bench plumbing: load generation with autocannon, result files, tables.
import autocannon from 'autocannon';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { cpus, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const BENCH_DIR = dirname(fileURLToPath(import.meta.url));
export const REPO_ROOT = join(BENCH_DIR, '..');

export interface LoadResult {
  connections: number;
  requests: number;
  errors: number;
  non2xx: number;
  rps: number;
  p50Ms: number;
  p99Ms: number;
}

export interface LoadOptions {
  url: string;
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
  connections: number;
  durationSeconds: number;
}

/** Drives one URL at a fixed concurrency (loopback only) and returns latency percentiles and throughput. */
export async function load(options: LoadOptions): Promise<LoadResult> {
  const result = await autocannon({
    url: options.url,
    method: options.method ?? 'GET',
    headers: options.headers,
    body: options.body,
    connections: options.connections,
    pipelining: 1,
    duration: options.durationSeconds,
  });
  return {
    connections: options.connections,
    requests: result.requests.total,
    errors: result.errors,
    non2xx: result.non2xx,
    rps: Math.round(result.requests.average),
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
  };
}

/** A short warm-up so JIT and connection set-up do not land in the figures. */
export async function warmUp(options: Omit<LoadOptions, 'connections' | 'durationSeconds'>): Promise<void> {
  await load({ ...options, connections: 4, durationSeconds: 2 });
}

export interface Figure {
  name: string;
  value: number;
  unit: string;
  /** e.g. '<= 1' or '>= 3000'; compared for the pass mark only, never to fail a build */
  target?: string;
}

export function meetsTarget(figure: Figure): boolean | undefined {
  const match = /^(<=|>=)\s*([\d.]+)$/.exec(figure.target ?? '');
  if (!match) return undefined;
  const bound = Number(match[2]);
  return match[1] === '<=' ? figure.value <= bound : figure.value >= bound;
}

export function machine(): Record<string, unknown> {
  return { node: process.version, cpus: cpus().length, cpuModel: cpus()[0]?.model, memoryGiB: Math.round(totalmem() / 2 ** 30) };
}

/** Prints the figures as a table and keeps them in bench/results/<name>.json. */
export async function report(name: string, figures: Figure[], details: Record<string, unknown> = {}): Promise<void> {
  const rows = figures.map((f) => {
    const ok = meetsTarget(f);
    return `| ${f.name} | ${f.value} ${f.unit} | ${f.target ? `${f.target} ${f.unit}` : ''} | ${ok === undefined ? '' : ok ? 'yes' : 'no'} |`;
  });
  console.log(`\n## ${name}\n\n| figure | measured | target | met |\n|---|---|---|---|\n${rows.join('\n')}\n`);
  await mkdir(join(BENCH_DIR, 'results'), { recursive: true });
  const file = join(BENCH_DIR, 'results', `${name}.json`);
  await writeFile(file, `${JSON.stringify({ name, measuredAt: new Date().toISOString(), machine: machine(), figures, details }, null, 2)}\n`);
}

export async function readResults(name: string): Promise<{ name: string; measuredAt: string; machine: Record<string, unknown>; figures: Figure[] } | undefined> {
  try {
    return JSON.parse(await readFile(join(BENCH_DIR, 'results', `${name}.json`), 'utf8'));
  } catch {
    return undefined;
  }
}

/** Resident set size of a process in MB, from /proc. */
export async function rssMb(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? NaN);
  return Math.round((kb / 1024) * 10) / 10;
}
