import { startRedis, type RedisServer } from '@emm/testing';
import { html, PageServer, PROSE } from './page-server';
import { fetchPage, mapResolver, type RunningApp, SocketWatch, startApp, testConfig } from './support';

/** Names the test resolver answers with addresses the scraper must refuse. */
const HOSTILE_NAMES = {
  'evil.test': '10.0.0.5',
  'metadata.test': '169.254.169.254',
  localhost: '127.0.0.1',
  'loopback6.test': '::1',
  'mapped.test': '::ffff:10.0.0.1',
  'mixed.test': ['93.184.216.34', '10.0.0.7'],
  'cgnat.test': '100.100.100.200',
  '127.0.0.1.nip.test': '127.0.0.1',
  'ula.test': 'fd12:3456::1',
  'multicast.test': '239.255.255.250',
  'zero.test': '0.0.0.0',
};

/** [payload URL, text the refusal must contain]. None of them may cause a connection. */
const BLOCKED_PAYLOADS: Array<[string, string]> = [
  ['http://127.0.0.1/', '127.0.0.1 is a loopback address'],
  ['http://127.1/', '127.0.0.1 is a loopback address'],
  ['http://0177.0.0.1/', '127.0.0.1 is a loopback address'],
  ['http://0x7f.0.0.1/', '127.0.0.1 is a loopback address'],
  ['http://2130706433/', '127.0.0.1 is a loopback address'],
  ['http://127.000.000.001/', '127.0.0.1 is a loopback address'],
  ['http://\uff11\uff12\uff17.\uff10.\uff10.\uff11/', '127.0.0.1 is a loopback address'],
  ['http://user:secret@127.0.0.1/admin', '127.0.0.1 is a loopback address'],
  ['http://[::1]/', 'the IPv6 loopback address'],
  ['http://[::ffff:7f00:1]/', 'an IPv4-mapped IPv6 address of 127.0.0.1, a loopback address'],
  ['http://[::ffff:127.0.0.1]/', 'an IPv4-mapped IPv6 address of 127.0.0.1'],
  ['http://[0:0:0:0:0:ffff:7f00:1]/', 'an IPv4-mapped IPv6 address of 127.0.0.1'],
  ['http://[::ffff:a9fe:a9fe]/latest/meta-data/', 'an IPv4-mapped IPv6 address of 169.254.169.254, a link-local address'],
  ['http://[::7f00:1]/', 'an IPv4-compatible IPv6 address'],
  ['http://[64:ff9b::a00:5]/', 'a NAT64 IPv6 address of 10.0.0.5, a private address'],
  ['http://[2002:a00:5::1]/', 'a 6to4 IPv6 address of 10.0.0.5, a private address'],
  ['http://[::]/', 'the unspecified IPv6 address'],
  ['http://0.0.0.0/', '0.0.0.0 is an unspecified'],
  ['http://0/', '0.0.0.0 is an unspecified'],
  ['http://10.0.0.5/', '10.0.0.5 is a private address'],
  ['http://172.16.3.4:8080/', '172.16.3.4 is a private address'],
  ['http://192.168.1.1/', '192.168.1.1 is a private address'],
  ['http://169.254.169.254/latest/meta-data/iam/security-credentials/', '169.254.169.254 is a link-local address'],
  ['http://100.64.0.1/', '100.64.0.1 is a carrier-grade NAT address'],
  ['http://224.0.0.1/', '224.0.0.1 is a multicast address'],
  ['http://255.255.255.255/', 'the broadcast address'],
  ['http://192.0.2.10/', '192.0.2.10 is a reserved or documentation address'],
  ['http://198.18.0.1/', '198.18.0.1 is a reserved or documentation address'],
  ['http://240.0.0.1/', '240.0.0.1 is a reserved or documentation address'],
  ['https://[fd00::1]/', 'fd00::1 is a unique-local (private) IPv6 address'],
  ['http://[fe80::1]/', 'fe80::1 is a link-local IPv6 address'],
  ['http://[ff02::1]/', 'ff02::1 is a multicast IPv6 address'],
  ['http://[2001:db8::1]/', '2001:db8::1 is a reserved or documentation IPv6 address'],
  ['http://evil.test/', 'evil.test resolves to 10.0.0.5, a private address'],
  ['https://metadata.test/computeMetadata/v1/', 'metadata.test resolves to 169.254.169.254, a link-local address'],
  ['http://localhost/', 'localhost resolves to 127.0.0.1, a loopback address'],
  ['http://LOCALHOST./', 'resolves to 127.0.0.1, a loopback address'],
  ['http://loopback6.test/', 'loopback6.test resolves to ::1, the IPv6 loopback address'],
  ['http://mapped.test/', 'mapped.test resolves to ::ffff:a00:1, an IPv4-mapped IPv6 address of 10.0.0.1'],
  ['http://mixed.test/', 'mixed.test resolves to 10.0.0.7, a private address'],
  ['http://cgnat.test/', 'cgnat.test resolves to 100.100.100.200, a carrier-grade NAT address'],
  ['http://127.0.0.1.nip.test/', '127.0.0.1.nip.test resolves to 127.0.0.1, a loopback address'],
  ['http://ula.test/', 'ula.test resolves to fd12:3456::1, a unique-local (private) IPv6 address'],
  ['http://multicast.test/', 'multicast.test resolves to 239.255.255.250, a multicast address'],
  ['http://zero.test/', 'zero.test resolves to 0.0.0.0, an unspecified'],
];

