// file-import end to end: 1,000 generated files (mixed kinds and sizes) through
// the whole local stack — redis-server, jd-classifier, content-classifier,
// file-system and notifications services and the file-system-agent, each a
// separate process — measuring files/s, p95 item latency, MCP calls per item,
// the MCP result cache hit ratio, and that every file became exactly one note.
//
//   node bench/file-import.ts            (BENCH_FILES=1000, BENCH_CONCURRENCY=24)
import { mkdtemp, readdir, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startStack } from '@emm/stack';
import { runEnded, startFileImport } from './agent-runs.ts';
import { fileNoteSources, generatedDocument } from './documents.ts';
import { histogramQuantile, metricSamples } from './prometheus.ts';
import { report, rssMb } from './lib.ts';

const FILES = Number(process.env.BENCH_FILES ?? 1000);
const CONCURRENCY = process.env.BENCH_CONCURRENCY ?? '24';

const dataDir = await mkdtemp(join(tmpdir(), 'emm-bench-file-import-'));
const stack = await startStack({
  dataDir,
  services: ['jd-classifier-service', 'content-classifier-service', 'file-system-service', 'notifications-service'],
  agents: ['file-system-agent'],
  logLevel: 'warn',
  env: { 'file-system-agent': { WORKER_CONCURRENCY: CONCURRENCY, ITEM_TIMEOUT_MS: '15s' } },
});
try {
  await mkdir(stack.unsortedDir, { recursive: true });
  const sizes: number[] = [];
  for (let index = 0; index < FILES; index++) {
    const { name, content } = generatedDocument(index);
    sizes.push(Buffer.byteLength(content));
    await writeFile(join(stack.unsortedDir, name), content);
  }
  const agent = stack.baseUrl('file-system-agent');
  const started = Date.now();
  const id = await startFileImport(agent, stack.token);
  const timeline: Array<{ atS: number; finished: number }> = [];
  const run = await runEnded(agent, stack.token, id, 250, ({ counts }) => {
    timeline.push({ atS: Math.round((Date.now() - started) / 100) / 10, finished: counts.done + counts.failed + counts.skipped + counts.needsReview });
  });
  const elapsedS = (Date.parse(run.finishedAt!) - Date.parse(run.createdAt)) / 1000;
  const itemsS = (Date.parse(run.finishedAt!) - Date.parse(run.startedAt!)) / 1000;
  const metrics = await (await fetch(`${agent}/metrics`)).text();
  const sum = (name: string, match: (labels: Record<string, string>) => boolean = () => true): number =>
    metricSamples(metrics, name).filter((sample) => match(sample.labels)).reduce((total, sample) => total + sample.value, 0);
  const isStructure = (labels: Record<string, string>): boolean => labels.tool === 'get_structure' || labels.tool === 'resolve_path';
  const calls = sum('mcp_tool_calls_total');
  const cacheHits = sum('mcp_cache_requests_total', (labels) => labels.result === 'hit');
  const cacheLookups = sum('mcp_cache_requests_total');
  const structureHits = sum('mcp_cache_requests_total', (labels) => labels.result === 'hit' && isStructure(labels));
  const structureLookups = sum('mcp_cache_requests_total', isStructure);
  const p95ItemS = histogramQuantile(metrics, 'workflow_item_duration_seconds', 0.95);
  const sources = await fileNoteSources(stack.vaultDir);
  const duplicates = sources.length - new Set(sources).size;
  const leftInInbox = (await readdir(stack.unsortedDir, { recursive: true })).length;
  const rss = Object.fromEntries(await Promise.all(stack.apps.map(async (app) => [app.name, app.pid === undefined ? NaN : await rssMb(app.pid)])));
  sizes.sort((a, b) => a - b);
  await report(
    'file-import',
    [
      { name: `files/s end to end (${FILES} files, whole stack)`, value: Math.round((FILES / elapsedS) * 10) / 10, unit: 'files/s', target: '>= 100' },
      { name: 'p95 item latency (one attempt)', value: Math.round(p95ItemS * 1000), unit: 'ms' },
      { name: 'MCP calls per item', value: Math.round((calls / FILES) * 100) / 100, unit: 'calls' },
      { name: 'MCP cache hit ratio (all cacheable calls)', value: Math.round((cacheHits / Math.max(cacheLookups, 1)) * 1000) / 10, unit: '%' },
      { name: 'MCP cache hit ratio (structure lookups)', value: Math.round((structureHits / Math.max(structureLookups, 1)) * 1000) / 10, unit: '%' },
      { name: 'files lost (neither a note nor a failed item)', value: FILES - sources.length - run.counts.failed, unit: 'files', target: '<= 0' },
      { name: 'duplicated notes', value: duplicates, unit: 'notes', target: '<= 0' },
      { name: 'failed items', value: run.counts.failed, unit: 'items' },
    ],
    {
      files: FILES,
      workerConcurrency: Number(CONCURRENCY),
      fileBytes: { min: sizes[0], p50: sizes[Math.floor(sizes.length / 2)], max: sizes.at(-1) },
      counts: run.counts,
      planAndItemsSeconds: elapsedS,
      itemsSeconds: itemsS,
      notes: sources.length,
      leftInUnsorted: leftInInbox,
      mcpCalls: calls,
      rssMbAfter: rss,
      timeline,
    },
  );
} finally {
  await stack.stop();
  await rm(dataDir, { recursive: true, force: true });
}
