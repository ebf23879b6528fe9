import { Body, Controller, Module, Post } from '@nestjs/common';
import request from 'supertest';
import { DEFAULT_MAX_BODY_BYTES } from '../src';
import { MCP_POST_HEADERS, toolCallBody } from './support/mcp-client';
import { startTestApp, type TestApp } from './support/test-app';

/** A route of the app outside the MCP module: it must keep Nest's own body parsing. */
@Controller('echo')
class EchoController {
  @Post()
  echo(@Body() body: unknown): unknown {
    return { received: body };
  }
}

@Module({ controllers: [EchoController] })
class EchoModule {}

/** A `find_items` query of about `bytes` bytes: the tool accepts any length. */
function bigQuery(bytes: number): string {
  return 'x'.repeat(bytes);
}

describe.each([
  ['Nest body parser on (the default)', {}],
  ['Nest body parser off', { bodyParser: false }],
])('request bodies, %s', (_label, appOptions) => {
  let server: TestApp;
  let http: ReturnType<typeof request>;

  beforeAll(async () => {
    server = await startTestApp({}, { appOptions, imports: [EchoModule] });
    http = request(server.app.getHttpServer());
  });

  afterAll(() => server.app.close());

  it('accepts bodies past Nest’s 100 kB default, up to maxBodyBytes (1 MiB)', async () => {
    const query = bigQuery(500_000);
    const rest = await http.post('/tools/find_items').send({ query }).expect(200);
    expect(rest.body.result.query).toHaveLength(500_000);
    const mcp = await http.post('/mcp').set(MCP_POST_HEADERS).send(toolCallBody('find_items', { query })).expect(200);
    expect(mcp.body.result.structuredContent.query).toHaveLength(500_000);
  });

  it('answers a body over maxBodyBytes with 413 and a clear JSON error', async () => {
    const query = bigQuery(DEFAULT_MAX_BODY_BYTES + 10);
    const rest = await http.post('/tools/find_items').send({ query }).expect(413);
    expect(rest.body).toEqual({ error: { code: 'payload_too_large', message: 'request body exceeds 1048576 bytes' } });
    const mcp = await http.post('/mcp').set(MCP_POST_HEADERS).send(toolCallBody('find_items', { query })).expect(413);
    expect(mcp.body).toEqual({ jsonrpc: '2.0', error: { code: -32000, message: 'request body exceeds 1048576 bytes' }, id: null });
  });

  it('answers malformed JSON with 400 invalid_json, and on /mcp with the JSON-RPC parse error', async () => {
    const rest = await http.post('/tools/find_items').set('Content-Type', 'application/json').send('{"query": ').expect(400);
    expect(rest.body).toEqual({ error: { code: 'invalid_json', message: 'request body is not valid JSON' } });
    const mcp = await http.post('/mcp').set(MCP_POST_HEADERS).send('{"jsonrpc": "2.0", ').expect(400);
    expect(mcp.body).toEqual({ jsonrpc: '2.0', error: { code: -32700, message: 'request body is not valid JSON' }, id: null });
  });

  it('wants the REST arguments declared as JSON', async () => {
    const res = await http.post('/tools/find_items').set('Content-Type', 'text/plain').send('{"query":"11"}').expect(415);
    expect(res.body.error.code).toBe('unsupported_media_type');
    const form = await http.post('/tools/find_items').type('form').send({ query: '11' }).expect(415);
    expect(form.body.error.message).toBe('send the arguments as JSON with Content-Type: application/json');
  });

  it('lets the MCP transport refuse a wrong Content-Type on /mcp (415)', async () => {
    const res = await http
      .post('/mcp')
      .set({ ...MCP_POST_HEADERS, 'content-type': 'text/plain' })
      .send(toolCallBody('ping', {}))
      .expect(415);
    expect(res.body.error.code).toBe(-32000);
  });

  it('leaves other routes to whatever body parsing the app chose', async () => {
    const res = await http.post('/echo').send({ hello: 'world' }).expect(201);
    expect(res.body).toEqual({ received: 'bodyParser' in appOptions ? undefined : { hello: 'world' } });
  });
});

describe('a smaller maxBodyBytes', () => {
  let server: TestApp;

  beforeAll(async () => {
    server = await startTestApp({ maxBodyBytes: 64 });
  });

  afterAll(() => server.app.close());

  it('is enforced on both routes', async () => {
    const http = request(server.app.getHttpServer());
    await http.post('/tools/find_items').send({ query: 'x'.repeat(40) }).expect(200);
    const res = await http.post('/tools/find_items').send({ query: 'x'.repeat(80) }).expect(413);
    expect(res.body.error.message).toBe('request body exceeds 64 bytes');
    await http.post('/mcp').set(MCP_POST_HEADERS).send(toolCallBody('find_items', { query: 'x' })).expect(413);
  });
});
