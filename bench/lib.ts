// Shared bench plumbing: services under test, closed-loop HTTP load on loopback, result files, tables.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { cpus, loadavg, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BuiltService, startBuiltService } from '@emm/testing';
import { Pool } from 'undici';

export const BENCH_DIR = dirname(fileURLToPath(import.meta.url));
export const REPO_ROOT = join(BENCH_DIR, '..');

export interface BenchService extends BuiltService {
  /** From the start call until /health/ready first answered 200. */
  readyMs: number;
}

/**
 * apps/<app>'s build as a process on loopback, run the way every bench runs
 * a service: production mode, only warnings and errors in the log. `env` is
 * the service's own configuration (`undefined` removes a variable).
 */
export async function startBenchService(app: string, env: Record<string, string | undefined>): Promise<BenchService> {
  const startedAt = performance.now();
  const service = await startBuiltService(join(REPO_ROOT, 'apps', app), { env: { LOG_LEVEL: 'warn', NODE_ENV: 'production', ...env } });
  return { ...service, readyMs: Math.round(performance.now() - startedAt) };
}

/** One POST to a service, in the form `load` and `warmUp` take it. */
export interface ToolRequest {
  url: string;
  method: 'POST';
  headers: Record<string, string>;
  body: string;
}

/** A call of `tool` on the service's REST route (`POST /tools/<tool>`). */
export function restToolRequest(baseUrl: string, tool: string, args: unknown): ToolRequest {
  return { url: `${baseUrl}/tools/${tool}`, method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(args) };
}

/** The same call as an MCP `tools/call` on the service's Streamable HTTP endpoint. */
export function mcpToolRequest(baseUrl: string, tool: string, args: unknown): ToolRequest {
  return {
    url: `${baseUrl}/mcp`,
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', 'mcp-protocol-version': '2025-11-25' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: tool, arguments: args } }),
  };
}

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

/**
 * Drives one URL at a fixed concurrency (loopback only) for a fixed time: a
 * closed loop of `connections` workers over keep-alive connections, each
 * latency taken with the high-resolution clock (autocannon rounds to whole
 * milliseconds, too coarse for sub-millisecond targets).
 */
export async function load(options: LoadOptions): Promise<LoadResult> {
  const url = new URL(options.url);
  const pool = new Pool(url.origin, { connections: options.connections, pipelining: 1 });
  const latencies: number[] = [];
  let errors = 0;
  let non2xx = 0;
  const deadline = performance.now() + options.durationSeconds * 1000;
  const worker = async () => {
    while (performance.now() < deadline) {
      const started = performance.now();
      try {
        const res = await pool.request({ path: url.pathname + url.search, method: options.method ?? 'GET', headers: options.headers, body: options.body });
        await res.body.dump();
        if (res.statusCode < 200 || res.statusCode > 299) non2xx++;
        latencies.push(performance.now() - started);
      } catch {
        errors++;
      }
    }
  };
  const began = performance.now();
  await Promise.all(Array.from({ length: options.connections }, worker));
  const elapsedS = (performance.now() - began) / 1000;
  await pool.close();
  latencies.sort((a, b) => a - b);
  return {
    connections: options.connections,
    requests: latencies.length,
    errors,
    non2xx,
    rps: Math.round(latencies.length / elapsedS),
    p50Ms: percentile(latencies, 0.5),
    p99Ms: percentile(latencies, 0.99),
  };
}

/** The q-quantile of sorted values, in ms rounded to 3 decimals. */
export function percentile(sorted: number[], q: number): number {
  if (sorted.length === 0) return NaN;
  const value = sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  return Math.round(value * 1000) / 1000;
}

/** A short warm-up so JIT and connection set-up do not land in the figures. */
export async function warmUp(options: Omit<LoadOptions, 'connections' | 'durationSeconds'>): Promise<void> {
  await load({ ...options, connections: 4, durationSeconds: 2 });
}

/** Fails the bench when a load run had errors or non-2xx answers: its figures would measure failures. */
export function assertRunsSucceeded(runs: LoadResult[]): void {
  for (const run of runs) {
    if (run.errors > 0 || run.non2xx > 0) throw new Error(`load run had ${run.errors} errors and ${run.non2xx} non-2xx answers`);
  }
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

/** The machine's 1-minute load average, to 1 decimal: figures from a shared machine are only as quiet as it was. */
export function loadAverage1m(): number {
  return Math.round(loadavg()[0] * 10) / 10;
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
