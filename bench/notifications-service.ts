// notifications-service on loopback, one instance, the webhook channel to a
// local receiver: notify enqueue rate and latency (REST) at concurrency 1 and
// 32, and end-to-end delivery (enqueue → signed POST accepted by the
// receiver): throughput and latency, with a check that every notification
// arrived exactly once.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadavg } from 'node:os';
import { sleep, startRedis, waitFor } from '@emm/testing';
import { type Figure, load, type LoadResult, percentile, report, restToolRequest, startBenchService, warmUp } from './lib.ts';

const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 10);
const WORKER_CONCURRENCY = 32;

interface Delivery {
  id: string;
  /** createdAt (set at enqueue) → accepted by the receiver, ms */
  latencyMs: number;
  at: number;
}

/** The receiver: answers 200 at once and notes when each notification arrived. */
const deliveries: Delivery[] = [];
const receiver = createServer((req, res) => {
  let body = '';
  req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
  req.on('end', () => {
    const at = Date.now();
    const notification = JSON.parse(body) as { id: string; createdAt: string };
    deliveries.push({ id: notification.id, latencyMs: at - Date.parse(notification.createdAt), at });
    res.writeHead(200).end('ok');
  });
});
await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
const receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;

const redis = await startRedis();
const { proc: service, url: base } = await startBenchService('notifications-service', {
  REDIS_URL: redis.url,
  NOTIFY_CHANNELS: 'webhook',
  WEBHOOK_URL: receiverUrl,
  WEBHOOK_SIGNING_SECRET: 'bench-signing-secret-0123456789',
  NOTIFY_RATE_LIMIT_PER_MINUTE: '0',
  NOTIFY_WORKER_CONCURRENCY: String(WORKER_CONCURRENCY),
});

const notify = restToolRequest(base, 'notify', {
  title: 'Backup finished',
  message: 'Nightly backup of **vault** finished in 4m12s. See [the log](https://backup.example/runs/1).',
  severity: 'info',
  links: [{ text: 'Run', url: 'https://backup.example/runs/1' }],
});

interface Phase {
  enqueue: LoadResult;
  delivered: number;
  deliveryRate: number;
  e2eP50Ms: number;
  e2eP99Ms: number;
}

/** Load for DURATION_S, then wait until the backlog has drained; delivery rate counts from the first enqueue to the last delivery. */
async function phase(connections: number): Promise<Phase> {
  const first = deliveries.length;
  const startedAt = Date.now();
  const enqueue = await load({ ...notify, connections, durationSeconds: DURATION_S });
  if (enqueue.errors > 0 || enqueue.non2xx > 0) throw new Error(`notify had ${enqueue.errors} errors and ${enqueue.non2xx} non-2xx answers`);
  await waitFor(() => deliveries.length - first >= enqueue.requests, { timeoutMs: 300_000, intervalMs: 100, message: 'the backlog to drain' });
  const mine = deliveries.slice(first);
  const latencies = mine.map((d) => d.latencyMs).sort((a, b) => a - b);
  const lastAt = Math.max(...mine.map((d) => d.at));
  return {
    enqueue,
    delivered: mine.length,
    deliveryRate: Math.round(mine.length / ((lastAt - startedAt) / 1000)),
    e2eP50Ms: percentile(latencies, 0.5),
    e2eP99Ms: percentile(latencies, 0.99),
  };
}

// The service, Redis, the receiver and the load generator share the machine: its load says how comparable a run is.
const loadAverageAtStart = loadavg()[0];

try {
  await warmUp(notify);
  const c1 = await phase(1);
  const c32 = await phase(32);

  await sleep(1_000); // anything sent twice would show up by now
  const unique = new Set(deliveries.map((d) => d.id)).size;
  if (unique !== deliveries.length) throw new Error(`${deliveries.length - unique} notifications were delivered more than once`);

  const figures: Figure[] = [
    { name: 'notify enqueue throughput, c=1', value: c1.enqueue.rps, unit: 'req/s' },
    { name: 'notify enqueue p50, c=1', value: c1.enqueue.p50Ms, unit: 'ms', target: '<= 5' },
    { name: 'notify enqueue p99, c=1', value: c1.enqueue.p99Ms, unit: 'ms' },
    { name: 'notify enqueue throughput, c=32', value: c32.enqueue.rps, unit: 'req/s' },
    { name: 'notify enqueue p50, c=32', value: c32.enqueue.p50Ms, unit: 'ms' },
    { name: 'notify enqueue p99, c=32', value: c32.enqueue.p99Ms, unit: 'ms' },
    { name: 'end-to-end delivery latency p50, c=1', value: c1.e2eP50Ms, unit: 'ms', target: '<= 50' },
    { name: 'end-to-end delivery latency p99, c=1', value: c1.e2eP99Ms, unit: 'ms' },
    { name: `end-to-end delivery throughput, c=32, worker concurrency ${WORKER_CONCURRENCY}`, value: c32.deliveryRate, unit: 'notifications/s' },
    { name: 'end-to-end delivery latency p50, c=32', value: c32.e2eP50Ms, unit: 'ms' },
    { name: 'end-to-end delivery latency p99, c=32', value: c32.e2eP99Ms, unit: 'ms' },
    { name: 'notifications delivered more than once', value: deliveries.length - unique, unit: '', target: '<= 0' },
  ];
  await report('notifications-service', figures, {
    durationSeconds: DURATION_S,
    channel: 'webhook (HMAC-signed POST to a local receiver)',
    workerConcurrency: WORKER_CONCURRENCY,
    loadAverageAtStart,
    runs: { c1, c32 },
  });
} finally {
  await service.stop();
  await redis.stop();
  receiver.closeAllConnections();
  await new Promise((resolve) => receiver.close(resolve));
}
