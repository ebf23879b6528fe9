// file-system-service on loopback, one instance, local backend: read_file
// throughput on a mixed corpus (PDF, DOCX, HTML, Markdown, text, CSV, JSON,
// binaries; files/s and MB/s), and write_note throughput (notes/s, each a new
// note written atomically with fsync), both over REST.
import { readdirSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sleep, startRedis } from '@emm/testing';
import { Pool } from 'undici';
import { type Figure, loadAverage1m, percentile, REPO_ROOT, report, rssMb, startBenchService } from './lib.ts';

const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 10);
const READ_CONCURRENCY = 8;
const WRITE_CONCURRENCY = 16;
const appDir = join(REPO_ROOT, 'apps/file-system-service');
const fixtures = join(appDir, 'test/fixtures');

/** UNSORTED as people fill it: the committed fixtures several times over, plus larger text and HTML files. */
async function buildCorpus(unsorted: string): Promise<string[]> {
  const names: string[] = [];
  for (let copy = 0; copy < 10; copy += 1) {
    for (const name of readdirSync(fixtures)) {
      const path = `copy-${copy}/${name}`;
      await mkdir(join(unsorted, `copy-${copy}`), { recursive: true });
      await writeFile(join(unsorted, path), readFileSync(join(fixtures, name)));
      names.push(path);
    }
  }
  const paragraph = 'The quarterly figures show steady growth in all regions, with costs under control and the new product line ahead of plan. ';
  for (let i = 0; i < 10; i += 1) {
    await writeFile(join(unsorted, `large-${i}.txt`), paragraph.repeat(8_000)); // ~1 MB
    await writeFile(join(unsorted, `page-${i}.html`), `<html><head><title>Report ${i}</title></head><body><nav>menu</nav><article><h1>Report ${i}</h1>${`<p>${paragraph}</p>`.repeat(1_500)}</article></body></html>`);
    names.push(`large-${i}.txt`, `page-${i}.html`);
  }
  const old = new Date(Date.now() - 3_600_000);
  for (const name of names) await utimes(join(unsorted, name), old, old);
  return names;
}

interface Run {
  requests: number;
  errors: number;
  bytes: number;
  seconds: number;
  latencies: number[];
}

/** A closed loop of `concurrency` callers for DURATION_S, each taking its next body from `next`. */
async function drive(pool: Pool, tool: string, concurrency: number, next: () => { body: string; bytes: (result: { size?: number; bytes?: number }) => number }): Promise<Run> {
  const run: Run = { requests: 0, errors: 0, bytes: 0, seconds: 0, latencies: [] };
  const deadline = performance.now() + DURATION_S * 1000;
  const began = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < deadline) {
        const { body, bytes } = next();
        const started = performance.now();
        const res = await pool.request({ path: `/tools/${tool}`, method: 'POST', headers: { 'content-type': 'application/json' }, body });
        const answer = (await res.body.json()) as { result?: { size?: number; bytes?: number } };
        run.latencies.push(performance.now() - started);
        if (res.statusCode !== 200 || answer.result === undefined) run.errors += 1;
        else {
          run.requests += 1;
          run.bytes += bytes(answer.result);
        }
      }
    }),
  );
  run.seconds = (performance.now() - began) / 1000;
  run.latencies.sort((a, b) => a - b);
  return run;
}

const loadBefore = loadAverage1m();
const work = await mkdtemp(join(tmpdir(), 'bench-fs-'));
const vault = join(work, 'vault');
const unsorted = join(work, 'unsorted');
await mkdir(vault);
await mkdir(unsorted);
const corpus = await buildCorpus(unsorted);

const redis = await startRedis();
const { proc: service, url: base } = await startBenchService('file-system-service', { REDIS_URL: redis.url, VAULT_DIR: vault, UNSORTED_DIR: unsorted, UNSORTED_SETTLE_MS: '0' });
const pool = new Pool(base, { connections: Math.max(READ_CONCURRENCY, WRITE_CONCURRENCY), pipelining: 1 });
await sleep(2_000);
const idleRss = await rssMb(service.pid);