const BAD_INPUT: Array<[string, string]> = [
  ['file:///etc/passwd', 'url: only http:// and https:// URLs can be fetched, not file://'],
  ['ftp://ftp.example.com/file', 'not ftp://'],
  ['gopher://127.0.0.1:6379/_INFO', 'not gopher://'],
  ['data:text/html,<h1>hi</h1>', 'not data://'],
  ['javascript:alert(1)', 'not javascript://'],
  ['localhost:6379', 'not localhost://'],
  ['/relative/path', 'url: must be an absolute URL'],
  ['http://', 'url: must be an absolute URL'],
];

describe('web-scraper-service refuses to reach anything but public addresses', () => {
  let redis: RedisServer;
  let pages: PageServer;
  let running: RunningApp;
  const asked: string[] = [];

  beforeAll(async () => {
    redis = await startRedis();
    pages = await new PageServer().start();
    // Only the page server's exact host:port is allowed, so every payload below still meets the rules.
    const config = testConfig({ REDIS_URL: redis.url, SCRAPER_ALLOW_HOSTS: `127.0.0.1:${pages.port}` });
    running = await startApp(config, mapResolver(HOSTILE_NAMES, asked));
  });

  afterAll(async () => {
    await running?.app.close();
    await pages?.stop();
    await redis?.stop();
  });

  it(`refuses all ${BLOCKED_PAYLOADS.length} SSRF payloads before connecting, naming the address and its range`, async () => {
    const watch = new SocketWatch();
    const connectionsBefore = pages.connections;
    try {
      for (const [url, reason] of BLOCKED_PAYLOADS) {
        const reply = await fetchPage(running.baseUrl, { url });
        expect({ url, status: reply.status, code: reply.error?.code, reason: reply.error?.reason }).toEqual({ url, status: 412, code: 'failed_precondition', reason: 'blocked' });
        expect(reply.error?.message).toMatch(/^url: /);
        expect(reply.error?.message).toContain(reason);
      }
      // The only sockets opened were the test's own calls to the app (and Redis): none to any payload.
      const allowed = new Set([`127.0.0.1:${running.port}`, `127.0.0.1:${redis.port}`]);
      expect((await watch.targets()).filter((target) => !allowed.has(target))).toEqual([]);
      expect(pages.connections).toBe(connectionsBefore);
    } finally {
      watch.stop();
    }
  });

  it('judges IP literals without asking DNS, and asks DNS once per name', async () => {
    asked.length = 0;
    await fetchPage(running.baseUrl, { url: 'http://[::ffff:7f00:1]/' });
    await fetchPage(running.baseUrl, { url: 'http://2130706433/' });
    expect(asked).toEqual([]);
    await fetchPage(running.baseUrl, { url: 'http://evil.test/' });
    expect(asked).toEqual(['evil.test']);
  });

  it('rejects URLs that are not http(s) as bad input', async () => {
    for (const [url, message] of BAD_INPUT) {
      const reply = await fetchPage(running.baseUrl, { url });
      expect({ url, status: reply.status, code: reply.error?.code }).toEqual({ url, status: 400, code: 'invalid_argument' });
      expect(reply.error?.message).toContain(message);
    }
  });

  it('refuses a redirect to a private address at that hop, after following the allowed ones', async () => {
    pages
      .route('/to-private', (_req, res) => res.writeHead(302, { location: 'http://10.0.0.5/admin' }).end())
      .route('/to-metadata-name', (_req, res) => res.writeHead(301, { location: 'http://metadata.test/latest/meta-data/' }).end())
      .route('/to-other-local-port', (_req, res) => res.writeHead(307, { location: `http://127.0.0.1:${redis.port}/` }).end())
      .route('/two-hops', (_req, res) => res.writeHead(302, { location: '/second-hop' }).end())
      .route('/second-hop', (_req, res) => res.writeHead(302, { location: 'http://[::ffff:7f00:1]/' }).end())
      .route('/to-file', (_req, res) => res.writeHead(302, { location: 'file:///etc/passwd' }).end());
    const watch = new SocketWatch();
    try {
      const cases: Array<[string, string]> = [
        ['/to-private', 'url: redirect 1 to http://10.0.0.5/admin refused: 10.0.0.5 is a private address'],
        ['/to-metadata-name', 'url: redirect 1 to http://metadata.test/latest/meta-data/ refused: metadata.test resolves to 169.254.169.254, a link-local address'],
        ['/to-other-local-port', `url: redirect 1 to http://127.0.0.1:${redis.port}/ refused: 127.0.0.1 is a loopback address`],
        ['/two-hops', 'url: redirect 2 to http://[::ffff:7f00:1]/ refused: ::ffff:7f00:1 is an IPv4-mapped IPv6 address of 127.0.0.1'],
        ['/to-file', 'url: redirect 1 to file:///etc/passwd refused: only http:// and https:// URLs can be fetched'],
      ];
      for (const [path, message] of cases) {
        const reply = await fetchPage(running.baseUrl, { url: pages.url(path) });
        expect({ path, status: reply.status, code: reply.error?.code }).toEqual({ path, status: 412, code: 'failed_precondition' });
        expect(reply.error?.message.startsWith(message)).toBe(true);
      }
      expect(pages.requestsTo('/second-hop')).toHaveLength(1);
      const allowed = new Set([`127.0.0.1:${running.port}`, `127.0.0.1:${redis.port}`, `127.0.0.1:${pages.port}`]);
      // Redis is reached by the app's own client only; the 307 to the Redis port never connected.
      expect((await watch.targets()).filter((target) => !allowed.has(target))).toEqual([]);
    } finally {
      watch.stop();
    }
  });

  it('counts refusals by reason in /metrics', async () => {
    const metrics = await (await fetch(`${running.baseUrl}/metrics`)).text();
    const count = (reason: string) => Number(new RegExp(`scraper_blocked_total\\{reason="${reason}"[^}]*\\} (\\d+)`).exec(metrics)?.[1] ?? 0);
    expect(count('loopback')).toBeGreaterThanOrEqual(10);
    expect(count('private')).toBeGreaterThanOrEqual(5);
    expect(count('link_local')).toBeGreaterThanOrEqual(3);
    // Mapped and translated forms count under the range of the IPv4 address they lead to; the deprecated form has its own.
    expect(count('ipv4_embedded')).toBeGreaterThanOrEqual(1);
    expect(count('unique_local')).toBeGreaterThanOrEqual(2);
    expect(count('scheme')).toBeGreaterThanOrEqual(6);
  });
});

