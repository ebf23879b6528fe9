import { context, propagation, SpanKind, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider, type ReadableSpan } from '@opentelemetry/sdk-trace';
import { startRedis, waitFor, type RedisServer } from '@emm/testing';
import { McpClient } from '../../src';
import { getStructure } from './support/contracts';
import { startJdService, type JdService } from './support/jd-service';
import { OtlpReceiver, type ReceivedSpan } from './support/otlp-receiver';
import { RecordingLogger } from './support/silent-logger';

/** OTLP span kind of a server span. */
const OTLP_SERVER = 2;

describe('one trace from the caller through the tool to Redis (OTLP/HTTP)', () => {
  let receiver: OtlpReceiver;
  let redis: RedisServer;
  let jd: JdService;
  let tracerProvider: TracerProvider;
  const clientSpans = new InMemorySpanExporter();
  let contextManager: AsyncLocalStorageContextManager;
  let client: McpClient<'jd-classifier'>;

  beforeAll(async () => {
    receiver = await OtlpReceiver.start();
    // The calling side: a tracer provider, ALS context and W3C propagation, as @emm/telemetry sets up in an agent.
    // (Its spans stay in memory: the OTLP exporter loads its HTTP transport with a dynamic import jest cannot run.)
    tracerProvider = new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter: clientSpans })] });
    contextManager = new AsyncLocalStorageContextManager().enable();
    context.setGlobalContextManager(contextManager);
    propagation.setGlobalPropagator(new W3CTraceContextPropagator());
    trace.setGlobalTracerProvider(tracerProvider);

    redis = await startRedis();
    jd = await startJdService({
      redisUrl: redis.url,
      env: { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_BSP_SCHEDULE_DELAY: '50' },
    });
    client = new McpClient({ service: 'jd-classifier', caller: 'trace-e2e', url: jd.mcpUrl, logger: new RecordingLogger() });
  });

  afterAll(async () => {
    await client?.close();
    await jd?.stop();
    await redis?.stop();
    await tracerProvider?.shutdown();
    trace.disable();
    propagation.disable();
    context.disable();
    await receiver?.close();
  });

  it('makes the client span (caller) the parent of the service’s spans (received over OTLP), with Redis below the tool', async () => {
    const tracer = trace.getTracer('trace-e2e');
    const agentSpan = tracer.startSpan('agent step');
    await context.with(trace.setSpan(context.active(), agentSpan), () => client.call(getStructure, { id: '11' }));
    agentSpan.end();
    await tracerProvider.forceFlush();
    const traceId = agentSpan.spanContext().traceId;
    const inTrace = (): ReceivedSpan[] => receiver.spans.filter((span) => span.traceId === traceId);
    const find = (predicate: (span: ReceivedSpan) => boolean): ReceivedSpan | undefined => inTrace().find(predicate);

    const isRedis = (span: ReceivedSpan): boolean => span.attributes['db.system'] === 'redis' || span.attributes['db.system.name'] === 'redis';
    await waitFor(() => find((span) => span.name === 'mcp.tool get_structure') !== undefined && find(isRedis) !== undefined, {
      timeoutMs: 10_000,
      message: 'the service to export its tool and Redis spans',
    });

    const callSpan: ReadableSpan | undefined = clientSpans.getFinishedSpans().find((span) => span.name === 'tools/call get_structure');
    expect(callSpan?.kind).toBe(SpanKind.CLIENT);
    expect(callSpan?.spanContext().traceId).toBe(traceId);
    expect(callSpan?.parentSpanContext?.spanId).toBe(agentSpan.spanContext().spanId);
    expect(callSpan?.attributes).toMatchObject({ 'mcp.method.name': 'tools/call', 'gen_ai.tool.name': 'get_structure', 'mcp.server': 'jd-classifier', 'mcp.attempts': 1 });
    const clientSpan = { spanId: callSpan?.spanContext().spanId };

    // `_meta.traceparent`: the tool span is the client span's child, in the service's own process.
    const toolSpan = find((span) => span.name === 'mcp.tool get_structure');
    expect(toolSpan).toMatchObject({ service: 'jd-classifier-service', kind: OTLP_SERVER, parentSpanId: clientSpan?.spanId });
    expect(toolSpan?.attributes).toMatchObject({ 'mcp.caller': 'trace-e2e', 'mcp.outcome': 'ok' });

    // The `traceparent` header: the service's HTTP span is a child of the client span too.
    const httpSpan = find((span) => span.service === 'jd-classifier-service' && span.kind === OTLP_SERVER && span.name.startsWith('POST'));
    expect(httpSpan?.parentSpanId).toBe(clientSpan?.spanId);

    // agent → tool → Redis: the allocator's Redis read hangs below the tool span.
    const redisSpan = find(isRedis);
    expect(redisSpan?.service).toBe('jd-classifier-service');
    const ancestors = new Set<string>();
    for (let span = redisSpan; span?.parentSpanId !== undefined; span = find((candidate) => candidate.spanId === span?.parentSpanId)) {
      ancestors.add(span.parentSpanId);
    }
    expect(ancestors).toContain(toolSpan?.spanId);
  });
});
