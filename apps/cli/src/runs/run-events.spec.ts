import { decodeRunEvents, StreamFormatError, type RunStreamEvent } from './run-events';

const counts = { total: 2, pending: 1, done: 1, failed: 0, skipped: 0, needsReview: 0 };
const run = { id: 'r1', workflow: 'file-import', state: 'running', trigger: 'api', input: {}, counts, createdAt: '2026-01-31T09:00:00.000Z', retries: 0 };
const item = { key: 'a.pdf', label: 'Größe – Übersicht.pdf', status: 'done', notePath: '10-19 Finance/11 Banking/a.md', attempts: 1 };

/** What the agent writes (see RunEventStreams): named events with JSON data, heartbeat comments between them. */
const STREAM = [
  `event: snapshot\ndata: ${JSON.stringify(run)}\n\n`,
  ': keep-alive\n\n',
  `event: item\ndata: ${JSON.stringify({ type: 'item', runId: 'r1', item, counts })}\n\n`,
  `event: state\ndata: ${JSON.stringify({ type: 'state', runId: 'r1', state: 'completed', counts: { ...counts, pending: 0, done: 2 } })}\n\n`,
  `event: end\ndata: ${JSON.stringify({ ...run, state: 'completed' })}\n\n`,
].join('');

async function* chunksOf(bytes: Uint8Array, size: number): AsyncGenerator<Uint8Array> {
  for (let start = 0; start < bytes.length; start += size) yield bytes.subarray(start, start + size);
}

async function decode(chunks: AsyncIterable<Uint8Array | string>): Promise<RunStreamEvent[]> {
  const events: RunStreamEvent[] = [];
  for await (const event of decodeRunEvents(chunks)) events.push(event);
  return events;
}

async function* strings(...parts: string[]): AsyncGenerator<string> {
  yield* parts;
}

describe('decodeRunEvents', () => {
  it('yields snapshot, item, state and end with their data, skipping heartbeats', async () => {
    const events = await decode(strings(STREAM));
    expect(events.map((event) => event.type)).toEqual(['snapshot', 'item', 'state', 'end']);
    expect(events[0]).toEqual({ type: 'snapshot', run });
    expect(events[1]).toEqual({ type: 'item', item, counts });
    expect(events[2]).toEqual({ type: 'state', state: 'completed', counts: { ...counts, pending: 0, done: 2 } });
    expect(events[3]).toMatchObject({ type: 'end', run: { state: 'completed' } });
  });

  it('gives the same events however the bytes are cut, even inside a multi-byte character', async () => {
    const bytes = new TextEncoder().encode(STREAM);
    const whole = await decode(strings(STREAM));
    for (const size of [1, 2, 3, 7, 64]) {
      expect(await decode(chunksOf(bytes, size))).toEqual(whole);
    }
  });

  it('accepts CRLF line ends and data split over several data lines', async () => {
    const json = JSON.stringify(run);
    const cut = json.indexOf(',');
    const events = await decode(strings(`event: snapshot\r\ndata: ${json.slice(0, cut)}\r\ndata: ${json.slice(cut)}\r\n\r\n`));
    // The SSE rules join data lines with a newline, which JSON takes as white space.
    expect(events).toEqual([{ type: 'snapshot', run }]);
  });

  it('skips event types it does not know, as a newer agent may send them', async () => {
    expect(await decode(strings('event: metrics\ndata: {"cpu":1}\n\n', `event: end\ndata: ${JSON.stringify(run)}\n\n`))).toEqual([{ type: 'end', run }]);
  });

  it('drops an event the stream cut off before its blank line', async () => {
    expect(await decode(strings(`event: snapshot\ndata: ${JSON.stringify(run)}\n\nevent: end\ndata: {"id"`))).toEqual([{ type: 'snapshot', run }]);
  });

  it('fails on data that is not what the run API sends, after the events before it', async () => {
    const received: string[] = [];
    const broken = async () => {
      for await (const event of decodeRunEvents(strings(`event: snapshot\ndata: ${JSON.stringify(run)}\n\n`, 'event: item\ndata: {not json}\n\n'))) received.push(event.type);
    };
    await expect(broken()).rejects.toThrow(new StreamFormatError('the "item" event\'s data is not JSON'));
    expect(received).toEqual(['snapshot']);
    await expect(decode(strings('event: state\ndata: {"state":"running"}\n\n'))).rejects.toThrow('the "state" event does not carry a state and counts');
    await expect(decode(strings('event: snapshot\ndata: {"id":"r1"}\n\n'))).rejects.toThrow('the "snapshot" event does not carry a run');
  });
});
