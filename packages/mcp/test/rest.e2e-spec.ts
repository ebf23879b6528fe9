import { request as httpRequest } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import request from 'supertest';
import { REFUSALS } from './support/inventory-tools';
import { startTestApp, type TestApp } from './support/test-app';

describe('REST: GET /tools and POST /tools/:name', () => {
  let server: TestApp;
  let http: ReturnType<typeof request>;

  beforeAll(async () => {
    server = await startTestApp();
    http = request(server.app.getHttpServer());
  });

  afterAll(() => server.app.close());

  it('lists every tool with its JSON Schemas, cache policy and hints', async () => {
    const res = await http.get('/tools').expect(200);
    const names = (res.body.tools as { name: string }[]).map((tool) => tool.name);
    expect(names).toEqual(['find_items', 'get_item', 'slow_wait', 'explode', 'broken_output', 'ping']);
    const findItems = res.body.tools[0];
    expect(findItems).toMatchObject({
      name: 'find_items',
      title: 'Find items',
      description: 'Finds inventory items whose id or name matches the query.',
      cache: { ttlSeconds: 300 },
      idempotent: true,
      readOnly: true,
    });
    // The input side: `limit` has a default, so only `query` is required.
    expect(findItems.inputSchema).toMatchObject({
      type: 'object',
      required: ['query'],
      properties: {
        query: { type: 'string', minLength: 1, description: 'Part of an id or name' },
        limit: { type: 'integer', minimum: 1, maximum: 50, default: 5 },
      },
    });
    expect(findItems.outputSchema).toMatchObject({ type: 'object', required: ['query', 'limit', 'matches'] });
    expect(res.body.tools[3]).toMatchObject({ name: 'explode', cache: false, idempotent: false, readOnly: false });
  });

  it('describes one tool, and answers 404 for a tool that does not exist', async () => {
    const res = await http.get('/tools/get_item').expect(200);
    expect(res.body).toMatchObject({ name: 'get_item', cache: false, inputSchema: { required: ['id'] } });
    const missing = await http.get('/tools/nope').expect(404);
    expect(missing.body).toEqual({ error: { code: 'unknown_tool', message: 'unknown tool "nope"' } });
  });

  it('calls a tool with the JSON body as arguments, defaults applied', async () => {
    const res = await http.post('/tools/find_items').send({ query: '11' }).expect(200);
    expect(res.body).toEqual({ result: { query: '11', limit: 5, matches: ['11.01 Statements', '11.02 Loans'] } });
  });

  it('takes a missing body as no arguments', async () => {
    await http.post('/tools/ping').expect(200, { result: { pong: true } });
  });

  it('answers bad arguments with 400 naming each field and the rule it broke', async () => {
    const res = await http.post('/tools/find_items').send({ limit: 51 }).expect(400);
    expect(res.body).toEqual({
      error: {
        code: 'invalid_argument',
        message: 'query: is required; limit: must be at most 50',
        issues: [
          { path: 'query', message: 'is required' },
          { path: 'limit', message: 'must be at most 50' },
        ],
      },
    });
    const wrongTypes = await http.post('/tools/find_items').send({ query: '', limit: 2.5 }).expect(400);
    expect(wrongTypes.body.error.issues).toEqual([
      { path: 'query', message: 'must not be empty' },
      { path: 'limit', message: 'must be an integer' },
    ]);
  });

  it('rejects arguments that are not a JSON object', async () => {
    const res = await http.post('/tools/find_items').send([1, 2]).expect(400);
    expect(res.body.error).toMatchObject({ code: 'invalid_argument', message: '(arguments): must be an object' });
  });

  it('answers 404 for an unknown tool', async () => {
    const res = await http.post('/tools/nope').send({}).expect(404);
    expect(res.body).toEqual({ error: { code: 'unknown_tool', message: 'unknown tool "nope"' } });
  });

  it.each([
    ['12.99', 404, 'not_found', 'no item 12.99'],
    ['10.00', 409, 'conflict', REFUSALS['10.00'].message],
    ['00.00', 412, 'failed_precondition', REFUSALS['00.00'].message],
    ['99.99', 503, 'unavailable', REFUSALS['99.99'].message],
    ['98.98', 400, 'invalid_argument', REFUSALS['98.98'].message],
    ['97.97', 500, 'internal', REFUSALS['97.97'].message],
  ])('maps a ToolError for %s to HTTP %i (%s)', async (id, status, code, message) => {
    const res = await http.post('/tools/get_item').send({ id }).expect(status);
    const reason = REFUSALS[id]?.reason;
    expect(res.body).toEqual({ error: { code, message, ...(reason !== undefined && { reason }) } });
  });

  it('answers an unexpected handler error with a bare 500 and keeps the details in the server log', async () => {
    const res = await http.post('/tools/explode').send({}).expect(500);
    expect(res.body).toEqual({ error: { code: 'internal', message: 'internal error' } });
    expect(res.text).not.toContain('hunter2');
    const logged = server.logger.records.find((record) => record.level === 'error' && String(record.message).includes('explode'));
    expect(String(logged?.message)).toContain('hunter2');
    expect(String(logged?.params[0])).toMatch(/at .*inventory-tools\.ts/); // the stack, server-side only
  });

  it('aborts the handler when the client closes the connection', async () => {
    const req = httpRequest(`${server.baseUrl}/tools/slow_wait`, { method: 'POST', headers: { 'content-type': 'application/json' } });
    req.on('error', () => undefined); // the destroy below
    req.end(JSON.stringify({ ms: 30_000 }));
    const started = server.tools.waitsStarted;
    while (server.tools.waitsStarted === started) await sleep(5);
    req.destroy();
    await server.tools.lastAbortedWait; // resolves only when the handler's signal fired
    while (!server.logger.auditLines().some((line) => line.tool === 'slow_wait')) await sleep(5);
    expect(server.logger.auditLines().find((line) => line.tool === 'slow_wait')).toMatchObject({ outcome: 'cancelled', transport: 'rest' });
  });

  it('turns a result that breaks the output schema into an internal error', async () => {
    const res = await http.post('/tools/broken_output').send({}).expect(500);
    expect(res.body).toEqual({ error: { code: 'internal', message: 'internal error' } });
    expect(server.logger.text()).toContain('tool broken_output returned a result that breaks its output schema: count: must be a number');
  });
});
