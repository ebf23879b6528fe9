import { context, propagation, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import { extractTraceContext, injectTraceContext, withSpan } from './spans';

describe('span helpers', () => {
  const exporter = new InMemorySpanExporter();

  beforeAll(() => {
    context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
    trace.setGlobalTracerProvider(new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter })] }));
    propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  });
  afterAll(() => {
    trace.disable();
    context.disable();
    propagation.disable();
  });
  beforeEach(() => exporter.reset());

  describe('withSpan', () => {
    it('returns the result and ends a span with the attributes, parent of spans made inside', async () => {
      const result = await withSpan('mcp.call', { 'mcp.tool': 'classify_content' }, async () => {
        await new Promise((resolve) => setTimeout(resolve, 1));
        return withSpan('redis.get', {}, () => 'cached');
      });

      expect(result).toBe('cached');
      const [inner, outer] = exporter.getFinishedSpans();
      expect(outer.name).toBe('mcp.call');
      expect(outer.attributes).toEqual({ 'mcp.tool': 'classify_content' });
      expect(outer.status.code).toBe(SpanStatusCode.UNSET);
      expect(inner.parentSpanContext?.spanId).toBe(outer.spanContext().spanId);
      expect(inner.spanContext().traceId).toBe(outer.spanContext().traceId);
    });

    it('records a thrown error, marks the span failed, ends it and rethrows', async () => {
      const failure = new Error('upstream timed out');
      await expect(
        withSpan('mcp.call', {}, () => {
          throw failure;
        }),
      ).rejects.toBe(failure);

      const [span] = exporter.getFinishedSpans();
      expect(span.status).toEqual({ code: SpanStatusCode.ERROR, message: 'upstream timed out' });
      expect(span.events.map((event) => [event.name, event.attributes?.['exception.message']])).toEqual([
        ['exception', 'upstream timed out'],
      ]);
    });

    it('passes span options through', async () => {
      await withSpan('outgoing', {}, () => undefined, { kind: SpanKind.CLIENT });
      expect(exporter.getFinishedSpans()[0].kind).toBe(SpanKind.CLIENT);
    });
  });

  describe('trace context propagation', () => {
    it('carries the active trace through a carrier to the other side', async () => {
      const { carrier, sent } = await withSpan('producer', {}, (span) => ({
        carrier: injectTraceContext(),
        sent: span.spanContext(),
      }));
      expect(carrier.traceparent).toBe(`00-${sent.traceId}-${sent.spanId}-01`);

      const received = await context.with(extractTraceContext(carrier), () =>
        withSpan('consumer', {}, (span) => span.spanContext()),
      );
      expect(received.traceId).toBe(sent.traceId);
      const consumer = exporter.getFinishedSpans().find((span) => span.name === 'consumer');
      expect(consumer?.parentSpanContext?.spanId).toBe(sent.spanId);
    });

    it('leaves the carrier empty outside a span', () => {
      expect(injectTraceContext({ existing: 'kept' })).toEqual({ existing: 'kept' });
    });
  });
});
