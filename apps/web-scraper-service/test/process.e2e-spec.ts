import { startBuiltService, startRedis, type RedisServer } from '@emm/testing';
import { html, PageServer, PROSE } from './page-server';
import { APP_DIR, fetchPage } from './support';

/** The built service as a real process, the way a pod runs it (system DNS, no test seams). */
describe('web-scraper-service as a process', () => {
  let redis: RedisServer;
  let pages: PageServer;

  beforeAll(async () => {
    redis = await startRedis();
    pages = await new PageServer().start();
    pages.route('/hello', (_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end(html('Hello from a real process', [PROSE])));
  });

  afterAll(async () => {
    await pages?.stop();
    await redis?.stop();
  });

  it('fetches through real DNS (extracting on worker threads), refuses localhost, warns about the allow-list and exits 0 on SIGTERM', async () => {
    const { proc, url } = await startBuiltService(APP_DIR, {
      env: {
        REDIS_URL: redis.url,
        SCRAPER_ALLOW_HOSTS: `127.0.0.1:${pages.port}`,
        SCRAPER_PER_HOST_DELAY_MS: '0',
        SERVICE_VERSION: '9.9.9',
        SCRAPER_EXTRACT_THREADS: '2',
      },
    });
    try {
      expect(proc.output()).toContain('SCRAPER_ALLOW_HOSTS is set');
      // Extraction runs on worker threads in the built service.
      expect(proc.output()).toMatch(/"extractThreads":2/);
      const page = await fetchPage<{ title: string }>(url, { url: pages.url('/hello') });
      expect(page.result?.title).toBe('Hello from a real process');
      expect(pages.requestsTo('/hello')[0].headers['user-agent']).toMatch(/^EMM-WebScraper\/9\.9\.9 /);

      const refused = await fetchPage(url, { url: `http://localhost:${pages.port}/hello` });
      expect(refused.status).toBe(412);
      expect(refused.error?.message).toMatch(/^url: localhost resolves to (127\.0\.0\.1|::1), (a|the IPv6) loopback address$/);
      expect(pages.requestsTo('/hello')).toHaveLength(1);
    } finally {
      proc.signal('SIGTERM');
    }
    expect(await proc.exited).toEqual({ code: 0, signal: null });
    expect(proc.output()).not.toMatch(/\n\s+at /);
  });

  it('refuses to start on bad configuration with one line per problem and no stack trace', async () => {
    const { proc } = await startBuiltService(APP_DIR, {
      env: {
        REDIS_URL: redis.url,
        SCRAPER_ALLOW_HOSTS: 'pages.test:8080,http://x/',
        SCRAPER_MAX_BYTES: '1kb',
        SCRAPER_HEADER_TIMEOUT_MS: 'soon',
        SCRAPER_PER_HOST_CONCURRENCY: '0',
      },
      readyPath: false,
    });
    expect((await proc.exited).code).toBe(1);
    const lines = proc.output().trim().split('\n');
    expect(lines).toEqual(
      expect.arrayContaining([
        'config error: SCRAPER_ALLOW_HOSTS: "http://x/" is not a host, host:port or CIDR',
        'config error: SCRAPER_MAX_BYTES: must be an integer between 1024 and 104857600',
        'config error: SCRAPER_HEADER_TIMEOUT_MS: must be a duration such as 1500, 500ms, 5s or 2m',
        'config error: SCRAPER_PER_HOST_CONCURRENCY: must be an integer between 1 and 256',
      ]),
    );
    expect(proc.output()).not.toMatch(/\n\s+at /);
  });
});
