import {
  type Attributes,
  type Context,
  context,
  propagation,
  type Span,
  type SpanOptions,
  SpanStatusCode,
  trace,
} from '@opentelemetry/api';

const tracer = trace.getTracer('@emm/telemetry');

/** Headers (or a job's data field) that carry `traceparent`, `tracestate` and `baggage` across a hop. */
export type TraceCarrier = Record<string, string>;

/**
 * Runs `fn` inside a new active span named `name`: spans and logs made inside
 * become its children. A thrown error is recorded on the span, marks it as
 * failed and is rethrown; the span always ends.
 */
export function withSpan<T>(
  name: string,
  attributes: Attributes,
  fn: (span: Span) => T | Promise<T>,
  options: Omit<SpanOptions, 'attributes'> = {},
): Promise<T> {
  return tracer.startActiveSpan(name, { ...options, attributes }, async (span) => {
    try {
      return await fn(span);
    } catch (error: unknown) {
      const exception = error instanceof Error ? error : new Error(String(error));
      span.recordException(exception);
      span.setStatus({ code: SpanStatusCode.ERROR, message: exception.message });
      throw error;
    } finally {
      span.end();
    }
  });
}

/** Writes the active trace context into `carrier` (e.g. outgoing headers, a BullMQ job's data) and returns it. */
export function injectTraceContext<C extends TraceCarrier>(carrier: C = {} as C): C {
  propagation.inject(context.active(), carrier);
  return carrier;
}

/**
 * The context `carrier` describes, on top of the active one; run work in it
 * with `context.with(extractTraceContext(carrier), fn)` to continue the trace.
 */
export function extractTraceContext(carrier: Record<string, string | string[] | undefined>): Context {
  return propagation.extract(context.active(), carrier);
}
