import { join } from 'node:path';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { type ProcessHandle, startBuiltService, startRedis, type RedisServer } from '@emm/testing';
import { Redis } from 'ioredis';
import request from 'supertest';
import { connectMcp, EXAMPLE_JD, REPO_ROOT, type RunningApp, startApp, testConfig } from './support';

/** A sibling service as a real process (its dist is built before these tests: it is a devDependency). */
async function startService(app: string, env: Record<string, string>): Promise<{ proc: ProcessHandle; mcpUrl: string }> {
  const { proc, url } = await startBuiltService(join(REPO_ROOT, 'apps', app), { env: { LOG_LEVEL: 'warn', ...env } });
  return { proc, mcpUrl: `${url}/mcp` };
}

const RECIPE_TEXT = `Classic banana bread. Ingredients: 3 ripe bananas, 250 g flour, 100 g butter, 2 eggs, 1 teaspoon baking soda, a pinch of salt, 150 g sugar.
Preheat the oven to 180 °C. Mash the bananas, mix in the melted butter, sugar and eggs, then fold in the flour and baking soda.
Pour the dough into a loaf tin and bake for 60 minutes until a skewer comes out clean. Let it cool before slicing. Serves 8.
This recipe is an easy dessert or breakfast bake; the dough keeps for a day in the fridge.`;

interface Classification {
  url: string;
  jd_id: string;
  path: string;
  category: { id: string; name: string; path: string };
  item?: { id: string };
  confidence: number;
  needs_review: boolean;
  decided_by: string;
  title: string;
  summary?: string;
  tags: string[];
  signals: Array<{ source: string; jd_id: string; score: number; detail: string }>;
  provider: string;
  cached: boolean;
}

