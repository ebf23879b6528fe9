import { gzipSync } from 'node:zlib';
import { startRedis, type RedisServer } from '@emm/testing';
import { html, PageServer, PROSE } from './page-server';
import { fetchPage, type RunningApp, startApp, testConfig } from './support';

const MAX_BYTES = 64 * 1024;
const HEADER_TIMEOUT_MS = 300;
const BODY_TIMEOUT_MS = 400;

describe('fetch_page limits: size, time, redirects and credentials', () => {
  let redis: RedisServer;
  let pages: PageServer;
  let otherOrigin: PageServer;
  let running: RunningApp;

  // 50 MiB of spaces in about 50 KiB of gzip, made once: compressing inside the handler would stall the event loop the app shares.
  const zipBomb = gzipSync(Buffer.alloc(50 * 1024 * 1024, ' '));

  beforeAll(async () => {
    redis = await startRedis();
    pages = await new PageServer().start();
    otherOrigin = await new PageServer().start();
    pages
      .route('/huge-declared', (_req, res) => res.writeHead(200, { 'content-type': 'text/html', 'content-length': 10 * MAX_BYTES }).end())
      .route('/huge-chunked', (_req, res) => {
        res.writeHead(200, { 'content-type': 'text/html' });
        const chunk = Buffer.alloc(16 * 1024, 'a');
        let sent = 0;
        const pump = () => {
          // Keeps sending until the client hangs up; a scraper without a cap would read forever.
          while (sent < 1000 && res.write(chunk)) sent++;
          if (sent < 1000 && !res.destroyed) res.once('drain', pump);
          else res.end();
        };
        pump();
      })
      .route('/zip-bomb', (_req, res) => res.writeHead(200, { 'content-type': 'text/html', 'content-encoding': 'gzip' }).end(zipBomb))
      .route('/bad-gzip', (_req, res) => res.writeHead(200, { 'content-type': 'text/html', 'content-encoding': 'gzip' }).end(Buffer.from('this is not gzip at all')))
      .route('/never-answers', () => undefined)
      .route('/drip', (_req, res) => {
        res.writeHead(200, { 'content-type': 'text/html' });
        res.write('<html><body><p>');
        const timer = setInterval(() => (res.destroyed ? clearInterval(timer) : res.write('.')), 50);
        res.on('close', () => clearInterval(timer));
      })
      .route('/loop', (_req, res) => res.writeHead(302, { location: '/loop' }).end())
      .route('/to-other-origin', (_req, res) => res.writeHead(302, { location: otherOrigin.url('/whoami') }).end())
      .route('/same-origin-hop', (_req, res) => res.writeHead(302, { location: '/whoami' }).end())
      .route('/whoami', (req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end(html(`Hello ${req.headers.authorization ? 'authorised' : 'stranger'}`, [PROSE])));
    otherOrigin.route('/whoami', (req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end(html(`Hello ${req.headers.authorization ? 'authorised' : 'stranger'}`, [PROSE])));
    const config = testConfig({
      REDIS_URL: redis.url,
      SCRAPER_ALLOW_HOSTS: `127.0.0.1:${pages.port},127.0.0.1:${otherOrigin.port}`,
      SCRAPER_MAX_BYTES: String(MAX_BYTES),
      SCRAPER_HEADER_TIMEOUT_MS: String(HEADER_TIMEOUT_MS),
      SCRAPER_BODY_TIMEOUT_MS: String(BODY_TIMEOUT_MS),
      SCRAPER_MAX_REDIRECTS: '3',
      SCRAPER_CACHE_TTL_SECONDS: '0',
    });
    running = await startApp(config);
  });

  afterAll(async () => {
    await running?.app.close();
    await pages?.stop();
    await otherOrigin?.stop();
    await redis?.stop();
  });

  async function timed(path: string) {
    const started = Date.now();
    const reply = await fetchPage(running.baseUrl, { url: pages.url(path) });
    return { ...reply, ms: Date.now() - started };
  }

  it('refuses a body larger than SCRAPER_MAX_BYTES, declared or not, and a decompression bomb', async () => {
    const declared = await timed('/huge-declared');
    expect(declared.status).toBe(412);
    expect(declared.error?.message).toBe(`url: the response is ${10 * MAX_BYTES} bytes, more than the ${MAX_BYTES}-byte limit (SCRAPER_MAX_BYTES)`);

    const chunked = await timed('/huge-chunked');
    expect(chunked.status).toBe(412);
    expect(chunked.error?.message).toBe(`url: the response body is larger than the ${MAX_BYTES}-byte limit (SCRAPER_MAX_BYTES)`);
    expect(chunked.ms).toBeLessThan(2_000);

    const bomb = await timed('/zip-bomb');
    expect(bomb.status).toBe(412);
    expect(bomb.error?.message).toContain(`larger than the ${MAX_BYTES}-byte limit`);
  });

  it('says so when a body cannot be decompressed', async () => {
    const reply = await timed('/bad-gzip');
    expect(reply.status).toBe(412);
    expect(reply.error?.message).toBe(`url: the body from 127.0.0.1:${pages.port} could not be decompressed (gzip: Z_DATA_ERROR)`);
  });

  it('gives up on a server that never sends headers, with a clear error in bounded time', async () => {
    const reply = await timed('/never-answers');
    expect(reply.status).toBe(503);
    expect(reply.error).toEqual({ code: 'unavailable', message: `url: no response headers from 127.0.0.1:${pages.port} within ${HEADER_TIMEOUT_MS} ms`, reason: 'unreachable' });
    expect(reply.ms).toBeGreaterThanOrEqual(HEADER_TIMEOUT_MS - 20);
    expect(reply.ms).toBeLessThan(HEADER_TIMEOUT_MS + 1_500);
  });

  it('gives up on a body that never ends, with a clear error in bounded time', async () => {
    const reply = await timed('/drip');
    expect(reply.status).toBe(503);
    expect(reply.error).toEqual({ code: 'unavailable', message: `url: the body from 127.0.0.1:${pages.port} did not arrive within ${BODY_TIMEOUT_MS} ms`, reason: 'unreachable' });
    expect(reply.ms).toBeLessThan(BODY_TIMEOUT_MS + 1_500);
  });

  it('stops after SCRAPER_MAX_REDIRECTS hops', async () => {
    const reply = await timed('/loop');
    expect(reply.status).toBe(412);
    expect(reply.error?.message).toBe(`url: more than 3 redirects (the last one went to ${pages.url('/loop')})`);
    expect(pages.requestsTo('/loop')).toHaveLength(4);
  });

  it('sends URL credentials to their own origin only, and never echoes them', async () => {
    const withCredentials = (path: string) => `http://ada:s3cret@127.0.0.1:${pages.port}${path}`;
    const same = await fetchPage<{ title: string; url: string; finalUrl: string }>(running.baseUrl, { url: withCredentials('/same-origin-hop') });
    expect(same.result?.title).toBe('Hello authorised');
    expect(JSON.stringify(same.result)).not.toContain('s3cret');

    const cross = await fetchPage<{ title: string }>(running.baseUrl, { url: withCredentials('/to-other-origin') });
    expect(cross.result?.title).toBe('Hello stranger');
    expect(pages.requestsTo('/to-other-origin')[0].headers.authorization).toBe(`Basic ${Buffer.from('ada:s3cret').toString('base64')}`);
    expect(otherOrigin.requestsTo('/whoami')[0].headers.authorization).toBeUndefined();
  });
});

describe('fetch_page politeness: robots.txt and per-host pacing', () => {
  const DELAY_MS = 300;
  let redis: RedisServer;
  let pages: PageServer;
  let running: RunningApp;
  const answeredAt = new Map<string, number>();

  beforeAll(async () => {
    redis = await startRedis();
    pages = await new PageServer().start();
    pages.robotsTxt = ['User-agent: *', 'Disallow: /private/', '', 'User-agent: EMM-WebScraper', 'Disallow: /no-emm/', 'Allow: /'].join('\n');
    for (const path of ['/open', '/private/diary', '/no-emm/page', '/paced/1', '/paced/2', '/paced/3']) {
      pages.route(path, (_req, res) =>
        setTimeout(() => {
          answeredAt.set(path, Date.now());
          res.writeHead(200, { 'content-type': 'text/html' }).end(html(`Page ${path}`, [PROSE]));
        }, 30),
      );
    }
    const config = testConfig({
      REDIS_URL: redis.url,
      SCRAPER_ALLOW_HOSTS: `127.0.0.1:${pages.port}`,
      SCRAPER_PER_HOST_CONCURRENCY: '1',
      SCRAPER_PER_HOST_DELAY_MS: String(DELAY_MS),
      SCRAPER_CACHE_TTL_SECONDS: '0',
    });
    running = await startApp(config);
  });

  afterAll(async () => {
    await running?.app.close();
    await pages?.stop();
    await redis?.stop();
  });

  it('honours the robots.txt group for its own product token', async () => {
    const open = await fetchPage<{ title: string }>(running.baseUrl, { url: pages.url('/open') });
    expect(open.result?.title).toBe('Page /open');

    const refused = await fetchPage(running.baseUrl, { url: pages.url('/no-emm/page') });
    expect(refused.status).toBe(412);
    expect(refused.error?.message).toBe(`url: robots.txt of ${pages.url('').replace(/\/$/, '')} disallows EMM-WebScraper from /no-emm/page`);
    expect(refused.error?.reason).toBe('blocked');
    expect(pages.requestsTo('/no-emm/page')).toHaveLength(0);

    // The `*` group does not apply: a crawler obeys the most specific group that names it.
    const star = await fetchPage(running.baseUrl, { url: pages.url('/private/diary') });
    expect(star.status).toBe(200);
    expect(pages.requestsTo('/robots.txt')).toHaveLength(1);
  });

  it('paces requests to one host: one at a time, starts SCRAPER_PER_HOST_DELAY_MS apart', async () => {
    const paths = ['/paced/1', '/paced/2', '/paced/3'];
    const replies = await Promise.all(paths.map((path) => fetchPage(running.baseUrl, { url: pages.url(path) })));
    expect(replies.map((reply) => reply.status)).toEqual([200, 200, 200]);
    const order = [...paths].sort((a, b) => pages.requestsTo(a)[0].at - pages.requestsTo(b)[0].at);
    for (let i = 1; i < order.length; i++) {
      const start = pages.requestsTo(order[i])[0].at;
      // Never two at once: each request arrives after the previous one was answered …
      expect(start).toBeGreaterThanOrEqual(answeredAt.get(order[i - 1]) as number);
      // … and the starts are spaced by the delay (less the time the first one spent connecting).
      expect(start - pages.requestsTo(order[i - 1])[0].at).toBeGreaterThanOrEqual(DELAY_MS - 50);
    }
  });
});

describe('fetch_page with robots.txt trouble or robots turned off', () => {
  let redis: RedisServer;
  let pages: PageServer;

  beforeAll(async () => {
    redis = await startRedis();
    pages = await new PageServer().start();
    pages.route('/robots.txt', (_req, res) => res.writeHead(503, { 'content-type': 'text/plain' }).end('overloaded'));
    pages.route('/article', (_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end(html('Behind a broken robots.txt', [PROSE])));
  });

  afterAll(async () => {
    await pages?.stop();
    await redis?.stop();
  });

  it('treats a host whose robots.txt answers 5xx as disallowed for now (RFC 9309)', async () => {
    const running = await startApp(testConfig({ REDIS_URL: redis.url, SCRAPER_ALLOW_HOSTS: `127.0.0.1:${pages.port}` }));
    try {
      const reply = await fetchPage(running.baseUrl, { url: pages.url('/article') });
      expect(reply.status).toBe(503);
      expect(reply.error?.message).toBe(`url: robots.txt of http://127.0.0.1:${pages.port} answered HTTP 503, so the site counts as disallowed for now (RFC 9309)`);
      expect(pages.requestsTo('/article')).toHaveLength(0);
    } finally {
      await running.app.close();
    }
  });

  it('does not read robots.txt at all with SCRAPER_RESPECT_ROBOTS=false', async () => {
    const before = pages.requestsTo('/robots.txt').length;
    const running = await startApp(testConfig({ REDIS_URL: redis.url, SCRAPER_ALLOW_HOSTS: `127.0.0.1:${pages.port}`, SCRAPER_RESPECT_ROBOTS: 'false' }));
    try {
      const reply = await fetchPage<{ title: string }>(running.baseUrl, { url: pages.url('/article') });
      expect(reply.result?.title).toBe('Behind a broken robots.txt');
      expect(pages.requestsTo('/robots.txt')).toHaveLength(before);
    } finally {
      await running.app.close();
    }
  });
});
