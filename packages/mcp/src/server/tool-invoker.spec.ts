import { context, trace } from '@opentelemetry/api';
import { Logger } from '@nestjs/common';
import { InMemorySpanExporter, SimpleSpanProcessor, StackContextManager, TracerProvider } from '@opentelemetry/sdk-trace';
import { setTimeout as sleep } from 'node:timers/promises';
import { z } from 'zod';
import { ServerMetrics } from './server-metrics';
import { defineTool } from './tool-definition';
import { ToolInvoker, type ToolCall } from './tool-invoker';
import { ToolRegistry } from './tool-registry';

const spans = new InMemorySpanExporter();
const provider = new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter: spans })] });
trace.setGlobalTracerProvider(provider);
context.setGlobalContextManager(new StackContextManager().enable());
Logger.overrideLogger(false);

const registry = new ToolRegistry([
  defineTool({
    name: 'wait',
    description: 'waits for the signal',
    input: z.object({}),
    output: z.object({}),
    cache: false,
    idempotent: true,
    readOnly: true,
    handler: async (_args, { signal }) => {
      await sleep(60_000, undefined, { signal });
      return {};
    },
  }),
  defineTool({
    name: 'sync_throw',
    description: 'throws before returning a promise',
    input: z.object({}),
    output: z.object({}),
    cache: false,
    idempotent: true,
    readOnly: true,
    handler: () => {
      throw new TypeError('boom');
    },
  }),
  defineTool({
    name: 'async_refine',
    description: 'has a schema zod can only check asynchronously',
    input: z.object({ id: z.string().refine(async () => true) }),
    output: z.object({}),
    cache: false,
    idempotent: true,
    readOnly: true,
    handler: () => ({}),
  }),
]);
const invoker = new ToolInvoker(registry, new ServerMetrics());

function call(name: string, signal = new AbortController().signal): ToolCall {
  return { name, args: {}, caller: 'unit', transport: 'rest', signal };
}

describe('ToolInvoker', () => {
  beforeEach(() => spans.reset());

  it('parents the tool span on the active span when the call carries no trace context', async () => {
    const tracer = trace.getTracer('test');
    const http = tracer.startSpan('HTTP POST');
    const pending = context.with(trace.setSpan(context.active(), http), () => invoker.invoke(call('sync_throw')));
    http.end();
    await pending;
    await provider.forceFlush();
    const toolSpan = spans.getFinishedSpans().find((span) => span.name === 'mcp.tool sync_throw');
    expect(toolSpan?.parentSpanContext?.spanId).toBe(http.spanContext().spanId);
  });

  it('reports a handler that throws synchronously as an internal error', async () => {
    expect(await invoker.invoke(call('sync_throw'))).toEqual({ ok: false, error: { code: 'internal', message: 'internal error' } });
  });

  it('reports a schema it cannot run as an internal error instead of throwing', async () => {
    expect(await invoker.invoke({ ...call('async_refine'), args: { id: 'x' } })).toEqual({
      ok: false,
      error: { code: 'internal', message: 'internal error' },
    });
  });

  it('reports a call whose caller went away as cancelled, not as a fault', async () => {
    const controller = new AbortController();
    const pending = invoker.invoke(call('wait', controller.signal));
    controller.abort();
    expect(await pending).toEqual({ ok: false, error: { code: 'unavailable', message: 'the call was cancelled' } });
    await provider.forceFlush();
    expect(spans.getFinishedSpans()[0].attributes['mcp.outcome']).toBe('cancelled');
  });
});
