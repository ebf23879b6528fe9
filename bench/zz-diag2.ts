import { freePort, spawnProcess, startRedis } from '@emm/testing';
import { join } from 'node:path';
const REPO_ROOT = '/work/main';
const tracing = process.argv[2] === 'tracing';
let telemetry: { shutdown(): Promise<void> } | undefined;
const sinkPort = await freePort();
const sink = await spawnProcess(process.execPath, ['-e', `require('http').createServer((q,s)=>{q.resume();q.on('end',()=>s.end('{}'))}).listen(${sinkPort},'127.0.0.1')`], { readyUrl: `http://127.0.0.1:${sinkPort}/` });
if (tracing) {
  const { startTelemetry } = await import('@emm/telemetry');
  telemetry = startTelemetry({ serviceName: 'diag', env: { ...process.env, OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${sinkPort}` } });
}
const redis = await startRedis();
const jdPort = await freePort();
const jdUrl = `http://127.0.0.1:${jdPort}`;
const jd = await spawnProcess(process.execPath, ['dist/main.js'], {
  cwd: join(REPO_ROOT, 'apps/jd-classifier-service'),
  env: { PORT: String(jdPort), HOST: '127.0.0.1', REDIS_URL: redis.url, JD_STRUCTURE_PATH: join(REPO_ROOT, 'examples/jd.yaml'), LOG_LEVEL: 'warn', NODE_ENV: 'production', OTEL_EXPORTER_OTLP_ENDPOINT: undefined },
  readyUrl: `${jdUrl}/health/ready`,
});
const { McpClient } = await import('@emm/mcp');
const { jdClassifier } = await import('@emm/contracts');
const client = new McpClient({ service: 'jd-classifier', caller: 'bench', url: `${jdUrl}/mcp`, logger: { log() {}, warn() {}, error() {} } });
const { Agent, fetch, request } = await import('undici');
const agent = new Agent();
const body = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'find_category', arguments: { query: 'bank statement' } } });
const headers = { 'content-type': 'application/json', accept: 'application/json, text/event-stream', 'mcp-protocol-version': '2025-11-25' };
async function cpu(label: string, n: number, conc: number, fn: () => Promise<unknown>) {
  for (let i = 0; i < 300; i++) await fn();
  const c0 = process.cpuUsage(); const t0 = performance.now();
  let left = n;
  await Promise.all(Array.from({ length: conc }, async () => { while (left-- > 0) await fn(); }));
  const c = process.cpuUsage(c0); const wall = performance.now() - t0;
  console.log(label.padEnd(22), 'c', conc, 'cpu/call µs', ((c.user + c.system) / n).toFixed(0), 'wall/call ms', (wall / n * conc).toFixed(3));
}
for (const conc of [1, 16]) {
  await cpu('client', 2000, conc, () => client.call(jdClassifier.findCategory, { query: 'bank statement' }));
  await cpu('undici fetch', 2000, conc, async () => (await fetch(`${jdUrl}/mcp`, { method: 'POST', body, headers, dispatcher: agent })).json());
  await cpu('undici request', 2000, conc, async () => (await request(`${jdUrl}/mcp`, { method: 'POST', body, headers, dispatcher: agent })).body.json());
}
await client.close(); await jd.stop(); await redis.stop(); await sink.stop(); await telemetry?.shutdown();
