import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { startRedis, type RedisServer } from '@emm/testing';
import request from 'supertest';
import { generateNetscapeExport } from './generated-export';
import { connectMcp, fixture, type RunningApp, startApp, testConfig } from './support';

describe('parse_bookmarks over REST and MCP (real Redis)', () => {
  let redis: RedisServer;
  let running: RunningApp;
  let mcp: Client;

  beforeAll(async () => {
    redis = await startRedis();
    running = await startApp(testConfig({ REDIS_URL: redis.url, BOOKMARKS_MAX_INPUT_BYTES: '8000000', MCP_MAX_BODY_BYTES: '10000000' }));
    mcp = await connectMcp(running.baseUrl);
  });

  afterAll(async () => {
    await mcp?.close();
    await running?.app.close();
    await redis?.stop();
  });

  const rest = () => request(running.baseUrl);

  it('lists both tools with their schemas on both transports', async () => {
    const listed = await rest().get('/tools').expect(200);
    expect(listed.body.tools.map((t: { name: string }) => t.name).sort()).toEqual(['classify_bookmark', 'parse_bookmarks']);
    const { tools } = await mcp.listTools();
    const parse = tools.find((t) => t.name === 'parse_bookmarks');
    expect(parse?.inputSchema.properties).toHaveProperty('content');
    expect(parse?.inputSchema.properties).toHaveProperty('format');
    expect(parse?.outputSchema?.properties).toHaveProperty('invalid');
    expect(parse?.annotations).toMatchObject({ readOnlyHint: true, idempotentHint: true });
  });

  it('parses a Chrome export over REST', async () => {
    const res = await rest().post('/tools/parse_bookmarks').send({ content: fixture('chrome-bookmarks.html') }).expect(200);
    const { result } = res.body;
    expect(result.format).toBe('netscape-html');
    expect(result.bookmarks).toHaveLength(11);
    expect(result.duplicates).toBe(1);
    expect(result.invalid.map((item: { line: number }) => item.line)).toEqual([22, 33]);
    expect(result.bookmarks.find((b: { title: string }) => b.title === 'Helm | Getting Started')).toMatchObject({
      url: 'https://helm.sh/docs/chart_template_guide/getting_started',
      folder_path: ['Bookmarks bar', 'Dev', 'Kubernetes & Helm'],
    });
  });

  it('parses a Firefox export over MCP with tags and descriptions', async () => {
    const res = await mcp.callTool({ name: 'parse_bookmarks', arguments: { content: fixture('firefox-bookmarks.html') } });
    expect(res.isError).toBeFalsy();
    const result = res.structuredContent as { bookmarks: Array<{ title: string; tags: string[]; description?: string }> };
    expect(result.bookmarks.find((b) => b.title.startsWith('The Rust Programming Language'))).toMatchObject({
      tags: ['rust', 'book'],
      description: 'The official book: ownership, borrowing & lifetimes.',
    });
  });

  it('takes JSON and URL lists, detected or named', async () => {
    const chrome = await rest().post('/tools/parse_bookmarks').send({ content: fixture('chrome-Bookmarks.json') }).expect(200);
    expect(chrome.body.result.format).toBe('chrome-json');
    const list = await rest().post('/tools/parse_bookmarks').send({ content: fixture('urls.txt'), format: 'url-list' }).expect(200);
    expect(list.body.result).toMatchObject({ format: 'url-list', duplicates: 1 });
  });

  it('parses a 10,000-bookmark export with favicons in one call', async () => {
    const content = generateNetscapeExport(10_000);
    expect(Buffer.byteLength(content)).toBeGreaterThan(1024 * 1024);
    const res = await rest().post('/tools/parse_bookmarks').send({ content }).expect(200);
    expect(res.body.result.bookmarks.length + res.body.result.duplicates).toBe(10_000);
  });

  it('refuses a broken file naming the line, on both transports', async () => {
    const res = await rest().post('/tools/parse_bookmarks').send({ content: fixture('truncated-chrome.html') }).expect(400);
    expect(res.body.error).toEqual({ code: 'invalid_argument', message: 'content: line 13: the list of folder "Dev" is never closed (no </DL>): is the export truncated?' });
    const viaMcp = await mcp.callTool({ name: 'parse_bookmarks', arguments: { content: fixture('broken.json') } });
    expect(viaMcp.isError).toBe(true);
    expect(JSON.stringify(viaMcp.content)).toContain('content: invalid JSON at line 4, column 3: comma expected');
  });

  it('refuses content over the size limit and an unknown format, naming the field', async () => {
    const big = await rest()
      .post('/tools/parse_bookmarks')
      .send({ content: `https://example.com/\n${'#'.repeat(8_100_000)}` })
      .expect(400);
    expect(big.body.error.message).toBe('content: is 7.7 MiB; at most 7.6 MiB can be parsed at once (split the export)');
    const format = await rest().post('/tools/parse_bookmarks').send({ content: 'https://example.com', format: 'csv' }).expect(400);
    expect(format.body.error.issues).toEqual([expect.objectContaining({ path: 'format' })]);
    const empty = await rest().post('/tools/parse_bookmarks').send({ content: '' }).expect(400);
    expect(empty.body.error.issues).toEqual([expect.objectContaining({ path: 'content' })]);
  });

  it('counts what it parsed in /metrics', async () => {
    const count = (text: string, outcome: string) => Number(new RegExp(`bookmark_parsed_entries_total\\{[^}]*outcome="${outcome}"[^}]*\\} (\\d+)`).exec(text)?.[1] ?? 0);
    const before = (await rest().get('/metrics').expect(200)).text;
    await rest().post('/tools/parse_bookmarks').send({ content: fixture('safari-bookmarks.html') }).expect(200);
    const after = (await rest().get('/metrics').expect(200)).text;
    expect(count(after, 'kept') - count(before, 'kept')).toBe(7);
    expect(count(after, 'duplicate') - count(before, 'duplicate')).toBe(1);
    expect(after).toMatch(/bookmark_parse_duration_seconds_count\{[^}]*format="netscape-html"/);
  });

  it('is ready with Redis alone: parsing needs no other service', async () => {
    await rest().get('/health/ready').expect(200);
    await rest().get('/health/live').expect(200);
  });
});
