import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { freePort, startRedis, type RedisServer } from '@emm/testing';
import Redis from 'ioredis';
import PDFDocument from 'pdfkit';
import { html, PageServer, PROSE } from './page-server';
import { connectMcp, fetchPage, type RunningApp, startApp, testConfig } from './support';

interface Page {
  url: string;
  finalUrl: string;
  status: number;
  kind: string;
  contentType?: string;
  title?: string;
  description?: string;
  author?: string;
  language?: string;
  markdown: string;
  text: string;
  wordCount: number;
  contentHash?: string;
  bytes: number;
  redirects: string[];
  cached: boolean;
  fetchedAt: string;
}

function makePdf(): Promise<Buffer> {
  return new Promise((resolve) => {
    const doc = new PDFDocument({ info: { Title: 'Quarterly report Q3', Author: 'Ada Lovelace', CreationDate: new Date('2024-10-01T09:00:00Z') } });
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.text('Revenue grew by twelve percent in the third quarter, driven by subscriptions in Europe.');
    doc.addPage().text('Costs stayed flat while the team expanded to three new markets.');
    doc.end();
  });
}

function metric(text: string, name: string, labels: Record<string, string>): number {
  const line = text
    .split('\n')
    .find((l) => l.startsWith(`${name}{`) && Object.entries(labels).every(([key, value]) => l.includes(`${key}="${value}"`)));
  return Number(line?.split(' ').pop() ?? 0);
}

