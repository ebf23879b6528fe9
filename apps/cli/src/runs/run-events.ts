import type { ItemOutcome, RunCounts, RunState, RunView } from '@emm/agent-runtime';
import { createParser, type EventSourceMessage, type ParseError } from 'eventsource-parser';
import { asItemEvent, asRunView, asStateEvent } from './run-api-schemas';

/** What GET /runs/:id/events carries: the run now, each finished item, each state change, the final run. */
export type RunStreamEvent =
  | { type: 'snapshot'; run: RunView }
  | { type: 'item'; item: ItemOutcome; counts: RunCounts }
  | { type: 'state'; state: RunState; counts: RunCounts; error?: string }
  | { type: 'end'; run: RunView };

/** The stream carried something the run API never sends. */
export class StreamFormatError extends Error {
  override readonly name = 'StreamFormatError';
}

/** One event's data is a run (snapshot, end) or an event object; far below this in practice. */
const MAX_EVENT_CHARS = 16 * 1024 * 1024;

function parseData(message: EventSourceMessage): unknown {
  try {
    return JSON.parse(message.data);
  } catch {
    throw new StreamFormatError(`the "${message.event ?? 'message'}" event's data is not JSON`);
  }
}

/** One SSE message as a run event; undefined for event types this CLI does not know (a newer agent's). */
export function toRunEvent(message: EventSourceMessage): RunStreamEvent | undefined {
  const type = message.event;
  if (type !== 'snapshot' && type !== 'end' && type !== 'item' && type !== 'state') return undefined;
  const data = parseData(message);
  if (type === 'snapshot' || type === 'end') {
    const run = asRunView(data);
    if (run === undefined) throw new StreamFormatError(`the "${type}" event does not carry a run`);
    return { type, run };
  }
  if (type === 'item') {
    const event = asItemEvent(data);
    if (event === undefined) throw new StreamFormatError('the "item" event does not carry an item outcome and counts');
    return { type, item: event.item, counts: event.counts };
  }
  const event = asStateEvent(data);
  if (event === undefined) throw new StreamFormatError('the "state" event does not carry a state and counts');
  return { type, state: event.state, counts: event.counts, ...(event.error !== undefined && { error: event.error }) };
}

/**
 * Decodes a Server-Sent Events byte stream into run events as they arrive,
 * however the bytes are split into chunks (inside a UTF-8 character, inside a
 * field, between the two newlines ending an event). Comments (the agent's
 * heartbeats) and unknown event types are skipped; an event cut off by the end
 * of the stream is dropped, as the SSE rules say.
 */
export async function* decodeRunEvents(chunks: AsyncIterable<Uint8Array | string>): AsyncGenerator<RunStreamEvent> {
  const ready: RunStreamEvent[] = [];
  let failure: Error | undefined;
  const parser = createParser({
    maxBufferSize: MAX_EVENT_CHARS,
    onEvent: (message) => {
      if (failure !== undefined) return;
      try {
        const event = toRunEvent(message);
        if (event !== undefined) ready.push(event);
      } catch (error) {
        failure = error as Error;
      }
    },
    onError: (error: ParseError) => {
      // Unknown fields are allowed by the SSE rules (ignored); an event beyond any sane size is not.
      if (error.type === 'max-buffer-size-exceeded') failure ??= new StreamFormatError(`an event is larger than ${MAX_EVENT_CHARS} characters`);
    },
  });
  const decoder = new TextDecoder();
  for await (const chunk of chunks) {
    parser.feed(typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true }));
    yield* ready.splice(0);
    if (failure !== undefined) throw failure;
  }
  parser.feed(decoder.decode());
  yield* ready.splice(0);
  if (failure !== undefined) throw failure;
}
