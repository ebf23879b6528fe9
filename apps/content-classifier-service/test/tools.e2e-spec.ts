import { jdClassifier } from '@emm/contracts';
import { McpClient } from '@emm/mcp';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { startRedis, type RedisServer } from '@emm/testing';
import request from 'supertest';
import { loadSamples } from './support/samples';
import { connectMcp, type JdClassifier, type RunningApp, startApp, startJdClassifier, testConfig } from './support/services';

const samples = loadSamples();
const sample = (file: string) => {
  const found = samples.find((candidate) => candidate.file === file);
  if (found === undefined) throw new Error(`no sample ${file}`);
  return found;
};

describe('content-classifier-service (real jd-classifier-service over MCP, real Redis)', () => {
  let redis: RedisServer;
  let jd: JdClassifier;
  let running: RunningApp;
  let mcp: Client;

  beforeAll(async () => {
    redis = await startRedis();
    jd = await startJdClassifier(redis.url);
    // Fresh structure on every request, so a change in jd-classifier shows at once.
    running = await startApp(testConfig({ REDIS_URL: redis.url, MCP_JD_CLASSIFIER_URL: jd.mcpUrl, CLASSIFY_CACHE_TIMEOUT_MS: '2000', MCP_CLIENT_CACHE: 'false', JD_STRUCTURE_MAX_AGE_MS: '1' }));
    mcp = await connectMcp(running.baseUrl);
  });

  afterAll(async () => {
    await mcp?.close();
    await running?.app.close();
    await jd?.proc.stop();
    await redis?.stop();
  });

  const rest = () => request(running.baseUrl);
  const classify = (args: Record<string, unknown>) => rest().post('/tools/classify_content').send(args);

  it('lists classify_content with its schemas on both transports', async () => {
    const listed = await rest().get('/tools').expect(200);
    expect(listed.body.tools.map((tool: { name: string }) => tool.name)).toEqual(['classify_content']);
    const { tools } = await mcp.listTools();
    expect(tools.map((tool) => tool.name)).toEqual(['classify_content']);
    expect(Object.keys(tools[0].inputSchema.properties ?? {})).toEqual(['text', 'title', 'file_name', 'source', 'hints']);
    expect(tools[0].outputSchema?.properties).toHaveProperty('needs_review');
    expect(tools[0].annotations).toMatchObject({ readOnlyHint: true, idempotentHint: true });
  });

  it('files a bank statement under 11.01 over REST, then answers the same content from the cache', async () => {
    const statement = sample('statement-march.txt');
    const args = { text: statement.text, file_name: statement.fileName };
    const first = await classify(args).expect(200);
    expect(first.body.result).toMatchObject({
      category: { id: '11', name: 'Banking', path: '10-19 Finance/11 Banking' },
      item: { id: '11.01', name: 'Statements', path: '10-19 Finance/11 Banking/11.01 Statements' },
      needs_review: false,
      destination: { id: '11.01', path: '10-19 Finance/11 Banking/11.01 Statements' },
      provider: 'heuristic',
      model: 'jd-scorer-v1',
      cached: false,
    });
    expect(first.body.result.confidence).toBeGreaterThan(0.5);
    expect(first.body.result.alternatives.length).toBeGreaterThan(0);
    expect(first.body.result.title).toBe('Northfield Bank plc');
    expect(first.body.result.summary).toContain('overdraft');
    expect(first.body.result.tags).toEqual(expect.arrayContaining(['statements']));
    expect(first.body.result.fallback).toBeUndefined();

    const second = await classify(args).expect(200);
    expect(second.body.result).toEqual({ ...first.body.result, cached: true });
  });

  it('classifies over MCP with structured content', async () => {
    const recipe = sample('chicken-curry.md');
    const result = await mcp.callTool({ name: 'classify_content', arguments: { text: recipe.text, source: 'file' } });
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent).toMatchObject({ category: { id: '25' }, item: { id: '25.01' }, needs_review: false, provider: 'heuristic' });
  });

  it('sends an ambiguous document to the review inbox instead of guessing', async () => {
    const mixed = sample('mixed-hotel-refund.txt');
    const res = await classify({ text: mixed.text }).expect(200);
    expect(res.body.result.needs_review).toBe(true);
    expect(res.body.result.confidence).toBeLessThan(0.5);
    expect(res.body.result.destination).toEqual({ id: '00.01', name: 'Review inbox', path: '00-09 System/00 Index and inbox/00.01 Review inbox' });
    // The best guess is still shown, for the person who decides.
    expect(res.body.result.category).not.toBeNull();
  });

  it('classifies against the structure jd-classifier-service serves, including IDs it allocates', async () => {
    const jdClient = new McpClient({ service: 'jd-classifier', caller: 'content-classifier-e2e', url: jd.mcpUrl });
    const allocated = await jdClient.call(jdClassifier.allocateId, { category: '26', name: 'Ski holidays' });
    await jdClient.close();
    expect(allocated.id).toBe('26.03');
    const res = await classify({ text: 'Ski holidays: which resort this winter? Lift passes, ski hire, chalet.', title: 'Ski holidays' }).expect(200);
    expect(res.body.result.item).toEqual({ id: '26.03', name: 'Ski holidays', path: '20-29 Home and life/26 Travel/26.03 Ski holidays' });
  });

  it('rejects bad arguments naming the field and the rule, on both transports', async () => {
    const missing = await classify({}).expect(400);
    expect(missing.body.error.code).toBe('invalid_argument');
    expect(missing.body.error.issues).toEqual(expect.arrayContaining([expect.objectContaining({ path: 'text' })]));
    const empty = await classify({ text: '  \n ' }).expect(400);
    expect(empty.body.error.message).toContain('give some words to classify in text, title or file_name');
    const hints = await classify({ text: 'x', hints: 'Recipes' }).expect(400);
    expect(hints.body.error.issues).toEqual([expect.objectContaining({ path: 'hints' })]);

    const viaMcp = await mcp.callTool({ name: 'classify_content', arguments: { text: 42 } });
    expect(viaMcp.isError).toBe(true);
    expect(JSON.stringify(viaMcp.content)).toContain('text');
  });

  it('shows its work in /metrics, including the structure fetched over the MCP client', async () => {
    await classify({ text: sample('sourdough.md').text }).expect(200);
    const metrics = (await rest().get('/metrics').expect(200)).text;
    expect(metrics).toMatch(/classification_confidence_bucket\{[^}]*provider="heuristic"/);
    expect(metrics).toMatch(/classifications_total\{[^}]*provider="heuristic"[^}]*needs_review="false"[^}]*cached="false"[^}]*\} [1-9]/);
    expect(metrics).toMatch(/classifications_total\{[^}]*cached="true"[^}]*\} [1-9]/);
    expect(metrics).toMatch(/mcp_tool_calls_total\{[^}]*server="jd-classifier"[^}]*tool="get_structure"[^}]*status="ok"[^}]*\} [1-9]/);
    expect(metrics).toMatch(/mcp_requests_total\{[^}]*tool="classify_content"/);
  });

  it('is ready with Redis and a JD structure', async () => {
    const ready = await rest().get('/health/ready').expect(200);
    expect(ready.body.details).toMatchObject({ redis: { status: 'up' }, 'jd-structure': { status: 'up' } });
  });
});