describe('fetch_page over REST and MCP (local pages, real Redis)', () => {
  let redis: RedisServer;
  let pages: PageServer;
  let running: RunningApp;
  let mcp: Client;
  let pdf: Buffer;

  beforeAll(async () => {
    redis = await startRedis();
    pages = await new PageServer().start();
    pdf = await makePdf();
    pages
      .route('/article', (_req, res) =>
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html('Library reopens after renovation', [PROSE, 'Readers can borrow up to twenty books at a time, twice as many as before.'])),
      )
      .route('/gzipped', (_req, res) =>
        res.writeHead(200, { 'content-type': 'text/html', 'content-encoding': 'gzip' }).end(gzipSync(html('Compressed page', [PROSE]))),
      )
      .route('/notes.txt', (_req, res) => res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' }).end('Shopping list\n\n* eggs\n* flour — 1 kg\n'))
      .route('/report.pdf', (_req, res) => res.writeHead(200, { 'content-type': 'application/pdf', 'content-length': pdf.length }).end(pdf))
      .route('/photo.png', (_req, res) => res.writeHead(200, { 'content-type': 'image/png', 'content-length': 123456 }).end(Buffer.alloc(123456)))
      .route('/moved', (_req, res) => res.writeHead(301, { location: '/article?from=moved' }).end())
      .route('/missing', (_req, res) => res.writeHead(404, { 'content-type': 'text/html' }).end(html('Page not found', ['The page you were looking for has moved or never existed, sorry about that.'])))
      .route('/counted', (_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end(html('Counted page', [PROSE])))
      .route('/broken', (_req, res) => res.writeHead(503, { 'content-type': 'text/plain' }).end('down for maintenance'));
    running = await startApp(testConfig({ REDIS_URL: redis.url, SCRAPER_ALLOW_HOSTS: `127.0.0.1:${pages.port}`, SCRAPER_CACHE_TTL_SECONDS: '600' }));
    mcp = await connectMcp(running.baseUrl);
  });

  afterAll(async () => {
    await mcp?.close();
    await running?.app.close();
    await pages?.stop();
    await redis?.stop();
  });

  it('lists fetch_page with its schemas and cache policy on both transports', async () => {
    const listed = (await (await fetch(`${running.baseUrl}/tools`)).json()) as { tools: Array<{ name: string; cache: unknown; idempotent: boolean }> };
    expect(listed.tools.map((t) => t.name)).toEqual(['fetch_page']);
    expect(listed.tools[0]).toMatchObject({ cache: { ttlSeconds: 600 }, idempotent: true });
    const { tools } = await mcp.listTools();
    expect(tools.map((t) => t.name)).toEqual(['fetch_page']);
    expect(tools[0].inputSchema.properties).toHaveProperty('url');
    expect(tools[0].outputSchema?.properties).toHaveProperty('markdown');
    expect(tools[0].annotations).toMatchObject({ readOnlyHint: true, idempotentHint: true });
  });

  it('returns an HTML page as metadata, Markdown and text, and names the product in its User-Agent', async () => {
    const reply = await fetchPage<Page>(running.baseUrl, { url: pages.url('/article') });
    expect(reply.status).toBe(200);
    const page = reply.result as Page;
    expect(page).toMatchObject({ finalUrl: pages.url('/article'), status: 200, kind: 'html', title: 'Library reopens after renovation', language: 'en', cached: false });
    expect(page.markdown).toContain('Readers can borrow up to twenty books at a time');
    expect(page.markdown).not.toContain('# Library reopens');
    expect(page.text).toContain('The committee met on Tuesday');
    expect(page.wordCount).toBe(page.text.split(/\s+/).filter(Boolean).length);
    expect(page.contentHash).toBe(createHash('sha256').update(page.text).digest('hex'));
    expect(page.description).toContain('The committee met on Tuesday');
    expect(pages.requestsTo('/article')[0].headers['user-agent']).toMatch(/^EMM-WebScraper\/\S+ /);
    expect(pages.requestsTo('/robots.txt').length).toBeGreaterThanOrEqual(1);
  });

  it('serves the same tool over MCP with structured content', async () => {
    const result = await mcp.callTool({ name: 'fetch_page', arguments: { url: pages.url('/gzipped') } });
    expect(result.isError).toBeFalsy();
    const page = result.structuredContent as Page;
    expect(page).toMatchObject({ title: 'Compressed page', kind: 'html', status: 200 });
    expect(page.text).toContain('The committee met on Tuesday');
  });

  it('follows redirects and reports every hop', async () => {
    const page = (await fetchPage<Page>(running.baseUrl, { url: pages.url('/moved') })).result as Page;
    expect(page.finalUrl).toBe(pages.url('/article?from=moved'));
    expect(page.redirects).toEqual([pages.url('/article?from=moved')]);
    expect(page.title).toBe('Library reopens after renovation');
  });

  it('takes plain text as it is, reads PDFs for their text, and reports other types by their headers alone', async () => {
    const text = (await fetchPage<Page>(running.baseUrl, { url: pages.url('/notes.txt') })).result as Page;
    expect(text).toMatchObject({ kind: 'text', markdown: 'Shopping list\n\n* eggs\n* flour — 1 kg\n', text: 'Shopping list\n\n* eggs\n* flour — 1 kg\n', wordCount: 6 });

    const report = (await fetchPage<Page>(running.baseUrl, { url: pages.url('/report.pdf') })).result as Page;
    expect(report).toMatchObject({ kind: 'pdf', title: 'Quarterly report Q3', author: 'Ada Lovelace', publishedAt: '2024-10-01T09:00:00.000Z', language: 'en', bytes: pdf.length });
    expect(report.text).toContain('Revenue grew by twelve percent in the third quarter');
    expect(report.text).toContain('Costs stayed flat');

    const photo = (await fetchPage<Page>(running.baseUrl, { url: pages.url('/photo.png') })).result as Page;
    expect(photo).toMatchObject({ kind: 'other', contentType: 'image/png', bytes: 123456, markdown: '', text: '', wordCount: 0 });
    expect(photo.contentHash).toBeUndefined();
  });

  it('reports HTTP errors as results with their status', async () => {
    const missing = (await fetchPage<Page>(running.baseUrl, { url: pages.url('/missing') })).result as Page;
    expect(missing).toMatchObject({ status: 404, title: 'Page not found' });
    const broken = (await fetchPage<Page>(running.baseUrl, { url: pages.url('/broken') })).result as Page;
    expect(broken).toMatchObject({ status: 503, kind: 'text', text: 'down for maintenance' });
  });

  it('caches results by normalised URL in the cache Redis, and bypassCache fetches again', async () => {
    const first = (await fetchPage<Page>(running.baseUrl, { url: pages.url('/counted?b=2&a=1') })).result as Page;
    expect(first.cached).toBe(false);
    // Same page, other spelling: parameter order, a fragment and a tracking parameter do not matter.
    const second = (await fetchPage<Page>(running.baseUrl, { url: `http://127.0.0.1:${pages.port}/counted?a=1&utm_source=mail&b=2#top` })).result as Page;
    expect(second).toMatchObject({ cached: true, title: 'Counted page', fetchedAt: first.fetchedAt });
    expect(pages.requestsTo('/counted')).toHaveLength(1);

    const client = new Redis(redis.url);
    try {
      const key = `emm:web-scraper-service:page:${createHash('sha256').update(pages.url('/counted?a=1&b=2')).digest('hex')}`;
      expect(JSON.parse((await client.get(key)) ?? '{}')).toMatchObject({ title: 'Counted page' });
      const ttl = await client.ttl(key);
      expect(ttl).toBeGreaterThan(590);
      expect(ttl).toBeLessThanOrEqual(600);
    } finally {
      client.disconnect();
    }

    const fresh = (await fetchPage<Page>(running.baseUrl, { url: pages.url('/counted?a=1&b=2'), bypassCache: true })).result as Page;
    expect(fresh.cached).toBe(false);
    expect(pages.requestsTo('/counted')).toHaveLength(2);

    await fetchPage(running.baseUrl, { url: pages.url('/broken') });
    await fetchPage(running.baseUrl, { url: pages.url('/broken') });
    expect(pages.requestsTo('/broken').length).toBeGreaterThanOrEqual(3); // 5xx answers are never cached
  });

  it('counts fetches by status class and bytes in /metrics', async () => {
    const before = await (await fetch(`${running.baseUrl}/metrics`)).text();
    await fetchPage(running.baseUrl, { url: pages.url('/moved'), bypassCache: true });
    await fetchPage(running.baseUrl, { url: pages.url('/missing'), bypassCache: true });
    const after = await (await fetch(`${running.baseUrl}/metrics`)).text();
    const delta = (labels: Record<string, string>, name = 'scraper_fetches_total') => metric(after, name, labels) - metric(before, name, labels);
    expect(delta({ purpose: 'page', status_class: '3xx' })).toBe(1);
    expect(delta({ purpose: 'page', status_class: '2xx' })).toBe(1);
    expect(delta({ purpose: 'page', status_class: '4xx' })).toBe(1);
    const articleBytes = Buffer.byteLength(html('Library reopens after renovation', [PROSE, 'Readers can borrow up to twenty books at a time, twice as many as before.']));
    expect(delta({ purpose: 'page' }, 'scraper_fetched_bytes_total')).toBeGreaterThanOrEqual(articleBytes);
    expect(after).toMatch(/scraper_cache_requests_total\{result="hit"/);
    expect(after).toMatch(/mcp_requests_total\{[^}]*tool="fetch_page"[^}]*status="ok"/);
  });
});

describe('fetch_page while the cache Redis is down', () => {
  let redis: RedisServer;
  let cacheRedis: RedisServer;
  let pages: PageServer;
  let running: RunningApp;

  beforeAll(async () => {
    redis = await startRedis();
    cacheRedis = await startRedis({ maxmemoryPolicy: 'allkeys-lru', appendOnly: false });
    pages = await new PageServer().start();
    pages.route('/news', (_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end(html('Harbour news', [PROSE])));
    running = await startApp(testConfig({ REDIS_URL: redis.url, CACHE_REDIS_URL: cacheRedis.url, SCRAPER_ALLOW_HOSTS: `127.0.0.1:${pages.port}` }));
  });

  afterAll(async () => {
    await running?.app.close();
    await pages?.stop();
    await cacheRedis?.stop();
    await redis?.stop();
  });

  it('still fetches, without the cache, and says so in /metrics', async () => {
    const cached = await fetchPage<Page>(running.baseUrl, { url: pages.url('/news') });
    expect(cached.result?.cached).toBe(false);
    expect((await fetchPage<Page>(running.baseUrl, { url: pages.url('/news') })).result?.cached).toBe(true);

    await cacheRedis.kill();
    const started = Date.now();
    const reply = await fetchPage<Page>(running.baseUrl, { url: pages.url('/news') });
    expect(reply.status).toBe(200);
    expect(reply.result).toMatchObject({ title: 'Harbour news', cached: false });
    expect(Date.now() - started).toBeLessThan(1_500);
    expect(pages.requestsTo('/news')).toHaveLength(2);
    const metrics = await (await fetch(`${running.baseUrl}/metrics`)).text();
    expect(metric(metrics, 'scraper_cache_requests_total', { result: 'error' })).toBeGreaterThanOrEqual(1);
  });

  it('starts, stays ready and serves when no Redis was ever there', async () => {
    const nowhere = `redis://127.0.0.1:${await freePort()}`;
    const other = await startApp(testConfig({ REDIS_URL: nowhere, CACHE_REDIS_URL: nowhere, SCRAPER_ALLOW_HOSTS: `127.0.0.1:${pages.port}` }));
    try {
      expect((await fetch(`${other.baseUrl}/health/ready`)).status).toBe(200);
      const reply = await fetchPage<Page>(other.baseUrl, { url: pages.url('/news') });
      expect(reply.result).toMatchObject({ title: 'Harbour news', cached: false });
    } finally {
      await other.app.close();
    }
  });
});
