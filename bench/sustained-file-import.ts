// Sustained file-import through the whole file-import stack — redis-server,
// jd-classifier, content-classifier, file-system and notifications services
// and the file-system-agent, each a separate process — for BENCH_DURATION_S:
// a feeder drops new files (mixed kinds and sizes, unique content) into
// UNSORTED at a steady rate, and a scheduler starts a file-import run as soon
// as the previous one has ended (at most one a second). Records throughput
// per 10 s window, each file's latency from its drop to its note, where the
// time goes, memory over the load, and that every file became exactly one
// note. Writes bench/results/sustained-file-import.svg as well.
//
//   node bench/sustained-file-import.ts    (BENCH_DURATION_S=300, BENCH_RATE=20 files/s, BENCH_CONCURRENCY=24)
//
// Why not the agent's own RUN_SCHEDULE ("every 5s")? BullMQ's job scheduler
// fires every period whether or not the last run has ended, so a run slower
// than the period overlaps the next, which lists the same files again (safe,
// but counted twice and read twice); and a fixed period adds up to a whole
// period of waiting to every file. Back-to-back runs keep one run at a time
// and show the pipeline's own latency plus at most one run of waiting.
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startStack } from '@emm/stack';
import { sleep } from '@emm/testing';
import { api, runEnded, type RunView, startFileImport } from './agent-runs.ts';
import { fileNoteSources, generatedDocument } from './documents.ts';
import { BENCH_DIR, type Figure, loadAverage1m, percentile, report } from './lib.ts';
import { metricSamples, metricsPage, sumByLabel } from './prometheus.ts';
import { lineChartSvg } from './svg-chart.ts';
import { type MemorySnapshot, memorySnapshot } from './stack-processes.ts';

const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 300);
const RATE = Number(process.env.BENCH_RATE ?? 20);
const CONCURRENCY = process.env.BENCH_CONCURRENCY ?? '24';
const WINDOW_S = 10;
/** Least time from one run's start to the next one's: an empty inbox is not asked about in a busy loop. */
const RUN_GAP_MS = 1000;
const RUN_POLL_MS = 100;
/** How long, after the last drop, the files still in flight may take. */
const DRAIN_TIMEOUT_MS = 120_000;
const SERVICES = ['jd-classifier-service', 'content-classifier-service', 'file-system-service', 'notifications-service'] as const;

interface Dropped {
  /** Epoch ms when the file appeared in UNSORTED (renamed in whole, never seen half-written). */
  at: number;
  hash: string;
  bytes: number;
}

/** A file's final outcome with the run it came from. */
interface Outcome {
  status: string;
  finishedAt: number;
  runCreatedAt: number;
  runStartedAt: number;
  error?: string;
}

const round = (value: number, digits = 1) => Math.round(value * 10 ** digits) / 10 ** digits;
const sorted = (values: number[]) => [...values].sort((a, b) => a - b);

