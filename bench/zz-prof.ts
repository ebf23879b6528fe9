import { freePort, spawnProcess, startRedis } from '@emm/testing';
import { join } from 'node:path';
const REPO_ROOT = '/work/main';
const sinkPort = await freePort();
const sink = await spawnProcess(process.execPath, ['-e', `require('http').createServer((q,s)=>{q.resume();q.on('end',()=>s.end('{}'))}).listen(${sinkPort},'127.0.0.1')`], { readyUrl: `http://127.0.0.1:${sinkPort}/` });
if (process.argv[2] === 'tracing') { const { startTelemetry } = await import('@emm/telemetry'); startTelemetry({ serviceName: 'diag', env: { ...process.env, OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${sinkPort}` } }); }
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
for (let i = 0; i < 500; i++) await client.call(jdClassifier.findCategory, { query: 'bank statement' });
const { Session } = await import('node:inspector/promises');
const session = new Session(); session.connect();
await session.post('Profiler.enable'); await session.post('Profiler.setSamplingInterval', { interval: 50 }); await session.post('Profiler.start');
for (let i = 0; i < 3000; i++) await client.call(jdClassifier.findCategory, { query: 'bank statement' });
const { profile } = await session.post('Profiler.stop');
// self time by function+url
const self = new Map<string, number>(); const total = profile.samples.length;
const byId = new Map(profile.nodes.map((n: any) => [n.id, n]));
const counts = new Map<number, number>(); for (const s of profile.samples) counts.set(s, (counts.get(s) ?? 0) + 1);
for (const [id, c] of counts) { const n: any = byId.get(id); const url = String(n.callFrame.url).replace(/.*node_modules\/\.pnpm\/([^/]+)\/.*/, '$1').replace(/.*\/work\/main\//, ''); const key = `${n.callFrame.functionName || '(anon)'} ${url}`; self.set(key, (self.get(key) ?? 0) + c); }
for (const k of [...self.keys()]) if (k.startsWith('(idle)') || k.startsWith('(program)')) self.delete(k);
const busy = [...self.values()].reduce((a, b) => a + b, 0);
console.log('busy samples %', (busy / total * 100).toFixed(1));
const byPkg = new Map<string, number>(); for (const [k, v] of self) { const pkg = k.split(' ')[1] || '(native)'; byPkg.set(pkg, (byPkg.get(pkg) ?? 0) + v); }
console.log('by package (self %):'); for (const [k, v] of [...byPkg].sort((a, b) => b[1] - a[1]).slice(0, 15)) console.log((v / busy * 100).toFixed(1).padStart(6), k);
console.log('top functions:'); for (const [k, v] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 45)) console.log((v / busy * 100).toFixed(1).padStart(6), k);
await client.close(); await jd.stop(); await redis.stop(); await sink.stop(); process.exit(0);