try {
  let fileIndex = 0;
  const nextRead = () => ({ body: JSON.stringify({ path: corpus[fileIndex++ % corpus.length] }), bytes: (result: { size?: number }) => result.size ?? 0 });
  // Warm-up: JIT, worker threads, and one pass over the corpus.
  for (const path of corpus) await pool.request({ path: '/tools/read_file', method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ path }) }).then((res) => res.body.dump());
  const reads = await drive(pool, 'read_file', READ_CONCURRENCY, nextRead);

  let noteIndex = 0;
  const body = `# Meeting notes\n\n${'Discussed the roadmap, the budget and the hiring plan for the next quarter. '.repeat(25)}\n`;
  const nextWrite = () => {
    noteIndex += 1;
    const category = 1 + (noteIndex % 9);
    return {
      body: JSON.stringify({
        folder: `20-29 Work/2${category} Projects/2${category}.01 Notes`,
        title: `Meeting ${noteIndex}`,
        frontMatter: { jd: `2${category}.01`, source: { kind: 'file', path: `inbox/meeting-${noteIndex}.txt`, hash: `sha256:${noteIndex}` }, tags: ['meeting'], confidence: 0.92 },
        body,
        mode: 'create',
      }),
      bytes: (result: { bytes?: number }) => result.bytes ?? 0,
    };
  };
  const writes = await drive(pool, 'write_note', WRITE_CONCURRENCY, nextWrite);
  const rss = await rssMb(service.pid);
  for (const run of [reads, writes]) if (run.errors > 0) throw new Error(`${run.errors} calls failed`);

  const round = (value: number) => Math.round(value * 10) / 10;
  const figures: Figure[] = [
    { name: `read_file throughput, mixed corpus, c=${READ_CONCURRENCY}`, value: round(reads.requests / reads.seconds), unit: 'files/s' },
    { name: `read_file throughput, mixed corpus, c=${READ_CONCURRENCY}`, value: round(reads.bytes / 1024 / 1024 / reads.seconds), unit: 'MB/s' },
    { name: 'read_file p50', value: percentile(reads.latencies, 0.5), unit: 'ms' },
    { name: 'read_file p99', value: percentile(reads.latencies, 0.99), unit: 'ms' },
    { name: `write_note throughput, local backend with fsync, c=${WRITE_CONCURRENCY}`, value: round(writes.requests / writes.seconds), unit: 'notes/s', target: '>= 500' },
    { name: 'write_note p50', value: percentile(writes.latencies, 0.5), unit: 'ms' },
    { name: 'write_note p99', value: percentile(writes.latencies, 0.99), unit: 'ms' },
    { name: 'idle RSS', value: idleRss, unit: 'MB' },
    { name: 'RSS after the runs (two extraction workers warm)', value: rss, unit: 'MB' },
  ];
  await report('file-system-service', figures, {
    durationSeconds: DURATION_S,
    // Other work on the machine skews every figure: the 1-minute load average before and after the runs.
    loadAverage: { before: loadBefore, after: loadAverage1m() },
    corpus: { files: corpus.length, kinds: 'pdf, docx, html, markdown, text (utf-8, windows-1252, utf-16), csv, json, png; broken and encrypted pdf/docx included' },
    reads: { requests: reads.requests, megabytes: round(reads.bytes / 1024 / 1024), concurrency: READ_CONCURRENCY },
    writes: { notes: writes.requests, megabytes: round(writes.bytes / 1024 / 1024), concurrency: WRITE_CONCURRENCY, noteBytes: Math.round(writes.bytes / Math.max(1, writes.requests)) },
  });
} finally {
  await pool.close();
  await service.stop();
  await redis.stop();
  await rm(work, { recursive: true, force: true });
}
