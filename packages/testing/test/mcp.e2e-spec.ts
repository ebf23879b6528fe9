import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { connectMcpClient } from '../src/mcp';

/** A stateless MCP server from the SDK that records each request's path and headers. */
async function startMcpServer(): Promise<{ baseUrl: string; requests: Array<{ path?: string; headers: IncomingHttpHeaders }>; server: Server }> {
  const requests: Array<{ path?: string; headers: IncomingHttpHeaders }> = [];
  const server = createServer((req, res) => {
    requests.push({ path: req.url, headers: req.headers });
    const mcp = new McpServer({ name: 'recording-server', version: '1.0.0' });
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
    res.on('close', () => void mcp.close());
    void mcp.connect(transport).then(() => transport.handleRequest(req, res));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests, server };
}

describe('connectMcpClient', () => {
  let mcp: Awaited<ReturnType<typeof startMcpServer>>;
  let client: Client | undefined;

  beforeEach(async () => {
    mcp = await startMcpServer();
  });

  afterEach(async () => {
    await client?.close();
    mcp.server.closeAllConnections();
    await new Promise((resolve) => mcp.server.close(resolve));
  });

  it('connects to <baseUrl>/mcp under its name, without credentials by default', async () => {
    client = await connectMcpClient(mcp.baseUrl, { name: 'some-e2e' });
    expect(client.getServerVersion()?.name).toBe('recording-server');
    expect(mcp.requests[0]).toMatchObject({ path: '/mcp' });
    expect(mcp.requests[0].headers.authorization).toBeUndefined();
    expect(JSON.stringify(mcp.requests)).not.toContain('Bearer');
  });

  it('sends the token as a bearer header on every request', async () => {
    client = await connectMcpClient(mcp.baseUrl, { name: 'some-e2e', token: 'secret-token' });
    expect(mcp.requests.length).toBeGreaterThan(0);
    for (const request of mcp.requests) expect(request.headers.authorization).toBe('Bearer secret-token');
  });
});
