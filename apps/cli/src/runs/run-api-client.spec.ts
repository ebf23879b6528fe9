import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { followRun } from './follow-run';
import { RunApiClient } from './run-api-client';
import { RunApiError } from './run-api-error';

// What the real agent never does but a network, a proxy or a wrong URL does:
// a page that is not the API, an answer that never comes, an event stream that
// goes silent or closes early. Each is a real HTTP server on a free port.

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

const counts = { total: 2, pending: 0, done: 2, failed: 0, skipped: 0, needsReview: 0 };
const RUN_ID = '3f2a1b2c-0000-4000-8000-000000000001';
const finalRun = { id: RUN_ID, workflow: 'test-items', state: 'completed', trigger: 'api', input: {}, counts, createdAt: '2026-01-31T09:15:02.345Z', retries: 0 };
const runningRun = { ...finalRun, state: 'running', counts: { ...counts, pending: 2, done: 0 } };

describe('RunApiClient against what can go wrong on the way', () => {
  let server: Server;
  let handler: Handler;
  let url: string;

  beforeAll(async () => {
    server = createServer((req, res) => handler(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  function client(options: { timeoutMs?: number; streamIdleMs?: number } = {}): RunApiClient {
    return new RunApiClient({ name: 'file-system-agent', url, addressHint: 'set FILE_SYSTEM_AGENT_URL' }, { timeoutMs: options.timeoutMs ?? 2_000, token: 't', ...(options.streamIdleMs !== undefined && { streamIdleMs: options.streamIdleMs }) });
  }

  async function failure(promise: Promise<unknown>): Promise<RunApiError> {
    try {
      await promise;
    } catch (error) {
      if (error instanceof RunApiError) return error;
      throw error;
    }
    throw new Error('expected a RunApiError');
  }

  it('a URL that is not an agent: says so and what to change', async () => {
    handler = (_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<html>welcome</html>');
    expect((await failure(client().list({}))).message).toBe(`file-system-agent at ${url} answered /runs with something other than the run API's JSON; set FILE_SYSTEM_AGENT_URL`);
    handler = (_req, res) => res.writeHead(404, { 'content-type': 'text/plain' }).end('Not Found');
    expect(await failure(client().get(RUN_ID))).toMatchObject({ code: 'bad_response', message: `no run API at ${url} (HTTP 404); is it an EMM agent? set FILE_SYSTEM_AGENT_URL` });
  });

  it('a proxy in trouble and a busy agent: the status in words', async () => {
    handler = (_req, res) => res.writeHead(502, { 'content-type': 'text/html' }).end('<h1>Bad Gateway</h1>');
    expect(await failure(client().list({}))).toMatchObject({ code: 'unavailable', message: `file-system-agent at ${url} is unavailable (HTTP 502)` });
    handler = (_req, res) => res.writeHead(429, { 'retry-after': '60', 'content-type': 'application/json' }).end('{"error":{"code":"rate_limited","message":"slow down"}}');
    expect(await failure(client().list({}))).toMatchObject({ code: 'rate_limited', message: 'file-system-agent is limiting requests (HTTP 429); try again in 60s' });
  });

  it('an agent that never answers: a timeout naming the limit', async () => {
    handler = () => undefined;
    expect(await failure(client({ timeoutMs: 200 }).cancel(RUN_ID))).toMatchObject({
      code: 'timeout',
      message: `file-system-agent at ${url} did not answer within 200ms; try again, or allow longer with --timeout`,
    });
  });

  it('an event stream that goes silent: dropped after the idle limit, then the run is polled to its end', async () => {
    let polls = 0;
    handler = (req, res) => {
      if (req.url === `/runs/${RUN_ID}/events`) {
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        res.write(`event: snapshot\ndata: ${JSON.stringify(runningRun)}\n\n`);
        return; // …and nothing more, as through a proxy that holds the connection.
      }
      polls++;
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ ...(polls < 2 ? runningRun : finalRun), items: [] }));
    };
    const seen: string[] = [];
    const notices: string[] = [];
    const run = await followRun(client({ streamIdleMs: 300 }), RUN_ID, { progress: (view) => seen.push(view.state), notice: (text) => notices.push(text) }, { pollIntervalMs: 50 });
    expect(run.state).toBe('completed');
    expect(seen).toEqual(['running', 'running', 'completed']);
    expect(notices).toEqual(['the event stream of file-system-agent dropped: no data for 300ms; asking every 50ms instead']);
  });

  it('an event stream that closes before the end: polled to its end', async () => {
    handler = (req, res) => {
      if (req.url === `/runs/${RUN_ID}/events`) {
        res.writeHead(200, { 'content-type': 'text/event-stream' }).end(`event: snapshot\ndata: ${JSON.stringify(runningRun)}\n\n`);
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ ...finalRun, items: [] }));
    };
    const notices: string[] = [];
    const run = await followRun(client(), RUN_ID, { progress: () => undefined, notice: (text) => notices.push(text) }, { pollIntervalMs: 50 });
    expect(run.state).toBe('completed');
    expect(notices).toEqual(['the event stream of file-system-agent closed before the run ended; asking every 50ms instead']);
  });

  it('gives up polling once the agent has been away longer than the tolerance', async () => {
    handler = (_req, res) => res.writeHead(503, { 'content-type': 'application/json' }).end('{"error":{"code":"unavailable","message":"Redis is unavailable; try again shortly"}}');
    const notices: string[] = [];
    const error = await failure(followRun(client(), RUN_ID, { progress: () => undefined, notice: (text) => notices.push(text) }, { pollIntervalMs: 20, outageToleranceMs: 200 }));
    expect(error.message).toBe(`file-system-agent at ${url} is unavailable (HTTP 503): Redis is unavailable; try again shortly`);
    expect(notices).toEqual([
      `file-system-agent at ${url} is unavailable (HTTP 503): Redis is unavailable; try again shortly; asking every 20ms instead`,
      `file-system-agent at ${url} is unavailable (HTTP 503): Redis is unavailable; try again shortly; trying again for up to 200ms`,
    ]);
  });
});
