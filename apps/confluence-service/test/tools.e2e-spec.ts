import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { FakeConfluence, FakeFlavor } from '@emm/stack';
import { startRedis, type RedisServer, waitFor } from '@emm/testing';
import Redis from 'ioredis';
import request from 'supertest';
import { confluenceEnv, connectMcp, documentationSite, fakeConfluence, type RunningApp, startApp, testConfig } from './support';

interface PageSummary {
  id: string;
  title: string;
  version: number;
  lastModified: string;
  ancestors: Array<{ id: string; title?: string }>;
  labels: string[];
  webUrl?: string;
}

interface ListPagesResult {
  spaceKey: string;
  pages: PageSummary[];
  nextCursor: string;
  complete: boolean;
}

describe.each<FakeFlavor>(['cloud', 'datacenter'])('confluence-service tools on Confluence %s (REST and MCP, real Redis)', (flavor) => {
  let redis: RedisServer;
  let fake: FakeConfluence;
  let running: RunningApp;
  let mcp: Client;

  beforeAll(async () => {
    redis = await startRedis();
    fake = await fakeConfluence(flavor, documentationSite(flavor), { maxLimit: 4 });
    running = await startApp(testConfig({ REDIS_URL: redis.url, ...confluenceEnv(fake, flavor) }));
    mcp = await connectMcp(running.baseUrl);
  });

  afterAll(async () => {
    await mcp?.close();
    await running?.app.close();
    await fake?.stop();
    await redis?.stop();
  });

  const rest = () => request(running.baseUrl);
  const listPages = async (args: Record<string, unknown>): Promise<ListPagesResult> => {
    const result = await mcp.callTool({ name: 'list_pages', arguments: args });
    expect(result.isError).toBeFalsy();
    return result.structuredContent as ListPagesResult;
  };

  it('offers list_spaces, list_pages and get_page with schemas; get_page is cacheable, list_pages is not', async () => {
    const { tools } = await mcp.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual(['get_page', 'list_pages', 'list_spaces']);
    const listed = await rest().get('/tools').expect(200);
    const byName = Object.fromEntries((listed.body.tools as Array<{ name: string; cache: unknown }>).map((t) => [t.name, t]));
    expect(byName.get_page.cache).toEqual({ ttlSeconds: 3600 });
    expect(byName.list_pages.cache).toBe(false);
    const getPage = tools.find((t) => t.name === 'get_page');
    expect(getPage?.inputSchema.properties).toHaveProperty('version');
    expect(getPage?.outputSchema?.properties).toHaveProperty('markdown');
  });

  it('list_spaces gives every space with key, name and web URL', async () => {
    const res = await rest().post('/tools/list_spaces').send({}).expect(200);
    expect(res.body.result.spaces.map((s: { key: string }) => s.key)).toEqual(['DOC', 'OPS', '~ada']);
    expect(res.body.result.spaces[0]).toMatchObject({ key: 'DOC', name: 'Documentation', description: 'How we build things' });
  });

  it('list_pages follows the pagination to the end and places every page in the tree', async () => {
    const result = await listPages({ spaceKey: 'DOC' });
    expect(result.complete).toBe(true);
    expect(result.pages).toHaveLength(10);
    const install = result.pages.find((p) => p.id === '300');
    expect(install).toMatchObject({ title: 'Install Guide', version: 1, lastModified: '2024-03-01T09:00:00.000Z', labels: ['how-to', 'install'] });
    expect(install?.ancestors).toEqual([
      { id: '100', title: 'Home' },
      { id: '200', title: 'Guides' },
    ]);
    expect(install?.webUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\//);
  });

  it('list_pages pages with a cursor, and the final cursor lists only later changes', async () => {
    const first = await listPages({ spaceKey: 'DOC', limit: 6 });
    expect(first).toMatchObject({ complete: false });
    expect(first.pages).toHaveLength(6);
    const rest_ = await listPages({ spaceKey: 'DOC', cursor: first.nextCursor, limit: 6 });
    expect(rest_.complete).toBe(true);
    expect(new Set([...first.pages, ...rest_.pages].map((p) => p.id)).size).toBe(10);

    const since = await listPages({ spaceKey: 'DOC', since: '2024-04-06T00:00:00Z' });
    expect(since.pages.map((p) => p.id)).toEqual(['407', '406']);
  });

  it('get_page converts the body to Markdown with names, links, callouts and attachments', async () => {
    const res = await rest().post('/tools/get_page').send({ id: '300' }).expect(200);
    const page = res.body.result;
    expect(page).toMatchObject({ id: '300', title: 'Install Guide', spaceKey: 'DOC', version: 1, labels: ['how-to', 'install'], linkedPages: [{ title: 'Guides' }], unknownMacros: [] });
    expect(page.ancestors.map((a: { title: string }) => a.title)).toEqual(['Home', 'Guides']);
    const download = `${fake.baseUrl}/download/attachments/300/setup.png?`;
    expect(page.attachments).toEqual([expect.objectContaining({ filename: 'setup.png', mediaType: 'image/png', fileSize: 2048, downloadUrl: expect.stringContaining(download) })]);
    const markdown: string = page.markdown;
    expect(markdown).toContain('## Steps\n\n1. Download\n2. Run `install.sh`\n\n```bash\n./install.sh --yes\n```\n\n> [!warning]\n> Needs root.\n\nAsk @Ada Lovelace, see Guides.');
    expect(markdown).toContain(`![setup.png](${download}`);
    expect(markdown).toMatch(/## Attachments\n\n- \[setup\.png\]\(.+\) \(image\/png, 2\.0 KB\)\n$/);
  });

  it('get_page keeps mention names in the cache Redis, shared by replicas', async () => {
    await rest().post('/tools/get_page').send({ id: '300' }).expect(200);
    const client = new Redis(redis.url);
    try {
      const keys = await client.keys('emm:confluence-service:user:*');
      expect(keys).toEqual([flavor === 'cloud' ? 'emm:confluence-service:user:cloud:account:acc-ada' : 'emm:confluence-service:user:datacenter:key:key-ada']);
      expect(await client.get(keys[0])).toBe('Ada Lovelace');
      expect(await client.ttl(keys[0])).toBeGreaterThan(3600);
    } finally {
      client.disconnect();
    }
    // A second replica finds the name in Redis and does not ask Confluence.
    const lookupsBefore = fake.requestsTo(/\/(users-bulk|user)$/).length;
    const replica = await startApp(testConfig({ REDIS_URL: redis.url, ...confluenceEnv(fake, flavor) }));
    try {
      const res = await request(replica.baseUrl).post('/tools/get_page').send({ id: '300' }).expect(200);
      expect(res.body.result.markdown).toContain('@Ada Lovelace');
      expect(fake.requestsTo(/\/(users-bulk|user)$/).length).toBe(lookupsBefore);
    } finally {
      await replica.app.close();
    }
  });

  it('get_page of an older version and of a missing page', async () => {
    const missing = await rest().post('/tools/get_page').send({ id: '999' }).expect(404);
    expect(missing.body.error).toEqual({ code: 'not_found', message: 'page 999 does not exist or these credentials cannot see it' });
    const viaMcp = await mcp.callTool({ name: 'get_page', arguments: { id: '300', version: 7 } });
    expect(viaMcp.isError).toBe(true);
    expect(JSON.stringify(viaMcp.content)).toContain('not_found: page 300 has no version 7');
  });

  it('bad arguments name the field and the rule', async () => {
    const key = await rest().post('/tools/list_pages').send({ spaceKey: 'no spaces please' }).expect(400);
    expect(key.body.error.issues).toEqual([expect.objectContaining({ path: 'spaceKey', message: expect.stringContaining('must be a space key') })]);
    const both = await rest().post('/tools/list_pages').send({ spaceKey: 'DOC', since: '2024-01-01T00:00:00Z', cursor: 'x' }).expect(400);
    expect(both.body.error.message).toContain('give since or cursor, not both');
    const id = await rest().post('/tools/get_page').send({ id: 'abc' }).expect(400);
    expect(id.body.error.message).toContain('must be a numeric page id');
    const cursor = await rest().post('/tools/list_pages').send({ spaceKey: 'DOC', cursor: 'made-up' }).expect(400);
    expect(cursor.body.error.message).toMatch(/^cursor: is not a cursor this service issued/);
    const space = await rest().post('/tools/list_pages').send({ spaceKey: 'NOPE' }).expect(404);
    expect(space.body.error.message).toBe('spaceKey: there is no space NOPE, or these credentials cannot see it');
  });

  it('counts Confluence requests in /metrics', async () => {
    const metrics = await rest().get('/metrics').expect(200);
    expect(metrics.text).toMatch(/confluence_api_requests_total\{[^}]*operation="get_page"[^}]*status="200"[^}]*\} [1-9]/);
    expect(metrics.text).toMatch(/confluence_api_requests_total\{[^}]*status="404"[^}]*\} [1-9]/);
    expect(metrics.text).toMatch(/confluence_page_conversion_seconds_count\{[^}]*\} [1-9]/);
    expect(metrics.text).toMatch(/mcp_requests_total\{[^}]*tool="get_page"[^}]*status="not_found"/);
  });
});

