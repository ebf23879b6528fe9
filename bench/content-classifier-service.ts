// content-classifier-service, heuristic provider, 2 KB documents: classifications/s
// in-process (the classifier alone) and through the service on one instance
// (REST and MCP, with the content cache off so every request is classified,
// and on, for identical content), next to a real jd-classifier-service.
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { sleep, startRedis } from '@emm/testing';
import { assertRunsSucceeded, type Figure, load, mcpToolRequest, REPO_ROOT, report, restToolRequest, rssMb, startBenchService, warmUp } from './lib.ts';

const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 10);
const DOCUMENT_BYTES = 2048;
const appDir = join(REPO_ROOT, 'apps/content-classifier-service');
const exampleJd = join(REPO_ROOT, 'examples/jd.yaml');

// The app's own build and dependencies, as the service loads them.
const appRequire = createRequire(join(appDir, 'package.json'));
const { JdIndex } = appRequire('@emm/jd') as { JdIndex: { load(path: string): Promise<unknown> } };
const { classifyHeuristically } = appRequire('./dist/heuristic/heuristic-classifier.js') as {
  classifyHeuristically(index: unknown, input: { text: string }): unknown;
};

/** The sample documents, each repeated or cut to 2 KB. */
function documents(): string[] {
  const dir = join(appDir, 'test/fixtures/samples');
  return readdirSync(dir)
    .filter((file) => !file.endsWith('.json'))
    .sort()
    .map((file) => {
      let text = readFileSync(join(dir, file), 'utf8');
      while (Buffer.byteLength(text) < DOCUMENT_BYTES) text += `\n${text}`;
      return Buffer.from(text).subarray(0, DOCUMENT_BYTES).toString('utf8').replace(/\uFFFD$/, '');
    });
}

async function inProcess(index: unknown, docs: string[]): Promise<{ perSecond: number; meanMs: number }> {
  for (let i = 0; i < 2_000; i++) classifyHeuristically(index, { text: docs[i % docs.length] });
  let count = 0;
  const started = performance.now();
  const deadline = started + DURATION_S * 1000;
  while (performance.now() < deadline) {
    for (let i = 0; i < 100; i++) classifyHeuristically(index, { text: docs[count++ % docs.length] });
  }
  const elapsedMs = performance.now() - started;
  return { perSecond: Math.round((count / elapsedMs) * 1000), meanMs: Math.round((elapsedMs / count) * 1000) / 1000 };
}

const docs = documents();
// The service runs are driven with one document (the bank statement); in-process runs use it too, and the whole mix.
const statement = docs.find((doc) => doc.startsWith('Northfield Bank')) ?? docs[0];
const index = await JdIndex.load(exampleJd);
const localOne = await inProcess(index, [statement]);
const localMix = await inProcess(index, docs);

const redis = await startRedis();
const jd = await startBenchService('jd-classifier-service', { REDIS_URL: redis.url, JD_STRUCTURE_PATH: exampleJd });
const startService = (cacheTtlMs: string) =>
  startBenchService('content-classifier-service', { REDIS_URL: redis.url, MCP_JD_CLASSIFIER_URL: `${jd.url}/mcp`, CLASSIFY_CACHE_TTL_MS: cacheTtlMs });

const args = { text: statement };
const restOf = (base: string) => restToolRequest(base, 'classify_content', args);
const mcpOf = (base: string) => mcpToolRequest(base, 'classify_content', args);

const uncached = await startService('0');
const cached = await startService('1h');
try {
  await sleep(1_000);
  const idleRss = await rssMb(uncached.proc.pid);
  await warmUp(restOf(uncached.url));
  await warmUp(mcpOf(uncached.url));
  await warmUp(restOf(cached.url));
  const restC1 = await load({ ...restOf(uncached.url), connections: 1, durationSeconds: DURATION_S });
  const restC16 = await load({ ...restOf(uncached.url), connections: 16, durationSeconds: DURATION_S });
  const mcpC16 = await load({ ...mcpOf(uncached.url), connections: 16, durationSeconds: DURATION_S });
  const cachedC16 = await load({ ...restOf(cached.url), connections: 16, durationSeconds: DURATION_S });
  const loadedRss = await rssMb(uncached.proc.pid);
  assertRunsSucceeded([restC1, restC16, mcpC16, cachedC16]);

  const figures: Figure[] = [
    { name: 'heuristic in-process, the 2 KB statement', value: localOne.perSecond, unit: 'classifications/s' },
    { name: 'heuristic in-process, all samples cut or repeated to 2 KB', value: localMix.perSecond, unit: 'classifications/s' },
    { name: 'heuristic in-process, mean per 2 KB sample', value: localMix.meanMs, unit: 'ms' },
    { name: 'classify_content REST, c=16, no cache (every request classified)', value: restC16.rps, unit: 'classifications/s', target: '>= 500' },
    { name: 'classify_content REST p50, c=16, no cache', value: restC16.p50Ms, unit: 'ms' },
    { name: 'classify_content REST p99, c=16, no cache', value: restC16.p99Ms, unit: 'ms' },
    { name: 'classify_content REST, c=1, no cache', value: restC1.rps, unit: 'classifications/s' },
    { name: 'classify_content REST p50, c=1, no cache', value: restC1.p50Ms, unit: 'ms' },
    { name: 'classify_content MCP, c=16, no cache', value: mcpC16.rps, unit: 'classifications/s' },
    { name: 'classify_content REST, c=16, identical content (cache hits)', value: cachedC16.rps, unit: 'req/s' },
    { name: 'process start to ready (structure loaded)', value: uncached.readyMs, unit: 'ms' },
    { name: 'idle RSS', value: idleRss, unit: 'MB' },
    { name: 'RSS after load', value: loadedRss, unit: 'MB' },
  ];
  await report('content-classifier-service', figures, {
    durationSeconds: DURATION_S,
    documentBytes: DOCUMENT_BYTES,
    documents: docs.length,
    runs: { restC1, restC16, mcpC16, cachedC16 },
  });
} finally {
  await uncached.proc.stop();
  await cached.proc.stop();
  await jd.proc.stop();
  await redis.stop();
}
