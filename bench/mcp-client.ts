// The MCP client on loopback: one client process, one jd-classifier-service.
// find_category through the full client stack (timeout, retry policy,
// breaker, metrics, tracing on) against a bare undici POST to the same REST
// route, a bare undici POST of the same MCP request, and a bare Node http echo
// server, at concurrency 1 and 16; plus a cached call. Every scenario runs in
// a fresh process (this file, BENCH_SCENARIO set), so the bare baselines carry
// no tracing and no scenario warms the JIT for another.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, spawnProcess, startRedis } from '@emm/testing';
import { type Figure, mcpToolRequest, percentile, REPO_ROOT, report, restToolRequest, startBenchService } from './lib.ts';

const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 10);
const WARMUP_S = Math.min(3, Math.max(1, DURATION_S / 3));
const ARGS = { query: 'bank statement' };
const SCENARIOS = ['client-uncached', 'client-untraced', 'client-cached', 'undici-rest', 'undici-mcp', 'undici-echo'] as const;
type Scenario = (typeof SCENARIOS)[number];

interface Run {
  concurrency: number;
  calls: number;
  callsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
}

/** Closed loop: `concurrency` callers, each calling again as soon as its call returns. */
async function measure(call: () => Promise<unknown>, concurrency: number, seconds: number): Promise<Run> {
  const latencies: number[] = [];
  const deadline = performance.now() + seconds * 1000;
  const caller = async (): Promise<void> => {
    while (performance.now() < deadline) {
      const startedAt = performance.now();
      await call();
      latencies.push(performance.now() - startedAt);
    }
  };
  const began = performance.now();
  await Promise.all(Array.from({ length: concurrency }, caller));
  const elapsedS = (performance.now() - began) / 1000;
  latencies.sort((a, b) => a - b);
  return { concurrency, calls: latencies.length, callsPerSecond: Math.round(latencies.length / elapsedS), p50Ms: percentile(latencies, 0.5), p99Ms: percentile(latencies, 0.99) };
}

/** What a scenario measures, built inside its own process. */
async function scenarioCall(scenario: Scenario, env: NodeJS.ProcessEnv): Promise<{ call: () => Promise<unknown>; close: () => Promise<void> }> {
  const jdBase = env.BENCH_JD_URL as string;
  if (scenario.startsWith('client-')) {
    // Tracing on, as in an agent: the OTel SDK starts before undici and ioredis load, exporting to a sink.
    // `client-untraced` leaves it off, to show what tracing costs.
    const { startTelemetry } = await import('@emm/telemetry');
    const sink = scenario === 'client-untraced' ? undefined : env.BENCH_SINK_URL;
    const telemetry = startTelemetry({ serviceName: 'bench-mcp-client', env: { ...env, OTEL_EXPORTER_OTLP_ENDPOINT: sink } });
    const { McpClient } = await import('@emm/mcp');
    const { jdClassifier } = await import('@emm/contracts');
    const { closeRedisClient, createRedisClient, redisEnvSchema, redisSettingsFromEnv } = await import('@emm/redis');
    const redis = scenario === 'client-cached' ? createRedisClient(redisSettingsFromEnv(redisEnvSchema.parse({ REDIS_URL: env.BENCH_REDIS_URL })).main, 'request', { name: 'bench' }) : undefined;
    const silent = { log: () => undefined, warn: () => undefined, error: () => undefined };
    const client = new McpClient({
      service: 'jd-classifier',
      caller: 'bench',
      url: `${jdBase}/mcp`,
      logger: silent,
      ...(redis !== undefined && { cache: { redis } }),
    });
    return {
      call: () => client.call(jdClassifier.findCategory, ARGS),
      close: async () => {
        await client.close();
        if (redis !== undefined) await closeRedisClient(redis);
        await telemetry.shutdown();
      },
    };
  }
  const { Agent, request } = await import('undici');
  const dispatcher = new Agent({ keepAliveTimeout: 4_000, pipelining: 1 });
  const targets: Record<Exclude<Scenario, `client-${string}`>, { url: string; headers: Record<string, string>; body: string }> = {
    'undici-rest': restToolRequest(jdBase, 'find_category', ARGS),
    'undici-mcp': mcpToolRequest(jdBase, 'find_category', ARGS),
    'undici-echo': { url: `${env.BENCH_ECHO_URL}/echo`, headers: { 'content-type': 'application/json' }, body: JSON.stringify(ARGS) },
  };
  const target = targets[scenario as keyof typeof targets];
  return {
    call: async () => {
      const res = await request(target.url, { method: 'POST', headers: target.headers, body: target.body, dispatcher });
      const body = await res.body.json();
      if (res.statusCode !== 200) throw new Error(`${scenario}: HTTP ${res.statusCode}`);
      return body;
    },
    close: () => dispatcher.close(),
  };
}

/** Worker side: measure one scenario at c=1 and c=16, print the runs as JSON. */
async function runScenario(scenario: Scenario): Promise<void> {
  const { call, close } = await scenarioCall(scenario, process.env);
  await measure(call, 4, WARMUP_S);
  const c1 = await measure(call, 1, DURATION_S);
  const c16 = await measure(call, 16, DURATION_S);
  await close();
  process.stdout.write(`${JSON.stringify({ scenario, c1, c16 })}\n`);
}

/** A bare Node http server: echoes POST bodies, and takes OTLP exports (answers `{}`) as the trace sink. */
const ECHO_SERVER = `
const http = require('node:http');
http.createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    const body = req.url === '/v1/traces' ? '{}' : Buffer.concat(chunks);
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }).end(body);
  });
}).listen(Number(process.env.PORT), '127.0.0.1');
`;