describe('confluence-service when Confluence refuses or cannot keep up', () => {
  let redis: RedisServer;
  let fake: FakeConfluence;

  beforeAll(async () => {
    redis = await startRedis();
    fake = await fakeConfluence('cloud', documentationSite('cloud'));
  });

  afterAll(async () => {
    await fake?.stop();
    await redis?.stop();
  });

  it('reports wrong credentials as a credentials problem, on both transports, without retrying', async () => {
    const running = await startApp(testConfig({ REDIS_URL: redis.url, ...confluenceEnv(fake, 'cloud'), CONFLUENCE_API_TOKEN: 'not-the-token' }));
    const mcp = await connectMcp(running.baseUrl);
    try {
      // The startup probe (one request) must be done before counting.
      await waitFor(() => fake.requests.some((r) => r.query.get('limit') === '1'), { timeoutMs: 5_000, message: 'no startup probe' });
      const before = fake.requests.length;
      const res = await request(running.baseUrl).post('/tools/list_spaces').send({}).expect(412);
      expect(res.body.error).toEqual({ code: 'failed_precondition', message: 'Confluence rejected the credentials (401): check CONFLUENCE_EMAIL/CONFLUENCE_API_TOKEN' });
      expect(fake.requests.length - before).toBe(1);
      const viaMcp = await mcp.callTool({ name: 'get_page', arguments: { id: '300' } });
      expect(viaMcp.isError).toBe(true);
      expect(viaMcp._meta?.['emm/error']).toMatchObject({ code: 'failed_precondition' });
      expect(JSON.stringify(viaMcp)).not.toContain('not-the-token');
    } finally {
      await mcp.close();
      await running.app.close();
    }
  });

  it('ends a 429 storm with a clear unavailable error, and stays ready', async () => {
    const running = await startApp(testConfig({ REDIS_URL: redis.url, ...confluenceEnv(fake, 'cloud'), CONFLUENCE_RETRY_BUDGET_MS: '1500' }));
    try {
      fake.failNext(1_000, 429, { retryAfter: '1' });
      const res = await request(running.baseUrl).post('/tools/list_spaces').send({}).expect(503);
      expect(res.body.error.code).toBe('unavailable');
      expect(res.body.error.message).toMatch(/^Confluence is rate limiting requests \(429\).*retry budget of 1\.5 s$/);
      // Readiness does not depend on Confluence: the tools explain the outage instead.
      await request(running.baseUrl).get('/health/ready').expect(200);
      const metrics = await request(running.baseUrl).get('/metrics').expect(200);
      expect(metrics.text).toMatch(/confluence_api_retries_total\{[^}]*reason="429"[^}]*\} [1-9]/);
    } finally {
      fake.failNext(0, 429);
      await running.app.close();
    }
  });
});