const loadAtStart = loadAverage1m();
const dataDir = await mkdtemp(join(tmpdir(), 'emm-bench-sustained-'));
const stack = await startStack({
  dataDir,
  services: SERVICES,
  agents: ['file-system-agent'],
  logLevel: 'warn',
  env: {
    // The run API's per-client rate limit would throttle this script's polling, which is not what is measured.
    'file-system-agent': { WORKER_CONCURRENCY: CONCURRENCY, ITEM_TIMEOUT_MS: '15s', RUN_API_RATE_LIMIT_PER_MINUTE: '0' },
  },
});
try {
  const agent = stack.baseUrl('file-system-agent');
  const staging = join(dataDir, 'staging');
  await mkdir(staging, { recursive: true });
  await mkdir(stack.unsortedDir, { recursive: true });

  const dropped = new Map<string, Dropped>();
  const outcomes = new Map<string, Outcome>();
  const runs: Array<{ id: string; files: number; createdAt: number; startedAt: number; finishedAt: number; state: string }> = [];
  const memory: Array<{ atS: number; load1m: number } & MemorySnapshot> = [];
  let replanned = 0;
  let feeding = true;
  let loadOver = false;

  const startedAt = Date.now();
  const elapsedS = (at: number) => (at - startedAt) / 1000;

  /** Drops file number n at startedAt + n / RATE, catching up if a write was slow. */
  const feeder = async () => {
    for (let index = 0; elapsedS(Date.now()) < DURATION_S; ) {
      const due = Math.floor(elapsedS(Date.now()) * RATE);
      for (; index < due; index++) {
        const { name, content } = generatedDocument(index);
        await writeFile(join(staging, name), content);
        await rename(join(staging, name), join(stack.unsortedDir, name));
        dropped.set(name, { at: Date.now(), hash: `sha256:${createHash('sha256').update(content).digest('hex')}`, bytes: Buffer.byteLength(content) });
      }
      await sleep(Math.max(10, Math.min(100, 1000 / RATE)));
    }
    feeding = false;
  };

  const everyFileSettled = () => [...dropped.keys()].every((name) => outcomes.has(name));

  /** Starts a run whenever the previous one has ended, until the feed is over and every file has its outcome. */
  const scheduler = async () => {
    let drainDeadline: number | undefined;
    for (;;) {
      if (!feeding) {
        drainDeadline ??= Date.now() + DRAIN_TIMEOUT_MS;
        if (everyFileSettled() || Date.now() > drainDeadline) return;
      }
      const began = Date.now();
      const id = await startFileImport(agent, stack.token);
      await runEnded(agent, stack.token, id, RUN_POLL_MS);
      // Once more with every item: their outcomes are what is measured.
      const run = await api<RunView>(`${agent}/runs/${id}`, stack.token);
      const times = { createdAt: Date.parse(run.createdAt), startedAt: Date.parse(run.startedAt ?? run.createdAt), finishedAt: Date.parse(run.finishedAt ?? run.createdAt) };
      runs.push({ id, files: run.counts.total, state: run.state, ...times });
      for (const item of run.items) {
        if (outcomes.has(item.label)) replanned++;
        outcomes.set(item.label, {
          status: item.status,
          finishedAt: Date.parse(item.finishedAt ?? run.finishedAt ?? run.createdAt),
          runCreatedAt: times.createdAt,
          runStartedAt: times.startedAt,
          ...(item.error !== undefined && { error: item.error }),
        });
      }
      await sleep(Math.max(0, RUN_GAP_MS - (Date.now() - began)));
    }
  };

  /** RSS of every process (and the machine's load) once a window, to see whether memory keeps growing under load. */
  const sampler = async () => {
    for (let next = Date.now(); !loadOver; await sleep(200)) {
      if (Date.now() < next) continue;
      memory.push({ atS: round(elapsedS(Date.now())), load1m: loadAverage1m(), ...(await memorySnapshot()) });
      next += WINDOW_S * 1000;
    }
  };

  console.log(`sustained-file-import: ${RATE} files/s for ${DURATION_S} s (${RATE * DURATION_S} files), worker concurrency ${CONCURRENCY}`);
  const samplerDone = sampler();
  await Promise.all([feeder(), scheduler()]);
  loadOver = true;
  await samplerDone;
  const loadEndedAt = Date.now();

  // Latencies of the files that became notes.
  const imported = [...outcomes.entries()].filter(([name, outcome]) => dropped.has(name) && (outcome.status === 'done' || outcome.status === 'needs_review'));
  const latencyOf = ([name, outcome]: [string, Outcome]) => outcome.finishedAt - dropped.get(name)!.at;
  if (imported.length === 0) throw new Error(`none of the ${dropped.size} files dropped became a note; see the logs in ${stack.logDir}`);
  const latencies = sorted(imported.map(latencyOf));
  const lastFinish = Math.max(...imported.map(([, outcome]) => outcome.finishedAt));

  // Fixed 10 s windows by finish time; the last one holds the drain after the feed stopped.
  const windows = [];
  for (let start = 0; start < elapsedS(lastFinish); start += WINDOW_S) {
    const end = start + WINDOW_S;
    const inWindow = imported.filter(([, outcome]) => elapsedS(outcome.finishedAt) >= start && elapsedS(outcome.finishedAt) < end);
    const windowLatencies = sorted(inWindow.map(latencyOf));
    const droppedBy = [...dropped.values()].filter((file) => elapsedS(file.at) < end).length;
    const finishedBy = imported.filter(([, outcome]) => elapsedS(outcome.finishedAt) < end).length;
    windows.push({
      startS: start,
      endS: end,
      droppedPerS: round([...dropped.values()].filter((file) => elapsedS(file.at) >= start && elapsedS(file.at) < end).length / WINDOW_S),
      importedPerS: round(inWindow.length / WINDOW_S),
      p50Ms: Math.round(percentile(windowLatencies, 0.5)),
      p95Ms: Math.round(percentile(windowLatencies, 0.95)),
      backlogAtEnd: droppedBy - finishedBy,
    });
  }

  // Where an item's time goes: waiting in UNSORTED for the next run, the plan job's queue, then the run (listing + items).
  const phase = (pick: (name: string, outcome: Outcome) => number) => {
    const values = sorted(imported.map(([name, outcome]) => pick(name, outcome)));
    return { p50Ms: Math.round(percentile(values, 0.5)), p95Ms: Math.round(percentile(values, 0.95)) };
  };
  const phases = {
    waitingForNextRun: phase((name, outcome) => outcome.runCreatedAt - dropped.get(name)!.at),
    runQueuedToStarted: phase((_, outcome) => outcome.runStartedAt - outcome.runCreatedAt),
    runStartedToNote: phase((_, outcome) => outcome.finishedAt - outcome.runStartedAt),
  };

  // Per service: the agent's time in its calls (client side, cache hits and retries included) and the service's own handling time.
  const agentMetrics = await metricsPage(agent);
  const durationSums = metricSamples(agentMetrics, 'mcp_tool_duration_seconds_sum');
  const callCounts = metricSamples(agentMetrics, 'mcp_tool_calls_total');
  const itemSeconds = metricSamples(agentMetrics, 'workflow_item_duration_seconds_sum').reduce((sum, sample) => sum + sample.value, 0);
  const itemCount = Math.max(1, metricSamples(agentMetrics, 'workflow_item_duration_seconds_count').reduce((sum, sample) => sum + sample.value, 0));
  const perItem = (value: number) => round(value / itemCount, 2);
  const perService: Record<string, { callsPerItem: number; agentMsPerItem: number; serviceMsPerItem: number; tools: Record<string, { callsPerItem: number; agentMsPerItem: number }> }> = {};
  for (const service of SERVICES) {
    const server = service.replace(/-service$/, '');
    const ofServer = <T extends { labels: Record<string, string> }>(samples: T[]) => samples.filter((sample) => sample.labels.server === server);
    const calls = sumByLabel(ofServer(callCounts), 'tool');
    const seconds = sumByLabel(ofServer(durationSums), 'tool');
    const serviceSeconds = metricSamples(await metricsPage(stack.baseUrl(service)), 'mcp_request_duration_seconds_sum').reduce((sum, sample) => sum + sample.value, 0);
    perService[service] = {
      callsPerItem: perItem(Object.values(calls).reduce((sum, count) => sum + count, 0)),
      agentMsPerItem: perItem(Object.values(seconds).reduce((sum, value) => sum + value, 0) * 1000),
      serviceMsPerItem: perItem(serviceSeconds * 1000),
      tools: Object.fromEntries(Object.keys(calls).map((tool) => [tool, { callsPerItem: perItem(calls[tool]), agentMsPerItem: perItem((seconds[tool] ?? 0) * 1000) }])),
    };
  }

  // Every file exactly once: a note per dropped file (by its content hash), no note twice, nothing left behind.
  const sources = (await fileNoteSources(stack.vaultDir)).map((id) => id.replace(/^["']|["']$/g, ''));
  const noteCount = new Map<string, number>();
  for (const id of sources) noteCount.set(id, (noteCount.get(id) ?? 0) + 1);
  const failed = [...outcomes.values()].filter((outcome) => outcome.status === 'failed');
  const lost = [...dropped.entries()].filter(([name, file]) => !noteCount.has(file.hash) && outcomes.get(name)?.status !== 'failed').length;
  const duplicated = [...noteCount.values()].reduce((sum, count) => sum + count - 1, 0);
  const leftInUnsorted = (await readdir(stack.unsortedDir, { recursive: true })).length;

  // Windows fully under load: after the first (the pipeline filling up), before the feed stopped.
  const fullWindows = windows.filter((window) => window.startS >= WINDOW_S && window.endS <= DURATION_S);
  const firstMemory = memory[0];
  const lastMemory = memory.at(-1)!;
  const peakTotal = Math.max(...memory.map((sample) => sample.totalRssMb));
  const loadSeconds = (lastFinish - startedAt) / 1000;
  const figures: Figure[] = [
    { name: `feed: new files dropped into UNSORTED for ${DURATION_S} s`, value: RATE, unit: 'files/s' },
    { name: 'throughput, mean over the load (first drop to last note)', value: round(imported.length / loadSeconds), unit: 'files/s' },
    { name: 'throughput, lowest 10 s window (full windows under load)', value: Math.min(...fullWindows.map((w) => w.importedPerS)), unit: 'files/s' },
    { name: 'throughput, highest 10 s window', value: Math.max(...fullWindows.map((w) => w.importedPerS)), unit: 'files/s' },
    { name: 'item latency, drop to note, p50', value: Math.round(percentile(latencies, 0.5)), unit: 'ms' },
    { name: 'item latency, drop to note, p95', value: Math.round(percentile(latencies, 0.95)), unit: 'ms' },
    { name: 'item latency, drop to note, p99', value: Math.round(percentile(latencies, 0.99)), unit: 'ms' },
    { name: 'item latency, drop to note, max', value: latencies.at(-1) ?? NaN, unit: 'ms' },
    { name: 'item latency p95, worst 10 s window', value: Math.max(...fullWindows.map((w) => w.p95Ms)), unit: 'ms' },
    { name: 'largest backlog (dropped, not yet a note) at a window end', value: Math.max(...windows.map((w) => w.backlogAtEnd)), unit: 'files' },
    { name: 'files dropped', value: dropped.size, unit: 'files' },
    { name: 'files lost (neither a note nor a failed item)', value: lost, unit: 'files', target: '<= 0' },
    { name: 'duplicated notes', value: duplicated, unit: 'notes', target: '<= 0' },
    { name: 'failed items', value: failed.length, unit: 'items' },
    { name: 'file-import runs', value: runs.length, unit: 'runs' },
    { name: 'stack RSS total, first sample under load', value: firstMemory.totalRssMb, unit: 'MB' },
    { name: 'stack RSS total, last sample', value: lastMemory.totalRssMb, unit: 'MB' },
    { name: 'stack RSS total, highest sample', value: peakTotal, unit: 'MB' },
  ];

  const svg = lineChartSvg({
    title: `file-import, ${RATE} files/s dropped for ${DURATION_S} s (whole stack, ${WINDOW_S} s windows)`,
    xLabel: 'time since the first drop (s), per 10 s window',
    markers: [{ x: DURATION_S, label: 'feed stops' }],
    leftLabel: 'files/s',
    rightLabel: 'p95 item latency, drop to note (ms)',
    series: [
      { name: 'files imported/s', axis: 'left', color: '#1f77b4', points: windows.map((w) => [(w.startS + w.endS) / 2, w.importedPerS]) },
      { name: 'files dropped/s', axis: 'left', color: '#7f7f7f', dashed: true, points: windows.map((w) => [(w.startS + w.endS) / 2, w.droppedPerS]) },
      { name: 'p95 latency', axis: 'right', color: '#d62728', points: windows.map((w) => [(w.startS + w.endS) / 2, w.p95Ms]) },
    ],
  });
  await mkdir(join(BENCH_DIR, 'results'), { recursive: true });
  await writeFile(join(BENCH_DIR, 'results', 'sustained-file-import.svg'), svg);

  const bytes = sorted([...dropped.values()].map((file) => file.bytes));
  await report('sustained-file-import', figures, {
    // The machine is shared: its load while the bench ran says how far to trust the figures.
    loadAverage1m: { atStart: loadAtStart, atEnd: loadAverage1m() },
    how:
      `A feeder drops ${RATE} new files/s (md, txt, csv, html, json; unique content) into UNSORTED, each written beside it and renamed in; ` +
      `a file-import run starts as soon as the previous one has ended (at most one per ${RUN_GAP_MS} ms), rather than RUN_SCHEDULE, which overlaps runs slower than its period. ` +
      "Latency: from a file's drop to its item's finishedAt (after its note is written), per the run API. Windows are by finish time. " +
      'latencyPhases split it: drop → creation of the run that took the file (negative when it arrived while that run was planning), run created → its plan job started, plan started → the note.',
    durationSeconds: DURATION_S,
    ratePerSecond: RATE,
    workerConcurrency: Number(CONCURRENCY),
    fileBytes: { min: bytes[0], p50: bytes[Math.floor(bytes.length / 2)], max: bytes.at(-1) },
    imported: imported.length,
    notes: sources.length,
    leftInUnsorted,
    replannedFiles: replanned,
    failures: failed.slice(0, 10).map((outcome) => outcome.error),
    drainSeconds: round((lastFinish - startedAt) / 1000 - DURATION_S),
    benchSeconds: round((loadEndedAt - startedAt) / 1000),
    runs: { count: runs.length, filesPerRunMean: round(imported.length / Math.max(runs.length, 1)), emptyRuns: runs.filter((run) => run.files === 0).length, durationMsP50: Math.round(percentile(sorted(runs.map((run) => run.finishedAt - run.createdAt)), 0.5)), durationMsP95: Math.round(percentile(sorted(runs.map((run) => run.finishedAt - run.createdAt)), 0.95)) },
    latencyPhases: phases,
    itemProcessingMsMean: perItem(itemSeconds * 1000),
    perService,
    perServiceNote:
      "agentMsPerItem: the agent's time in its calls to the service (client side: cache hits, retries, transport included); serviceMsPerItem: the service's own handling time " +
      '(mcp_request_duration_seconds, every caller: jd-classifier is also called by content-classifier), both divided by the items processed.',
    memory: { first: firstMemory, last: lastMemory, peakRssMb: lastMemory.peakRssMb, samples: memory.map((sample) => ({ atS: sample.atS, totalRssMb: sample.totalRssMb, load1m: sample.load1m })) },
    windows,
    plot: 'results/sustained-file-import.svg',
  });
} finally {
  await stack.stop();
  await rm(dataDir, { recursive: true, force: true });
}
