// web-scraper-service on loopback, one instance: fetch_page over REST against a
// local server with 50 KB article pages — fresh fetches (bypassCache: every call
// fetches, extracts and stores) and cached answers — plus MCP, start to ready, RSS.
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sleep, startRedis } from '@emm/testing';
import { assertRunsSucceeded, type Figure, load, mcpToolRequest, report, restToolRequest, rssMb, startBenchService, warmUp } from './lib.ts';

const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 10);
const PAGE_BYTES = 50 * 1024;

/** A news-article-shaped page of about 50 KB: navigation, ads and footer around a long article. */
function articlePage(): Buffer {
  const nav = `<header><nav>${Array.from({ length: 40 }, (_, i) => `<a href="/section/${i}">Section ${i}</a>`).join(' ')}</nav></header>`;
  const aside = `<aside class="sidebar"><h2>Most read</h2><ol>${Array.from({ length: 10 }, (_, i) => `<li><a href="/story/${i}">Story number ${i} that everyone is reading</a></li>`).join('')}</ol><div class="ad-slot">Advertisement</div></aside>`;
  const footer = `<footer class="site-footer">${Array.from({ length: 20 }, (_, i) => `<a href="/about/${i}">Footer link ${i}</a>`).join(' ')}<p>© 2024 Bench Gazette</p></footer>`;
  let body = '';
  for (let i = 0; Buffer.byteLength(body) < PAGE_BYTES - 6_000; i++) {
    if (i % 6 === 0) body += `<h2>Part ${i / 6 + 1} of the story</h2>`;
    body += `<p>Paragraph ${i}: the council met again on Tuesday to discuss the budget, and after a long debate, members agreed to publish the full report, with <a href="/docs/${i}">supporting documents</a>, so that residents can read it before the consultation closes next month.</p>`;
  }
  const head = `<head><meta charset="utf-8"><title>Council publishes budget report | Bench Gazette</title><meta property="og:site_name" content="Bench Gazette"><meta name="author" content="Bench Reporter"><meta property="article:published_time" content="2024-05-01T10:00:00Z"></head>`;
  return Buffer.from(`<!doctype html><html lang="en">${head}<body>${nav}<main><article><h1>Council publishes budget report</h1>${body}</article>${aside}</main>${footer}</body></html>`);
}

/** CPU seconds (user + system, all threads) a process has used so far, from /proc. */
async function cpuSeconds(pid: number): Promise<number> {
  const fields = (await readFile(`/proc/${pid}/stat`, 'utf8')).split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** A load run plus the service's CPU time per request: unlike throughput, that does not depend on what else the machine runs. */
async function measured(options: Parameters<typeof load>[0], pid: number) {
  const cpuBefore = await cpuSeconds(pid);
  const run = await load(options);
  const cpuMsPerRequest = Math.round((((await cpuSeconds(pid)) - cpuBefore) * 1000 * 100) / Math.max(1, run.requests)) / 100;
  return { ...run, cpuMsPerRequest };
}

const page = articlePage();
const pageServer = createServer((req, res) => {
  if (req.url === '/robots.txt') return void res.writeHead(200, { 'content-type': 'text/plain' }).end('User-agent: *\nAllow: /\n');
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-length': page.length }).end(page);
});
await new Promise<void>((resolve) => pageServer.listen(0, '127.0.0.1', resolve));
const pagePort = (pageServer.address() as AddressInfo).port;

const redis = await startRedis();
const { proc: service, url: base, readyMs } = await startBenchService('web-scraper-service', {
  REDIS_URL: redis.url,
  SCRAPER_ALLOW_HOSTS: `127.0.0.1:${pagePort}`,
  // One local host stands in for the many hosts of real traffic: lift the per-host politeness limits.
  SCRAPER_PER_HOST_CONCURRENCY: '64',
  SCRAPER_PER_HOST_DELAY_MS: '0',
});

try {
  await sleep(2_000);
  const idleRss = await rssMb(service.pid);
  const pageUrl = `http://127.0.0.1:${pagePort}/news/council-budget`;
  const rest = (bypassCache: boolean) => restToolRequest(base, 'fetch_page', { url: pageUrl, bypassCache });
  const mcp = mcpToolRequest(base, 'fetch_page', { url: pageUrl, bypassCache: true });

  // One call to check the page is really extracted (and to fill the cache).
  const sample = (await (await fetch(rest(true).url, { method: 'POST', headers: rest(true).headers, body: rest(true).body })).json()) as { result?: { title: string; wordCount: number; bytes: number } };
  if (sample.result?.title !== 'Council publishes budget report') throw new Error(`unexpected fetch_page answer: ${JSON.stringify(sample).slice(0, 300)}`);

  await warmUp(rest(true));
  const freshC1 = await measured({ ...rest(true), connections: 1, durationSeconds: DURATION_S }, service.pid);
  const freshC16 = await measured({ ...rest(true), connections: 16, durationSeconds: DURATION_S }, service.pid);
  const mcpC16 = await measured({ ...mcp, connections: 16, durationSeconds: DURATION_S }, service.pid);
  const cachedC16 = await measured({ ...rest(false), connections: 16, durationSeconds: DURATION_S }, service.pid);
  const loadAverage = (await readFile('/proc/loadavg', 'utf8')).split(' ').slice(0, 3).map(Number);
  const loadedRss = await rssMb(service.pid);
  assertRunsSucceeded([freshC1, freshC16, mcpC16, cachedC16]);

  const figures: Figure[] = [
    { name: 'fetch_page fresh (fetch + extract, 50 KB page) throughput, c=16', value: freshC16.rps, unit: 'pages/s', target: '>= 200' },
    { name: 'service CPU per fresh fetch_page, c=16', value: freshC16.cpuMsPerRequest, unit: 'ms' },
    { name: 'fresh fetch_page capacity per CPU core (1000 / CPU ms)', value: Math.round(1000 / freshC16.cpuMsPerRequest), unit: 'pages/s' },
    { name: 'fetch_page fresh p50, c=16', value: freshC16.p50Ms, unit: 'ms' },
    { name: 'fetch_page fresh p99, c=16', value: freshC16.p99Ms, unit: 'ms' },
    { name: 'fetch_page fresh throughput, c=1', value: freshC1.rps, unit: 'pages/s' },
    { name: 'fetch_page fresh p50, c=1', value: freshC1.p50Ms, unit: 'ms' },
    { name: 'fetch_page fresh over MCP throughput, c=16', value: mcpC16.rps, unit: 'pages/s' },
    { name: 'fetch_page cached throughput, c=16', value: cachedC16.rps, unit: 'pages/s' },
    { name: 'fetch_page cached p50, c=16', value: cachedC16.p50Ms, unit: 'ms' },
    { name: 'service CPU per cached fetch_page, c=16', value: cachedC16.cpuMsPerRequest, unit: 'ms' },
    { name: 'process start to ready', value: readyMs, unit: 'ms' },
    { name: 'idle RSS', value: idleRss, unit: 'MB' },
    { name: 'RSS after load', value: loadedRss, unit: 'MB' },
  ];
  await report('web-scraper-service', figures, {
    durationSeconds: DURATION_S,
    pageBytes: page.length,
    extractedWords: sample.result.wordCount,
    // Throughput depends on what else shares the machine's cores; CPU per request does not.
    loadAverageAfterRuns: loadAverage,
    runs: { freshC1, freshC16, mcpC16, cachedC16 },
  });
} finally {
  await service.stop();
  await redis.stop();
  pageServer.close();
}
