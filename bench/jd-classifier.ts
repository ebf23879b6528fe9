// jd-classifier-service on loopback, one instance: get_structure over REST and
// MCP at concurrency 1 and 16, process start to ready, idle RSS.
import { join } from 'node:path';
import { sleep, startRedis } from '@emm/testing';
import { assertRunsSucceeded, type Figure, load, mcpToolRequest, REPO_ROOT, report, restToolRequest, rssMb, startBenchService, warmUp } from './lib.ts';

const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 10);

const redis = await startRedis();
const { proc: service, url: base, readyMs } = await startBenchService('jd-classifier-service', { REDIS_URL: redis.url, JD_STRUCTURE_PATH: join(REPO_ROOT, 'examples/jd.yaml') });

try {
  await sleep(2_000);
  const idleRss = await rssMb(service.pid);

  const rest = restToolRequest(base, 'get_structure', {});
  const mcp = mcpToolRequest(base, 'get_structure', {});
  await warmUp(rest);
  await warmUp(mcp);
  const restC1 = await load({ ...rest, connections: 1, durationSeconds: DURATION_S });
  const restC16 = await load({ ...rest, connections: 16, durationSeconds: DURATION_S });
  const mcpC1 = await load({ ...mcp, connections: 1, durationSeconds: DURATION_S });
  const mcpC16 = await load({ ...mcp, connections: 16, durationSeconds: DURATION_S });
  assertRunsSucceeded([restC1, restC16, mcpC1, mcpC16]);

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