describe('web-scraper-service against DNS rebinding', () => {
  let redis: RedisServer;
  let pages: PageServer;
  let running: RunningApp;
  const asked: string[] = [];
  let answer = '127.0.0.1';

  beforeAll(async () => {
    redis = await startRedis();
    pages = await new PageServer().start();
    // The loopback address stands in for "a public address" here; rebind.test turns private after its first answer.
    pages.route('/article', (_req, res) => res.writeHead(200, { 'content-type': 'text/html', connection: 'close' }).end(html('Rebinding target', [PROSE])));
    const config = testConfig({ REDIS_URL: redis.url, SCRAPER_ALLOW_HOSTS: '127.0.0.1/32', SCRAPER_RESPECT_ROBOTS: 'false' });
    running = await startApp(config, mapResolver({ 'rebind.test': () => answer }, asked));
  });

  afterAll(async () => {
    await running?.app.close();
    await pages?.stop();
    await redis?.stop();
  });

  it('connects to the address it checked, and checks again for every new connection', async () => {
    const watch = new SocketWatch();
    try {
      const first = await fetchPage<{ title: string }>(running.baseUrl, { url: `http://rebind.test:${pages.port}/article` });
      expect(first.status).toBe(200);
      expect(first.result?.title).toBe('Rebinding target');
      expect(asked).toEqual(['rebind.test']);

      answer = '10.0.0.5';
      const second = await fetchPage(running.baseUrl, { url: `http://rebind.test:${pages.port}/article`, bypassCache: true });
      expect(second.status).toBe(412);
      expect(second.error?.message).toBe('url: rebind.test resolves to 10.0.0.5, a private address');
      expect(asked).toEqual(['rebind.test', 'rebind.test']);
      const targets = await watch.targets();
      expect(targets.filter((target) => target.startsWith('10.'))).toEqual([]);
      expect(targets).toContain(`127.0.0.1:${pages.port}`);
    } finally {
      watch.stop();
    }
  });
});
