// jd-classifier-service on loopback, one instance: get_structure over REST and
// MCP at concurrency 1 and 16, process start to ready, idle RSS.
import { join } from 'node:path';
import { freePort, spawnProcess, startRedis } from '@emm/testing';
import { type Figure, load, REPO_ROOT, report, rssMb, warmUp } from './lib.ts';

const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 10);
const appDir = join(REPO_ROOT, 'apps/jd-classifier-service');

const redis = await startRedis();
const port = await freePort();
const base = `http://127.0.0.1:${port}`;
const startedAt = performance.now();
const service = await spawnProcess(process.execPath, ['dist/main.js'], {
  cwd: appDir,
  env: { PORT: String(port), HOST: '127.0.0.1', REDIS_URL: redis.url, JD_STRUCTURE_PATH: join(REPO_ROOT, 'examples/jd.yaml'), LOG_LEVEL: 'warn', NODE_ENV: 'production' },
  readyUrl: `${base}/health/ready`,
});
const readyMs = Math.round(performance.now() - startedAt);

try {
  await new Promise((resolve) => setTimeout(resolve, 2_000));
  const idleRss = await rssMb(service.pid);

  const rest = { url: `${base}/tools/get_structure`, method: 'POST' as const, headers: { 'content-type': 'application/json' }, body: '{}' };
  const mcp = {
    url: `${base}/mcp`,
    method: 'POST' as const,
    headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', 'mcp-protocol-version': '2025-11-25' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'get_structure', arguments: {} } }),
  };
  await warmUp(rest);
  await warmUp(mcp);
  const restC1 = await load({ ...rest, connections: 1, durationSeconds: DURATION_S });
  const restC16 = await load({ ...rest, connections: 16, durationSeconds: DURATION_S });
  const mcpC1 = await load({ ...mcp, connections: 1, durationSeconds: DURATION_S });
  const mcpC16 = await load({ ...mcp, connections: 16, durationSeconds: DURATION_S });
  for (const run of [restC1, restC16, mcpC1, mcpC16]) {
    if (run.errors > 0 || run.non2xx > 0) throw new Error(`load run had ${run.errors} errors and ${run.non2xx} non-2xx answers`);
  }

  const figures: Figure[] = [
    { name: 'get_structure REST p50, c=1', value: restC1.p50Ms, unit: 'ms', target: '<= 1' },
    { name: 'get_structure REST p99, c=1', value: restC1.p99Ms, unit: 'ms' },
    { name: 'get_structure REST throughput, c=1', value: restC1.rps, unit: 'req/s' },
    { name: 'get_structure REST p50, c=16', value: restC16.p50Ms, unit: 'ms' },
    { name: 'get_structure REST p99, c=16', value: restC16.p99Ms, unit: 'ms' },
    { name: 'get_structure REST throughput, c=16', value: restC16.rps, unit: 'req/s', target: '>= 3000' },
    { name: 'get_structure MCP p50, c=1', value: mcpC1.p50Ms, unit: 'ms', target: '<= 2' },
    { name: 'get_structure MCP p99, c=1', value: mcpC1.p99Ms, unit: 'ms' },
    { name: 'get_structure MCP throughput, c=1', value: mcpC1.rps, unit: 'req/s' },
    { name: 'get_structure MCP p50, c=16', value: mcpC16.p50Ms, unit: 'ms' },
    { name: 'get_structure MCP p99, c=16', value: mcpC16.p99Ms, unit: 'ms' },
    { name: 'get_structure MCP throughput, c=16', value: mcpC16.rps, unit: 'req/s' },
    { name: 'process start to ready', value: readyMs, unit: 'ms', target: '<= 2000' },
    { name: 'idle RSS', value: idleRss, unit: 'MB', target: '<= 150' },
  ];
  await report('jd-classifier', figures, { durationSeconds: DURATION_S, runs: { restC1, restC16, mcpC1, mcpC16 } });
} finally {
  await service.stop();
  await redis.stop();
}
