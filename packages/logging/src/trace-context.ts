import { isSpanContextValid, trace } from '@opentelemetry/api';

export interface TraceFields {
  trace_id?: string;
  span_id?: string;
}

/**
 * pino `mixin`: stamps each line with the ids of the span active while it is
 * written, so a log line leads to its trace. Without an active (or with a
 * non-recording, invalid) span nothing is added.
 */
export function activeTraceFields(): TraceFields {
  const spanContext = trace.getActiveSpan()?.spanContext();
  if (!spanContext || !isSpanContextValid(spanContext)) return {};
  return { trace_id: spanContext.traceId, span_id: spanContext.spanId };
}
