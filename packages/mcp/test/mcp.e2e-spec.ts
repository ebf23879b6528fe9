import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { ErrorCode, McpError, type CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { request } from 'node:http';
import { CACHE_META_KEY, ERROR_META_KEY } from '../src';
import { findItemsOutput } from './support/inventory-tools';
import { connectClient, MCP_POST_HEADERS, toolCallBody } from './support/mcp-client';
import { startTestApp, type TestApp } from './support/test-app';

function text(result: CallToolResult): string {
  const [first] = result.content;
  if (first?.type !== 'text') throw new Error('expected a text content block');
  return first.text;
}

describe('MCP over Streamable HTTP (POST /mcp)', () => {
  let server: TestApp;
  let client: Client;

  beforeAll(async () => {
    server = await startTestApp();
    client = await connectClient(server.baseUrl, { 'x-emm-caller': 'e2e-agent' });
  });

  afterAll(async () => {
    await client.close();
    await server.app.close();
  });

  it('initializes with protocol revision 2025-11-25, the server info, instructions and the tools capability', () => {
    expect(client.getServerVersion()).toEqual({ name: 'inventory-service', version: '1.2.3' });
    expect(client.getInstructions()).toBe('Look items up by id or name.');
    expect(client.getServerCapabilities()).toEqual({ tools: { listChanged: false } });
    expect((client.transport as { protocolVersion?: string }).protocolVersion).toBe('2025-11-25');
  });

  it('lists tools with input/output JSON Schemas, annotations and the cache policy', async () => {
    const { tools } = await client.listTools();
    expect(tools.map((tool) => tool.name)).toEqual(['find_items', 'get_item', 'slow_wait', 'explode', 'broken_output', 'ping']);
    const [findItems, getItem] = tools;
    expect(findItems).toMatchObject({
      title: 'Find items',
      description: 'Finds inventory items whose id or name matches the query.',
      inputSchema: { type: 'object', required: ['query'], properties: { limit: { type: 'integer', default: 5, maximum: 50 } } },
      outputSchema: { type: 'object', required: ['query', 'limit', 'matches'] },
      annotations: { title: 'Find items', readOnlyHint: true, idempotentHint: true },
      _meta: { [CACHE_META_KEY]: { ttlSeconds: 300 } },
    });
    expect(getItem._meta).toBeUndefined();
  });

  it('calls a tool: structuredContent matches the output schema, the text block carries the same JSON', async () => {
    const result = (await client.callTool({ name: 'find_items', arguments: { query: 'pay' } })) as CallToolResult;
    expect(result.isError).toBeFalsy();
    const output = findItemsOutput.parse(result.structuredContent);
    expect(output).toEqual({ query: 'pay', limit: 5, matches: ['12.01 Payslips'] });
    expect(JSON.parse(text(result))).toEqual(output);
  });

  it('answers invalid arguments with a tool error naming each field and rule', async () => {
    const result = (await client.callTool({ name: 'find_items', arguments: { limit: 51 } })) as CallToolResult;
    expect(result.isError).toBe(true);
    expect(text(result)).toBe('invalid_argument: query: is required; limit: must be at most 50');
    expect(result.structuredContent).toBeUndefined();
    expect(result._meta?.[ERROR_META_KEY]).toEqual({
      code: 'invalid_argument',
      message: 'query: is required; limit: must be at most 50',
      issues: [
        { path: 'query', message: 'is required' },
        { path: 'limit', message: 'must be at most 50' },
      ],
    });
  });

  it('answers an unknown tool with a JSON-RPC InvalidParams error', async () => {
    const call = client.callTool({ name: 'nope', arguments: {} });
    await expect(call).rejects.toBeInstanceOf(McpError);
    await expect(call).rejects.toMatchObject({ code: ErrorCode.InvalidParams, message: expect.stringContaining('Unknown tool: nope') });
  });

  it('answers a ToolError with a tool error "code: message"', async () => {
    const result = (await client.callTool({ name: 'get_item', arguments: { id: '12.99' } })) as CallToolResult;
    expect(result.isError).toBe(true);
    expect(text(result)).toBe('not_found: no item 12.99');
    expect(result._meta?.[ERROR_META_KEY]).toEqual({ code: 'not_found', message: 'no item 12.99' });
  });

  it('carries a ToolError’s reason in _meta for callers that act on it', async () => {
    const result = (await client.callTool({ name: 'get_item', arguments: { id: '00.00' } })) as CallToolResult;
    expect(result.isError).toBe(true);
    expect(result._meta?.[ERROR_META_KEY]).toEqual({ code: 'failed_precondition', message: 'item 00.00 is reserved', reason: 'reserved' });
  });

  it('answers an unexpected handler error with "internal error", without stack or details', async () => {
    const result = (await client.callTool({ name: 'explode', arguments: {} })) as CallToolResult;
    expect(result.isError).toBe(true);
    expect(text(result)).toBe('internal: internal error');
    expect(JSON.stringify(result)).not.toMatch(/hunter2|\bat .*\.ts:\d+/);
  });

  it('turns a result that breaks the output schema into an internal error', async () => {
    const result = (await client.callTool({ name: 'broken_output', arguments: {} })) as CallToolResult;
    expect(result).toMatchObject({ isError: true, content: [{ type: 'text', text: 'internal: internal error' }] });
  });

  it('aborts the handler when the client closes the connection', async () => {
    // Stateless: a later notifications/cancelled reaches a different Server instance, so closing
    // the HTTP request (what a client's timeout does) is how a call gets cancelled.
    const req = request(`${server.baseUrl}/mcp`, { method: 'POST', headers: { ...MCP_POST_HEADERS, 'x-emm-caller': 'e2e-agent' } });
    req.on('error', () => undefined); // the destroy below
    req.end(toolCallBody('slow_wait', { ms: 30_000 }));
    await waitUntil(() => server.tools.waitsStarted > 0);
    req.destroy();
    await server.tools.lastAbortedWait; // resolves only when the handler's signal fired
    const audit = () => server.logger.auditLines().filter((line) => line.tool === 'slow_wait');
    await waitUntil(() => audit().length > 0);
    expect(audit()[0]).toMatchObject({ outcome: 'cancelled', transport: 'mcp', caller: 'e2e-agent' });
  });

  it('answers GET and DELETE with 405 and Allow: POST (stateless: no SSE stream, no session)', async () => {
    for (const method of ['GET', 'DELETE']) {
      const res = await fetch(`${server.baseUrl}/mcp`, { method, headers: { accept: 'text/event-stream' } });
      expect(res.status).toBe(405);
      expect(res.headers.get('allow')).toBe('POST');
      expect(await res.json()).toEqual({
        jsonrpc: '2.0',
        error: { code: -32000, message: 'Method not allowed: this stateless MCP server only answers POST' },
        id: null,
      });
    }
  });

  it('serves a tools/call without a prior initialize and without a session id (any replica can answer)', async () => {
    const res = await fetch(`${server.baseUrl}/mcp`, { method: 'POST', headers: MCP_POST_HEADERS, body: toolCallBody('ping', {}, 7) });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('application/json');
    expect(res.headers.get('mcp-session-id')).toBeNull();
    expect(await res.json()).toEqual({
      jsonrpc: '2.0',
      id: 7,
      result: { content: [{ type: 'text', text: '{"pong":true}' }], structuredContent: { pong: true } },
    });
  });
});

async function waitUntil(condition: () => boolean, timeoutMs = 2_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
