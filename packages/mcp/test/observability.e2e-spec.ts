import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { propagation, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider, type ReadableSpan } from '@opentelemetry/sdk-trace';
import { register } from 'prom-client';
import request from 'supertest';
import { connectClient } from './support/mcp-client';
import { startTestApp, type TestApp } from './support/test-app';

const spans = new InMemorySpanExporter();
const tracerProvider = new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter: spans })] });
trace.setGlobalTracerProvider(tracerProvider);
propagation.setGlobalPropagator(new W3CTraceContextPropagator());

/** Spans ended so far (export is asynchronous). */
async function finishedSpans(): Promise<ReadableSpan[]> {
  await tracerProvider.forceFlush();
  return spans.getFinishedSpans();
}

async function requestCount(tool: string, status: string): Promise<number> {
  const metric = register.getSingleMetric('mcp_requests_total');
  const values = (await metric?.get())?.values ?? [];
  return values.find((value) => value.labels.tool === tool && value.labels.status === status)?.value ?? 0;
}

async function durationCount(tool: string): Promise<number> {
  const metric = register.getSingleMetric('mcp_request_duration_seconds');
  const values: { labels: Record<string, unknown>; value: number; metricName?: string }[] = (await metric?.get())?.values ?? [];
  return values.find((value) => value.labels.tool === tool && value.metricName === 'mcp_request_duration_seconds_count')?.value ?? 0;
}

describe('metrics, audit log and spans', () => {
  let server: TestApp;
  let http: ReturnType<typeof request>;
  let client: Client;

  beforeAll(async () => {
    server = await startTestApp();
    http = request(server.app.getHttpServer());
    client = await connectClient(server.baseUrl, { 'x-emm-caller': 'bookmark-scraper' });
  });

  afterAll(async () => {
    await client.close();
    await server.app.close();
  });

  beforeEach(() => spans.reset());

  it('counts calls by tool and outcome and times them, whatever the transport', async () => {
    const before = {
      ok: await requestCount('find_items', 'ok'),
      invalid: await requestCount('find_items', 'invalid_argument'),
      notFound: await requestCount('get_item', 'not_found'),
      internal: await requestCount('explode', 'internal'),
      unknown: await requestCount('(unknown)', 'unknown_tool'),
      timed: await durationCount('find_items'),
    };
    await http.post('/tools/find_items').send({ query: '11' }).expect(200);
    await client.callTool({ name: 'find_items', arguments: { query: '12' } });
    await client.callTool({ name: 'find_items', arguments: {} });
    await client.callTool({ name: 'get_item', arguments: { id: '12.99' } });
    await http.post('/tools/explode').send({}).expect(500);
    await http.post('/tools/no_such_tool').send({}).expect(404);

    expect(await requestCount('find_items', 'ok')).toBe(before.ok + 2);
    expect(await requestCount('find_items', 'invalid_argument')).toBe(before.invalid + 1);
    expect(await requestCount('get_item', 'not_found')).toBe(before.notFound + 1);
    expect(await requestCount('explode', 'internal')).toBe(before.internal + 1);
    // A caller-chosen name never becomes a label value.
    expect(await requestCount('(unknown)', 'unknown_tool')).toBe(before.unknown + 1);
    expect(await requestCount('no_such_tool', 'unknown_tool')).toBe(0);
    expect(await durationCount('find_items')).toBe(before.timed + 3);
    expect(await register.getSingleMetricAsString('mcp_request_duration_seconds')).toContain('mcp_request_duration_seconds_bucket{le="0.0005",tool="find_items"}');
  });

  it('writes one audit line per call with who, how, outcome and duration — never the arguments', async () => {
    const seen = server.logger.auditLines().length;
    await http.post('/tools/find_items').set('x-emm-caller', 'file-system-agent').send({ query: 'TOPSECRET-QUERY' }).expect(200);
    await client.callTool({ name: 'get_item', arguments: { id: 'TOPSECRET-ID' } });
    const lines = server.logger.auditLines().slice(seen);
    expect(lines).toEqual([
      { msg: 'tool call', tool: 'find_items', caller: 'file-system-agent', transport: 'rest', outcome: 'ok', duration_ms: expect.any(Number) },
      { msg: 'tool call', tool: 'get_item', caller: 'bookmark-scraper', transport: 'mcp', outcome: 'invalid_argument', duration_ms: expect.any(Number) },
    ]);
    expect(server.logger.text()).not.toContain('TOPSECRET');
  });

  it('names an unidentified or oddly named caller anonymous', async () => {
    const seen = server.logger.auditLines().length;
    await http.post('/tools/ping').send({}).expect(200);
    await http.post('/tools/ping').set('x-emm-caller', 'name with spaces').send({}).expect(200);
    await http.post('/tools/ping').set('x-emm-caller', 'a'.repeat(65)).send({}).expect(200);
    expect(server.logger.auditLines().slice(seen).map((line) => line.caller)).toEqual(['anonymous', 'anonymous', 'anonymous']);
  });

  it('traces each call as "mcp.tool <name>" under the traceparent the MCP client sent in _meta', async () => {
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    const parentSpanId = '00f067aa0ba902b7';
    await client.callTool({ name: 'find_items', arguments: { query: '11' }, _meta: { traceparent: `00-${traceId}-${parentSpanId}-01` } });
    const [span] = await finishedSpans();
    expect(span.name).toBe('mcp.tool find_items');
    expect(span.spanContext().traceId).toBe(traceId);
    expect(span.parentSpanContext?.spanId).toBe(parentSpanId);
    expect(span.kind).toBe(SpanKind.SERVER);
    expect(span.attributes).toEqual({
      'mcp.tool.name': 'find_items',
      'mcp.transport': 'mcp',
      'mcp.caller': 'bookmark-scraper',
      'mcp.outcome': 'ok',
    });
    expect(span.status.code).toBe(SpanStatusCode.UNSET);
  });

  it('ignores a malformed traceparent and marks server faults as span errors', async () => {
    await client.callTool({ name: 'explode', arguments: {}, _meta: { traceparent: 'not-a-traceparent' } });
    const [span] = await finishedSpans();
    expect(span.parentSpanContext).toBeUndefined();
    expect(span.kind).toBe(SpanKind.INTERNAL);
    expect(span.attributes['mcp.outcome']).toBe('internal');
    expect(span.status.code).toBe(SpanStatusCode.ERROR);
    expect(span.events.map((event) => event.name)).toEqual(['exception']);
  });

  it('traces REST calls too, without marking a caller mistake as an error', async () => {
    await http.post('/tools/get_item').send({ id: '12.99' }).expect(404);
    const [span] = await finishedSpans();
    expect(span.attributes).toMatchObject({ 'mcp.transport': 'rest', 'mcp.outcome': 'not_found', 'mcp.caller': 'anonymous' });
    expect(span.status.code).toBe(SpanStatusCode.UNSET);
  });
});