function runWorker(scenario: Scenario, env: Record<string, string>): Promise<{ c1: Run; c16: Run }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [fileURLToPath(import.meta.url)], { env: { ...process.env, ...env, BENCH_SCENARIO: scenario }, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.once('exit', (code) => {
      const line = out.trim().split('\n').at(-1) ?? '';
      if (code !== 0 || !line.startsWith('{')) reject(new Error(`${scenario} exited with ${code}: ${out}`));
      else resolve(JSON.parse(line) as { c1: Run; c16: Run });
    });
  });
}

async function orchestrate(): Promise<void> {
  const redis = await startRedis();
  const { proc: jd, url: jdUrl } = await startBenchService('jd-classifier-service', {
    REDIS_URL: redis.url,
    JD_STRUCTURE_PATH: join(REPO_ROOT, 'examples/jd.yaml'),
    OTEL_EXPORTER_OTLP_ENDPOINT: undefined,
  });
  const echoPort = await freePort();
  const echoUrl = `http://127.0.0.1:${echoPort}`;
  const echo = await spawnProcess(process.execPath, ['-e', ECHO_SERVER], { env: { PORT: String(echoPort) }, readyUrl: `${echoUrl}/ready` });
  try {
    const env = { BENCH_JD_URL: jdUrl, BENCH_REDIS_URL: redis.url, BENCH_ECHO_URL: echoUrl, BENCH_SINK_URL: echoUrl, BENCH_DURATION_S: String(DURATION_S) };
    const runs = {} as Record<Scenario, { c1: Run; c16: Run }>;
    for (const scenario of SCENARIOS) {
      runs[scenario] = await runWorker(scenario, env);
      process.stderr.write(`${scenario}: c=1 p50 ${runs[scenario].c1.p50Ms} ms, c=16 ${runs[scenario].c16.callsPerSecond} calls/s\n`);
    }
    const client = runs['client-uncached'];
    const rest = runs['undici-rest'];
    const echoRuns = runs['undici-echo'];
    const overheadMs = Math.round((client.c1.p50Ms - rest.c1.p50Ms) * 1000) / 1000;
    const ratio = (a: number, b: number): number => Math.round((a / b) * 100) / 100;
    const ratios = {
      'client / undici REST, p50 c=1': ratio(client.c1.p50Ms, rest.c1.p50Ms),
      'client / undici MCP, p50 c=1': ratio(client.c1.p50Ms, runs['undici-mcp'].c1.p50Ms),
      'client untraced / undici REST, p50 c=1': ratio(runs['client-untraced'].c1.p50Ms, rest.c1.p50Ms),
      'client / http echo, p50 c=1': ratio(client.c1.p50Ms, echoRuns.c1.p50Ms),
      'undici REST / http echo, p50 c=1': ratio(rest.c1.p50Ms, echoRuns.c1.p50Ms),
      'client / undici REST, calls/s c=16': ratio(client.c16.callsPerSecond, rest.c16.callsPerSecond),
      'cached client / http echo, p50 c=1': ratio(runs['client-cached'].c1.p50Ms, echoRuns.c1.p50Ms),
    };
    console.log('\nratios');
    for (const [name, value] of Object.entries(ratios)) console.log(`  ${name.padEnd(38)} ${value}`);

    const figuresOf = (label: string, scenario: Scenario, targets: { p50c1?: string; p99c1?: string } = {}): Figure[] => [
      { name: `${label} p50, c=1`, value: runs[scenario].c1.p50Ms, unit: 'ms', ...(targets.p50c1 !== undefined && { target: targets.p50c1 }) },
      { name: `${label} p99, c=1`, value: runs[scenario].c1.p99Ms, unit: 'ms', ...(targets.p99c1 !== undefined && { target: targets.p99c1 }) },
      { name: `${label} calls/s, c=1`, value: runs[scenario].c1.callsPerSecond, unit: 'calls/s' },
      { name: `${label} p50, c=16`, value: runs[scenario].c16.p50Ms, unit: 'ms' },
      { name: `${label} p99, c=16`, value: runs[scenario].c16.p99Ms, unit: 'ms' },
      { name: `${label} calls/s, c=16`, value: runs[scenario].c16.callsPerSecond, unit: 'calls/s' },
    ];
    const figures: Figure[] = [
      ...figuresOf('client find_category uncached', 'client-uncached', { p50c1: '<= 1.5', p99c1: '<= 5' }),
      ...figuresOf('client find_category uncached, tracing off', 'client-untraced'),
      ...figuresOf('client find_category cached', 'client-cached', { p50c1: '<= 0.3' }),
      ...figuresOf('bare undici POST /tools/find_category', 'undici-rest'),
      ...figuresOf('bare undici POST /mcp tools/call', 'undici-mcp'),
      ...figuresOf('bare undici POST, Node http echo', 'undici-echo'),
      { name: 'client stack overhead over bare undici REST, p50 c=1', value: overheadMs, unit: 'ms', target: '<= 0.5' },
    ];
    await report('mcp-client', figures, { durationSeconds: DURATION_S, arguments: ARGS, ratios, runs });
  } finally {
    await echo.stop();
    await jd.stop();
    await redis.stop();
  }
}

const scenario = process.env.BENCH_SCENARIO as Scenario | undefined;
if (scenario !== undefined) await runScenario(scenario);
else await orchestrate();