describe('classify_bookmark with the real jd-classifier and content-classifier services', () => {
  let redis: RedisServer;
  let jd: { proc: ProcessHandle; mcpUrl: string };
  let content: { proc: ProcessHandle; mcpUrl: string };
  let running: RunningApp;
  let mcp: Client;
  let redisClient: Redis;

  beforeAll(async () => {
    redis = await startRedis();
    jd = await startService('jd-classifier-service', { REDIS_URL: redis.url, JD_STRUCTURE_PATH: EXAMPLE_JD });
    content = await startService('content-classifier-service', { REDIS_URL: redis.url, MCP_JD_CLASSIFIER_URL: jd.mcpUrl, LLM_PROVIDER: 'heuristic' });
    running = await startApp(
      testConfig({
        REDIS_URL: redis.url,
        MCP_JD_CLASSIFIER_URL: jd.mcpUrl,
        MCP_CONTENT_CLASSIFIER_URL: content.mcpUrl,
        MCP_CLIENT_RETRY_MAX_DELAY_MS: '200',
        BOOKMARK_DOMAIN_RULES: JSON.stringify({ 'wiki.example.com/oncall': { id: '35.01', tags: ['on-call'] } }),
      }),
    );
    mcp = await connectMcp(running.baseUrl);
    redisClient = new Redis(redis.url);
  }, 60_000);

  afterAll(async () => {
    redisClient?.disconnect();
    await mcp?.close();
    await running?.app.close();
    await content?.proc.stop();
    await jd?.proc.stop();
    await redis?.stop();
  });

  const classify = async (args: Record<string, unknown>, status = 200) =>
    (await request(running.baseUrl).post('/tools/classify_bookmark').send(args).expect(status)).body as { result: Classification; error?: { code: string; message: string } };

  it('files a GitHub repository under Programming: built-in domain rule, confirmed by the content', async () => {
    const { result } = await classify({
      url: 'https://github.com/nestjs/nest/?utm_source=newsletter',
      title: 'nestjs/nest: A progressive Node.js framework for building server-side applications with TypeScript',
      folder_path: ['Bookmarks bar', 'Dev'],
    });
    expect(result).toMatchObject({
      url: 'https://github.com/nestjs/nest',
      category: { id: '41', name: 'Programming', path: '40-49 Learning and reference/41 Programming' },
      decided_by: 'domain_rule',
      needs_review: false,
      provider: 'heuristic',
      cached: false,
    });
    expect(result.path.startsWith('40-49 Learning and reference/41 Programming')).toBe(true);
    expect(result.signals).toEqual(expect.arrayContaining([expect.objectContaining({ source: 'domain_rule', jd_id: '41', detail: 'rule github.com' })]));
    expect(result.confidence).toBeGreaterThanOrEqual(0.75);
  });

  it('classifies a recipe page on an unknown site from its text, with folder words as hints', async () => {
    const { result } = await classify({
      url: 'https://grandmas-kitchen.example/banana-bread',
      title: 'Banana bread',
      folder_path: ['Bookmarks bar', 'Küche'],
      text: RECIPE_TEXT,
      tags: ['baking'],
    });
    expect(result.category.id).toBe('25');
    expect(result.decided_by).toBe('content');
    expect(result.signals.map((s) => s.source)).toEqual(['content']);
    expect(result.summary).toEqual(expect.any(String));
    expect(result.tags[0]).toBe('baking');
  });

  it('follows a JD-numbered folder; the content may pick the ID inside it', async () => {
    const { result } = await classify({ url: 'https://docs.example.net/q3-plan', title: 'Q3 project plan and milestones', folder_path: ['Bookmarks bar', '32 Projects'] });
    expect(result).toMatchObject({ decided_by: 'folder_number', category: { id: '32', name: 'Projects' }, needs_review: false });
    expect(result.jd_id).toMatch(/^32(\.\d\d)?$/);
  });

  it('applies a configured rule by JD number and path, with its tags', async () => {
    const { result } = await classify({ url: 'https://wiki.example.com/oncall/database-failover', title: 'Database failover' });
    expect(result).toMatchObject({ jd_id: '35.01', item: { id: '35.01' }, decided_by: 'domain_rule', path: '30-39 Work/35 Processes and runbooks/35.01 Runbooks' });
    expect(result.tags).toContain('on-call');
    const elsewhere = await classify({ url: 'https://wiki.example.com/holidays', title: 'qwxz' });
    expect(elsewhere.result.signals.some((s) => s.source === 'domain_rule')).toBe(false);
  });

  it('sends a bookmark nothing points to to the review inbox', async () => {
    const { result } = await classify({ url: 'https://qwzx.example/zzkv', title: 'qwzx zzkv' });
    expect(result).toMatchObject({ jd_id: '00.01', needs_review: true, confidence: 0, decided_by: 'none' });
  });

  it('answers a repeated classification from the cache Redis, also over MCP', async () => {
    const args = { url: 'https://github.com/nestjs/nest', title: 'nestjs/nest: A progressive Node.js framework for building server-side applications with TypeScript', folder_path: ['Bookmarks bar', 'Dev'] };
    const res = await mcp.callTool({ name: 'classify_bookmark', arguments: args });
    expect(res.isError).toBeFalsy();
    expect(res.structuredContent).toMatchObject({ category: { id: '41' }, cached: true });
    expect((await redisClient.keys('emm:bookmark-classifier:classification:*')).length).toBeGreaterThanOrEqual(5);
  });

  it('refuses a URL that is not a web page, naming the field', async () => {
    const { error } = await classify({ url: 'javascript:alert(1)' }, 400);
    expect(error).toEqual({ code: 'invalid_argument', message: 'url: unsupported scheme "javascript:": only http and https pages are bookmarks' });
  });

  it('says content-classifier is unavailable (503, retry later) when it is down, and still parses', async () => {
    await content.proc.stop();
    const { error } = await classify({ url: 'https://news.example.org/new-article', title: 'Something new' }, 503);
    expect(error?.code).toBe('unavailable');
    expect(error?.message).toMatch(/^content-classifier-service is unavailable \(.+\); try again later$/);
    await request(running.baseUrl).post('/tools/parse_bookmarks').send({ content: 'https://example.com/' }).expect(200);
    await request(running.baseUrl).get('/health/ready').expect(200);
  });
});
