import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { startRedis, type RedisServer } from '@emm/testing';
import request from 'supertest';
import { connectMcp, type RunningApp, startApp, testConfig } from './support';

describe('jd-classifier-service tools (REST and MCP, real Redis)', () => {
  let redis: RedisServer;
  let running: RunningApp;
  let mcp: Client;

  beforeAll(async () => {
    redis = await startRedis();
    running = await startApp(testConfig({ REDIS_URL: redis.url }));
    mcp = await connectMcp(running.baseUrl);
  });

  afterAll(async () => {
    await mcp?.close();
    await running?.app.close();
    await redis?.stop();
  });

  const rest = () => request(running.baseUrl);
  const callMcp = async (name: string, args: Record<string, unknown>) => mcp.callTool({ name, arguments: args });

  it('lists the five tools with schemas on both transports', async () => {
    const names = ['allocate_id', 'find_category', 'get_structure', 'resolve_path', 'validate_id'];
    const listed = await rest().get('/tools').expect(200);
    expect(listed.body.tools.map((t: { name: string }) => t.name).sort()).toEqual(names);
    const { tools } = await mcp.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual(names);
    const find = tools.find((t) => t.name === 'find_category');
    expect(find?.inputSchema.properties).toHaveProperty('query');
    expect(find?.outputSchema?.properties).toHaveProperty('matches');
  });

  it('get_structure returns the tree with vault paths, or one category', async () => {
    const whole = await rest().post('/tools/get_structure').send({}).expect(200);
    expect(whole.body.result.areas.length).toBeGreaterThanOrEqual(5);
    expect(whole.body.result.reviewInbox).toEqual({ id: '00.01', path: expect.stringMatching(/^00-09 .+\/00 .+\/00\.01 /) });

    const banking = await callMcp('get_structure', { id: '11' });
    const result = banking.structuredContent as { areas: Array<{ id: string; categories: Array<{ id: string; path: string; ids: Array<{ id: string }> }> }> };
    expect(result.areas).toHaveLength(1);
    expect(result.areas[0].id).toBe('10-19');
    expect(result.areas[0].categories.map((c) => c.id)).toEqual(['11']);
    expect(result.areas[0].categories[0].path).toBe('10-19 Finance/11 Banking');
    expect(result.areas[0].categories[0].ids[0].id).toBe('11.01');
  });

  it('find_category ranks free text, and finds by id and by name', async () => {
    const byText = await rest()
      .post('/tools/find_category')
      .send({ query: 'Monthly bank statement: opening balance, card payments, transfer to savings account' })
      .expect(200);
    expect(byText.body.result.matches[0].categoryId).toBe('11');
    expect(byText.body.result.matches[0].score).toBeGreaterThan(0);

    const byId = await callMcp('find_category', { id: '11.01' });
    expect((byId.structuredContent as { matches: Array<{ id: string; kind: string }> }).matches[0]).toMatchObject({ id: '11.01', kind: 'id' });

    const byName = await rest().post('/tools/find_category').send({ name: 'banking' }).expect(200);
    expect(byName.body.result.matches[0]).toMatchObject({ id: '11', kind: 'category', score: 1 });
  });

  it('resolve_path gives the vault folder of a JD number', async () => {
    const res = await rest().post('/tools/resolve_path').send({ id: '11.01' }).expect(200);
    expect(res.body.result).toMatchObject({ id: '11.01', kind: 'id', path: '10-19 Finance/11 Banking/11.01 Statements' });
    const unknown = await rest().post('/tools/resolve_path').send({ id: '11.77' }).expect(404);
    expect(unknown.body.error.message).toContain('11.77');
  });

  it('allocate_id hands out the next free ID, keeps it, and is idempotent with a key', async () => {
    const first = await rest().post('/tools/allocate_id').send({ category: '11', name: 'Savings account', key: 'bank-a' }).expect(200);
    expect(first.body.result).toMatchObject({ id: '11.04', created: true, path: '10-19 Finance/11 Banking/11.04 Savings account' });
    const retry = await callMcp('allocate_id', { category: '11', name: 'Savings account', key: 'bank-a' });
    expect(retry.structuredContent).toMatchObject({ id: '11.04', created: false });
    const second = await callMcp('allocate_id', { category: '11', name: 'Joint account' });
    expect(second.structuredContent).toMatchObject({ id: '11.05', created: true });

    // The allocation is part of the structure from now on, and survives in Redis.
    const resolved = await rest().post('/tools/resolve_path').send({ id: '11.05' }).expect(200);
    expect(resolved.body.result).toMatchObject({ path: '10-19 Finance/11 Banking/11.05 Joint account', item: { allocated: true } });
    const validated = await rest().post('/tools/validate_id').send({ id: '11.05' }).expect(200);
    expect(validated.body.result).toMatchObject({ valid: true, exists: true, allocated: true });
    const tree = await rest().post('/tools/get_structure').send({ id: '11' }).expect(200);
    expect(tree.body.result.areas[0].categories[0].ids.map((i: { id: string }) => i.id)).toEqual(expect.arrayContaining(['11.04', '11.05']));
  });

  it('allocate_id refuses unknown and malformed categories with the field and rule', async () => {
    const unknown = await rest().post('/tools/allocate_id').send({ category: '19', name: 'x' }).expect(404);
    expect(unknown.body.error.message).toBe('category: 19 is not declared in the JD structure');
    const malformed = await rest().post('/tools/allocate_id').send({ category: '1', name: 'x' }).expect(400);
    expect(malformed.body.error.message).toMatch(/^category: /);
  });

  it('validate_id explains what is wrong instead of failing', async () => {
    const res = await callMcp('validate_id', { id: '11.00' });
    expect(res.isError).toBeFalsy();
    expect(res.structuredContent).toMatchObject({ valid: false, exists: false });
    expect((res.structuredContent as { reason: string }).reason).toMatch(/00/);
    const ok = await rest().post('/tools/validate_id').send({ id: '21' }).expect(200);
    expect(ok.body.result).toEqual({ id: '21', valid: true, kind: 'category', exists: true, allocated: false });
  });

  it('bad arguments name the field and the rule on both transports', async () => {
    const res = await rest().post('/tools/find_category').send({ query: 'x', limit: 500 }).expect(400);
    expect(res.body.error.code).toBe('invalid_argument');
    expect(res.body.error.issues).toEqual([expect.objectContaining({ path: 'limit' })]);
    const both = await rest().post('/tools/find_category').send({ query: 'x', name: 'y' }).expect(400);
    expect(both.body.error.message).toContain('give exactly one of id, name or query');

    const viaMcp = await callMcp('resolve_path', { id: 42 });
    expect(viaMcp.isError).toBe(true);
    expect(JSON.stringify(viaMcp.content)).toContain('id');
  });

  it('shows its work in /metrics', async () => {
    const before = await rest().get('/metrics').expect(200);
    const count = (text: string) => Number(/mcp_requests_total\{[^}]*tool="validate_id"[^}]*status="ok"[^}]*\} (\d+)/.exec(text)?.[1] ?? 0);
    await rest().post('/tools/validate_id').send({ id: '12' }).expect(200);
    await callMcp('validate_id', { id: '13' });
    const after = await rest().get('/metrics').expect(200);
    expect(count(after.text) - count(before.text)).toBe(2);
    expect(after.text).toMatch(/http_requests_total\{[^}]*route="\/tools\/:name"/);
  });

  it('is ready only with its structure and Redis', async () => {
    const ready = await rest().get('/health/ready').expect(200);
    expect(JSON.stringify(ready.body)).toContain('jd-structure');
    await rest().get('/health/live').expect(200);
    await rest().get('/health/startup').expect(200);
  });
});

