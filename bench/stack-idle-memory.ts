// Memory of the whole local stack — redis-server and all ten apps, each a
// separate process — as resident set size per process and in total: just
// after start, idle after a settle period, right after a demo-sized
// file-import (200 generated files) and settled again after it.
//
//   node bench/stack-idle-memory.ts        (BENCH_SETTLE_S=30, BENCH_FILES=200)
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AGENT_APPS, SERVICE_APPS, startStack } from '@emm/stack';
import { sleep } from '@emm/testing';
import { runEnded, startFileImport } from './agent-runs.ts';
import { generatedDocument } from './documents.ts';
import { type Figure, loadAverage1m, report } from './lib.ts';
import { memorySnapshot } from './stack-processes.ts';

const SETTLE_S = Number(process.env.BENCH_SETTLE_S ?? 30);
const FILES = Number(process.env.BENCH_FILES ?? 200);

const loadAtStart = loadAverage1m();
const dataDir = await mkdtemp(join(tmpdir(), 'emm-bench-stack-memory-'));
// The apps' own defaults (WORKER_CONCURRENCY 8 and so on): what a deployment runs unless told otherwise.
const stack = await startStack({ dataDir, services: SERVICE_APPS, agents: AGENT_APPS, logLevel: 'warn' });
try {
  const started = await memorySnapshot();
  console.log(`stack-idle-memory: started, ${started.totalRssMb} MB in total; settling ${SETTLE_S} s`);
  await sleep(SETTLE_S * 1000);
  const idle = await memorySnapshot();

  await mkdir(stack.unsortedDir, { recursive: true });
  for (let index = 0; index < FILES; index++) {
    const { name, content } = generatedDocument(index);
    await writeFile(join(stack.unsortedDir, name), content);
  }
  const agent = stack.baseUrl('file-system-agent');
  const run = await runEnded(agent, stack.token, await startFileImport(agent, stack.token), 250);
  const afterImport = await memorySnapshot();
  console.log(`stack-idle-memory: imported ${FILES} files (${run.state}), ${afterImport.totalRssMb} MB in total; settling ${SETTLE_S} s`);
  await sleep(SETTLE_S * 1000);
  const settled = await memorySnapshot();

  const processes = ['redis', ...SERVICE_APPS, ...AGENT_APPS].filter((name) => idle.rssMb[name] !== undefined);
  const sumOfPeaks = Math.round(processes.reduce((sum, name) => sum + settled.peakRssMb[name], 0) * 10) / 10;
  // Only jd-classifier-service has an idle-memory aim of its own (issue 2: idle RSS ≤ 150 MB).
  const idleTarget = (name: string) => (name === 'jd-classifier-service' ? { target: '<= 150' } : {});
  const figures: Figure[] = [
    { name: `whole stack (Redis + ${processes.length - 1} apps) RSS just after start`, value: started.totalRssMb, unit: 'MB' },
    { name: `whole stack RSS idle (${SETTLE_S} s after start)`, value: idle.totalRssMb, unit: 'MB' },
    { name: `whole stack RSS right after a ${FILES}-file import`, value: afterImport.totalRssMb, unit: 'MB' },
    { name: `whole stack RSS ${SETTLE_S} s after the import`, value: settled.totalRssMb, unit: 'MB' },
    { name: 'whole stack, sum of each process peak RSS (start, idle, import)', value: sumOfPeaks, unit: 'MB' },
    ...processes.map((name): Figure => ({ name: `${name} RSS idle`, value: idle.rssMb[name], unit: 'MB', ...idleTarget(name) })),
    ...processes.map((name): Figure => ({ name: `${name} RSS ${SETTLE_S} s after the import`, value: settled.rssMb[name], unit: 'MB' })),
  ];
  await report('stack-idle-memory', figures, {
    // The machine is shared: its load while the bench ran says how far to trust the figures.
    loadAverage1m: { atStart: loadAtStart, atEnd: loadAverage1m() },
    use:
      "These per-process figures feed the Helm charts' resources: a memory request near the idle or settled-after-load RSS, a limit with headroom over the peak. " +
      `A ${FILES}-file import is a light load; heavier ones (large PDFs and DOCX in file-system-service's extraction workers, many pages in web-scraper-service) ` +
      'raise the peaks: see the per-service benches and sustained-file-import (peak RSS under 5 minutes of load).',
    settleSeconds: SETTLE_S,
    importedFiles: FILES,
    importRun: { state: run.state, counts: run.counts },
    mb: { started: started.rssMb, idle: idle.rssMb, afterImport: afterImport.rssMb, settledAfterImport: settled.rssMb, peak: settled.peakRssMb },
    note: 'RSS per process from /proc/<pid>/status (VmRSS, peak VmHWM), in MB of 2^20 bytes (= Mi in Kubernetes). V8 rarely gives freed heap back to the OS, so a settled RSS stays near its high-water mark.',
  });
} finally {
  await stack.stop();
  await rm(dataDir, { recursive: true, force: true });
}
