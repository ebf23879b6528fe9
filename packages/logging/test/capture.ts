import { context, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { TracerProvider } from '@opentelemetry/sdk-trace';
import type { DestinationStream } from 'pino';

export type LogLine = Record<string, unknown>;

/** A pino destination that keeps every line written to it, parsed. */
export function captureLines(): { lines: LogLine[]; destination: DestinationStream } {
  const lines: LogLine[] = [];
  const destination = {
    write(chunk: string): void {
      for (const line of chunk.split('\n')) if (line) lines.push(JSON.parse(line) as LogLine);
    },
  };
  return { lines, destination };
}

/** Registers a real tracer provider and async context manager, as the telemetry SDK does in an app. */
export function registerTracing(): { uninstall: () => void } {
  const contextManager = new AsyncLocalStorageContextManager().enable();
  context.setGlobalContextManager(contextManager);
  trace.setGlobalTracerProvider(new TracerProvider());
  return {
    uninstall: () => {
      trace.disable();
      context.disable();
    },
  };
}