describe('jd-classifier-service with MCP_AUTH_TOKEN', () => {
  let redis: RedisServer;
  let running: RunningApp;

  beforeAll(async () => {
    redis = await startRedis();
    running = await startApp(testConfig({ REDIS_URL: redis.url, MCP_AUTH_TOKEN: 'test-token-for-e2e' }));
  });

  afterAll(async () => {
    await running?.app.close();
    await redis?.stop();
  });

  it('rejects calls without the bearer token and accepts them with it', async () => {
    const denied = await request(running.baseUrl).post('/tools/validate_id').send({ id: '11' }).expect(401);
    expect(denied.headers['www-authenticate']).toMatch(/^Bearer /);
    await request(running.baseUrl).post('/mcp').send({ jsonrpc: '2.0', id: 1, method: 'tools/list' }).expect(401);
    await request(running.baseUrl).post('/tools/validate_id').set('authorization', 'Bearer test-token-for-e2e').send({ id: '11' }).expect(200);

    const mcp = await connectMcp(running.baseUrl, 'test-token-for-e2e');
    expect((await mcp.listTools()).tools).toHaveLength(5);
    await mcp.close();
  });

  it('keeps health and metrics open', async () => {
    await request(running.baseUrl).get('/health/live').expect(200);
    await request(running.baseUrl).get('/metrics').expect(200);
  });
});
