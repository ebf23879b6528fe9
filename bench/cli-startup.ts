// Cold starts of the emm command line, as a person (and the CLI tests) run it:
// a new `node apps/cli/dist/main.js …` process each time, timed from spawn to
// exit. `--help` is start-up alone; `runs` and `tools` go as far as their
// first request, to an address nothing listens on (refused at once), so they
// add what those commands load: the run API client, the MCP client.
//
//   node bench/cli-startup.ts                 (BENCH_REPETITIONS=30)
//   BENCH_CLI=/elsewhere/apps/cli/dist/main.js node bench/cli-startup.ts   (another build, e.g. before a change)
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { freePort } from '@emm/testing';
import { type Figure, loadAverage1m, percentile, REPO_ROOT, report } from './lib.ts';

const REPETITIONS = Number(process.env.BENCH_REPETITIONS ?? 30);
const WARM_UP_ROUNDS = 2;
const CLI = process.env.BENCH_CLI ?? join(REPO_ROOT, 'apps', 'cli', 'dist', 'main.js');

interface Case {
  name: string;
  args: string[];
  /** What a run must end with, so a figure never times a command that failed for another reason. */
  expect: { code: number; output: RegExp };
  target?: string;
}

const closedPort = await freePort();
const closed = `http://127.0.0.1:${closedPort}`;
// An empty stack dir: a local stack someone runs in this checkout must not change what is measured.
const stackDir = await mkdtemp(join(tmpdir(), 'emm-bench-cli-startup-'));
const env = {
  PATH: process.env.PATH,
  EMM_STACK_DIR: stackDir,
  FILE_SYSTEM_AGENT_URL: closed,
  BOOKMARK_SCRAPER_URL: closed,
  CONFLUENCE_AGENT_URL: closed,
  MCP_JD_CLASSIFIER_URL: `${closed}/mcp`,
  // One attempt: the figure is the start-up, not the retry back-off.
  MCP_CLIENT_RETRIES: '0',
};

const CASES: Case[] = [
  { name: 'emm --help', args: ['--help'], expect: { code: 0, output: /^Usage: emm <command>/ }, target: '<= 200' },
  { name: 'emm runs (no agent listening)', args: ['runs'], expect: { code: 1, output: /cannot reach file-system-agent at .*: connection refused/ } },
  { name: 'emm tools jd-classifier (no service listening)', args: ['tools', 'jd-classifier'], expect: { code: 1, output: /connection refused/ } },
];

/** One cold start: spawn to exit, in ms. */
function coldStart(testCase: Case): number {
  const began = performance.now();
  const run = spawnSync(process.execPath, [CLI, ...testCase.args], { env, encoding: 'utf8' });
  const ms = performance.now() - began;
  const output = `${run.stdout}${run.stderr}`;
  if (run.status !== testCase.expect.code || !testCase.expect.output.test(output)) {
    throw new Error(`${testCase.name}: expected exit ${testCase.expect.code} matching ${testCase.expect.output}, got exit ${run.status}:\n${output}`);
  }
  return ms;
}

const loadAtStart = loadAverage1m();
const timings = new Map<string, number[]>(CASES.map((testCase) => [testCase.name, []]));
try {
  // Rounds interleave the commands, so a burst of load elsewhere on the machine hits all of them alike.
  for (let round = -WARM_UP_ROUNDS; round < REPETITIONS; round++) {
    for (const testCase of CASES) {
      const ms = coldStart(testCase);
      if (round >= 0) timings.get(testCase.name)!.push(ms);
    }
  }
} finally {
  await rm(stackDir, { recursive: true, force: true });
}

const summary = Object.fromEntries(
  CASES.map((testCase) => {
    const sorted = [...timings.get(testCase.name)!].sort((a, b) => a - b);
    return [testCase.name, { medianMs: Math.round(percentile(sorted, 0.5)), p95Ms: Math.round(percentile(sorted, 0.95)), minMs: Math.round(sorted[0]), maxMs: Math.round(sorted.at(-1)!) }];
  }),
);
const figures: Figure[] = CASES.flatMap((testCase): Figure[] => [
  { name: `${testCase.name}, median of ${REPETITIONS} cold starts`, value: summary[testCase.name].medianMs, unit: 'ms', ...(testCase.target !== undefined && { target: testCase.target }) },
  { name: `${testCase.name}, p95`, value: summary[testCase.name].p95Ms, unit: 'ms' },
]);

await report('cli-startup', figures, {
  // The machine is shared: its load while the bench ran says how far to trust the figures.
  loadAverage1m: { atStart: loadAtStart, atEnd: loadAverage1m() },
  repetitions: REPETITIONS,
  cli: relative(REPO_ROOT, CLI),
  how:
    `Each figure is a new process (${process.execPath} <cli> <args>) timed from spawn to exit with spawnSync, after ${WARM_UP_ROUNDS} warm-up rounds (file cache). ` +
    `runs and tools talk to 127.0.0.1:${closedPort}, where nothing listens, with MCP_CLIENT_RETRIES=0 and an empty EMM_STACK_DIR.`,
  summary,
});
