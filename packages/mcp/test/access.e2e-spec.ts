import { Controller, Get, Module } from '@nestjs/common';
import request from 'supertest';
import { connectClient, MCP_POST_HEADERS, toolCallBody } from './support/mcp-client';
import { startTestApp, type TestApp } from './support/test-app';

const TOKEN = 's3cret-token-for-tests';

/** Stands in for the health and metrics routes, which the MCP guard must leave alone. */
@Controller('health')
class HealthController {
  @Get('live')
  live(): { status: string } {
    return { status: 'ok' };
  }
}

@Module({ controllers: [HealthController] })
class HealthModule {}

describe('authentication', () => {
  describe('with an authToken', () => {
    let server: TestApp;
    let http: ReturnType<typeof request>;

    beforeAll(async () => {
      server = await startTestApp({ authToken: TOKEN }, { imports: [HealthModule] });
      http = request(server.app.getHttpServer());
    });

    afterAll(() => server.app.close());

    it('answers REST calls without a token with 401, WWW-Authenticate and a JSON body', async () => {
      for (const req of [http.get('/tools'), http.get('/tools/ping'), http.post('/tools/ping').send({})]) {
        const res = await req.expect(401);
        expect(res.headers['www-authenticate']).toBe('Bearer realm="emm"');
        expect(res.body).toEqual({ error: { code: 'unauthorized', message: 'send Authorization: Bearer <token>' } });
      }
    });

    it('answers a wrong token with 401 and error="invalid_token"', async () => {
      const res = await http.post('/tools/ping').set('Authorization', 'Bearer wrong').send({}).expect(401);
      expect(res.headers['www-authenticate']).toBe('Bearer realm="emm", error="invalid_token"');
      expect(res.body.error).toEqual({ code: 'unauthorized', message: 'the bearer token is not valid' });
    });

    it('treats another scheme as no token', async () => {
      const res = await http.get('/tools').set('Authorization', `Basic ${TOKEN}`).expect(401);
      expect(res.headers['www-authenticate']).toBe('Bearer realm="emm"');
    });

    it('serves REST calls with the right token', async () => {
      await http.post('/tools/ping').set('Authorization', `Bearer ${TOKEN}`).send({}).expect(200, { result: { pong: true } });
      await http.get('/tools').set('Authorization', `bearer ${TOKEN}`).expect(200);
    });

    it('answers /mcp without a token with 401 in the JSON-RPC error shape', async () => {
      const res = await fetch(`${server.baseUrl}/mcp`, { method: 'POST', headers: MCP_POST_HEADERS, body: toolCallBody('ping', {}) });
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toBe('Bearer realm="emm"');
      expect(await res.json()).toEqual({
        jsonrpc: '2.0',
        error: { code: -32000, message: 'send Authorization: Bearer <token>' },
        id: null,
      });
      await expect(connectClient(server.baseUrl)).rejects.toThrow();
    });

    it('serves an MCP client that sends the token', async () => {
      const client = await connectClient(server.baseUrl, { authorization: `Bearer ${TOKEN}` });
      try {
        expect(await client.callTool({ name: 'ping', arguments: {} })).toMatchObject({ structuredContent: { pong: true } });
      } finally {
        await client.close();
      }
    });

    it('leaves other routes (health, metrics) open', async () => {
      await http.get('/health/live').expect(200, { status: 'ok' });
      await http.get('/health/live').set('Host', 'evil.example.com').set('Origin', 'http://evil.example.com').expect(200);
    });
  });

  describe('without an authToken', () => {
    let server: TestApp;

    beforeAll(async () => {
      server = await startTestApp();
    });

    afterAll(() => server.app.close());

    it('serves REST and MCP without any Authorization header', async () => {
      await request(server.app.getHttpServer()).post('/tools/ping').send({}).expect(200);
      const client = await connectClient(server.baseUrl);
      try {
        expect(await client.callTool({ name: 'ping', arguments: {} })).toMatchObject({ structuredContent: { pong: true } });
      } finally {
        await client.close();
      }
    });
  });
});

describe('DNS-rebinding protection (Host and Origin)', () => {
  let server: TestApp;
  let http: ReturnType<typeof request>;

  beforeAll(async () => {
    server = await startTestApp({
      allowedHosts: ['jd-classifier-service', 'jd-classifier-service.emm.svc.cluster.local:8080'],
      allowedOrigins: ['https://inspector.example.com'],
    });
    http = request(server.app.getHttpServer());
  });

  afterAll(() => server.app.close());

  it('rejects a foreign Host with 403, on REST and on /mcp', async () => {
    const rest = await http.post('/tools/ping').set('Host', 'evil.example.com').send({}).expect(403);
    expect(rest.body).toEqual({ error: { code: 'forbidden', message: 'Host "evil.example.com" is not allowed (see allowedHosts)' } });
    const mcp = await http.post('/mcp').set(MCP_POST_HEADERS).set('Host', 'evil.example.com:8080').send(toolCallBody('ping', {})).expect(403);
    expect(mcp.body).toEqual({
      jsonrpc: '2.0',
      error: { code: -32000, message: 'Host "evil.example.com:8080" is not allowed (see allowedHosts)' },
      id: null,
    });
  });

  it('accepts loopback hosts on any port and the configured service names', async () => {
    for (const host of ['localhost', 'localhost:3000', '127.0.0.1:9', '[::1]:8080', 'jd-classifier-service:8080', 'JD-Classifier-Service']) {
      await http.post('/tools/ping').set('Host', host).send({}).expect(200);
    }
    await http.post('/tools/ping').set('Host', 'jd-classifier-service.emm.svc.cluster.local:8080').send({}).expect(200);
  });

  it('holds a host configured with a port to that port', async () => {
    await http.post('/tools/ping').set('Host', 'jd-classifier-service.emm.svc.cluster.local:9090').send({}).expect(403);
  });

  it('rejects a foreign Origin with 403 and accepts loopback and configured origins', async () => {
    const res = await http.post('/tools/ping').set('Origin', 'http://evil.example.com').send({}).expect(403);
    expect(res.body.error).toEqual({ code: 'forbidden', message: 'Origin "http://evil.example.com" is not allowed (see allowedOrigins)' });
    await http.post('/mcp').set(MCP_POST_HEADERS).set('Origin', 'null').send(toolCallBody('ping', {})).expect(403);
    for (const origin of ['http://localhost:6274', 'https://127.0.0.1', 'https://inspector.example.com']) {
      await http.post('/tools/ping').set('Origin', origin).send({}).expect(200);
    }
  });

  it('passes the conformance suite check: evil Host+Origin refused, loopback Host+Origin served', async () => {
    const { port } = new URL(server.baseUrl);
    const initialize = JSON.stringify({
      jsonrpc: '2.0',
      id: 1,
      method: 'initialize',
      params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'rebinding-check', version: '1' } },
    });
    await http.post('/mcp').set(MCP_POST_HEADERS).set({ Host: 'evil.example.com', Origin: 'http://evil.example.com' }).send(initialize).expect(403);
    const ok = await http
      .post('/mcp')
      .set(MCP_POST_HEADERS)
      .set({ Host: `127.0.0.1:${port}`, Origin: `http://127.0.0.1:${port}` })
      .send(initialize)
      .expect(200);
    expect(ok.body.result).toMatchObject({ protocolVersion: '2025-11-25', serverInfo: { name: 'inventory-service' } });
  });
});
