import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { ListToolsResultSchema, type Tool as McpTool } from '@modelcontextprotocol/sdk/types.js';
import { context, ROOT_CONTEXT } from '@opentelemetry/api';
import { AsyncLocalStorage } from 'node:async_hooks';
import { channel } from 'node:diagnostics_channel';
import type { IncomingHttpHeaders } from 'node:http';
import { Readable } from 'node:stream';
import { Agent, type Dispatcher } from 'undici';
import { ToolCatalog } from './tool-catalog';

/** A call on a client after `close()`: the app is shutting down. */
export class ClientClosedError extends Error {
  override readonly name = 'ClientClosedError';
  constructor() {
    super('the MCP client is closed');
  }
}

/** What one attempt adds to the HTTP requests made on its behalf. */
export interface AttemptScope {
  /** Aborted when the attempt times out or the caller gives up: the request is cancelled, not left running. */
  readonly signal: AbortSignal;
  /** W3C trace context of the call's span (`traceparent`, `tracestate`). */
  readonly traceHeaders: Readonly<Record<string, string>>;
}

/**
 * The SDK transport calls `fetch` itself, deep inside `Client.request`; the
 * attempt's signal and trace headers reach it through this store.
 */
const attemptScope = new AsyncLocalStorage<AttemptScope>();

export function runInAttemptScope<T>(scope: AttemptScope, work: () => Promise<T>): Promise<T> {
  return attemptScope.run(scope, work);
}

/**
 * When the OpenTelemetry undici instrumentation is loaded it injects
 * `traceparent` (its HTTP span, a child of the call's span) into every request;
 * adding ours too would send the header twice, which W3C parsers reject.
 */
const undiciRequestChannel = channel('undici:request:create');

export interface ConnectionTarget {
  readonly url: URL;
  /** Sent on every request: `authorization`, `x-emm-caller`. */
  readonly headers: Readonly<Record<string, string>>;
  /** MCP `clientInfo`: the calling app and its version. */
  readonly clientInfo: { readonly name: string; readonly version: string };
  /** How long a tool listing may be reused before it is refreshed in the background. */
  readonly catalogMaxAgeMs: number;
}

function headerRecord(headers: RequestInit['headers']): Record<string, string> {
  if (headers === undefined) return {};
  if (headers instanceof Headers) return Object.fromEntries(headers.entries());
  if (Array.isArray(headers)) return Object.fromEntries(headers);
  const record: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) if (typeof value === 'string') record[name] = value;
  return record;
}

/**
 * One MCP session-less "connection" to a service: an SDK `Client` over the
 * Streamable HTTP client transport, initialized once (lazily) and reused, with
 * its HTTP going through a keep-alive undici `Agent`, so a call is one POST on
 * a warm socket. The service's tool listing (cache TTLs, idempotency) is read
 * right after the handshake. After a transport failure the client is dropped
 * and the next call handshakes again (the server may have been redeployed).
 */
export class McpConnection {
  private readonly agent = new Agent({ keepAliveTimeout: 4_000, pipelining: 1 });
  private connecting: Promise<Client> | undefined;
  private connected: Client | undefined;
  private refreshingCatalog = false;
  private closed = false;
  /** The tools as last listed; kept across reconnects so the cache works while the service is away. */
  catalog: ToolCatalog | undefined;

  constructor(private readonly target: ConnectionTarget) {}

  /** The initialized client when there is one (no await on the hot path), else undefined. */
  ready(timeoutMs: number): Client | undefined {
    if (this.closed || this.connected === undefined) return undefined;
    this.refreshCatalogIfOld(this.connected, timeoutMs);
    return this.connected;
  }

  /** The initialized client, connecting first if needed; concurrent callers share one handshake. */
  client(timeoutMs: number): Promise<Client> {
    if (this.closed) return Promise.reject(new ClientClosedError());
    const ready = this.ready(timeoutMs);
    if (ready !== undefined) return Promise.resolve(ready);
    this.connecting ??= this.open(timeoutMs).then(
      (client) => {
        this.connected = client;
        this.connecting = undefined;
        return client;
      },
      (error: unknown) => {
        this.connecting = undefined;
        throw error;
      },
    );
    return this.connecting;
  }

  /**
   * Forgets `client` so the next call handshakes again. It is not closed:
   * closing would fail the calls other callers still have in flight on it.
   */
  discard(client: Client): void {
    if (this.connected === client) this.connected = undefined;
  }

  /** Lists the tools now (a fresh tools/list), updating the catalog. */
  async listTools(timeoutMs: number): Promise<ToolCatalog> {
    const client = await this.client(timeoutMs);
    return this.readCatalog(client, timeoutMs);
  }

  /** Lets requests in flight finish, then closes the sockets. */
  async close(): Promise<void> {
    this.closed = true;
    const client = this.connected;
    this.connected = undefined;
    await this.agent.close();
    await client?.close();
  }

  private async open(timeoutMs: number): Promise<Client> {
    const client = new Client({ name: this.target.clientInfo.name, version: this.target.clientInfo.version });
    // Failures reach callers through their request promises; the SDK would otherwise only log them.
    client.onerror = () => undefined;
    const transport = new StreamableHTTPClientTransport(this.target.url, {
      fetch: this.fetch,
      requestInit: { headers: { ...this.target.headers } },
    });
    await client.connect(transport, { timeout: sdkTimeout(timeoutMs) });
    await this.readCatalog(client, timeoutMs);
    return client;
  }

  private async readCatalog(client: Client, timeoutMs: number): Promise<ToolCatalog> {
    const tools: McpTool[] = [];
    let cursor: string | undefined;
    do {
      const page = await client.request({ method: 'tools/list', params: cursor === undefined ? {} : { cursor } }, ListToolsResultSchema, {
        timeout: sdkTimeout(timeoutMs),
      });
      tools.push(...page.tools);
      cursor = page.nextCursor;
    } while (cursor !== undefined);
    this.catalog = ToolCatalog.fromList(tools, performance.now());
    return this.catalog;
  }

  /** A redeployed service may have changed a tool's TTL or idempotency: re-list now and then, off the call's path. */
  private refreshCatalogIfOld(client: Client, timeoutMs: number): void {
    const catalog = this.catalog;
    if (this.refreshingCatalog || catalog === undefined || performance.now() - catalog.listedAt < this.target.catalogMaxAgeMs) return;
    this.refreshingCatalog = true;
    // Neither part of the call that noticed (its timeout, its trace) nor able to fail it.
    attemptScope.exit(() =>
      context.with(ROOT_CONTEXT, () => {
        this.readCatalog(client, timeoutMs)
          .catch(() => undefined)
          .finally(() => (this.refreshingCatalog = false));
      }),
    );
  }

  /** The transport's fetch: the keep-alive agent, plus the current attempt's signal and trace headers. */
  private readonly fetch = (url: string | URL, init?: RequestInit): Promise<Response> => {
    const scope = attemptScope.getStore();
    const headers = headerRecord(init?.headers);
    // The transport's own GET (server-sent events, answered 405 by EMM servers) keeps its own signal.
    const withinAttempt = scope !== undefined && init?.method === 'POST';
    if (withinAttempt && !undiciRequestChannel.hasSubscribers) Object.assign(headers, scope.traceHeaders);
    const signal = withinAttempt ? scope.signal : (init?.signal ?? undefined);
    return dispatcherFetch(this.agent, new URL(url), { method: init?.method ?? 'GET', headers, body: init?.body as string | undefined, signal });
  };
}

function responseHeaders(raw: IncomingHttpHeaders): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(raw)) {
    if (Array.isArray(value)) for (const item of value) headers.append(name, item);
    else if (value !== undefined) headers.set(name, value);
  }
  return headers;
}

/**
 * `fetch` for the transport over undici's `request` rather than its `fetch`:
 * the same keep-alive agent without WHATWG streams on the hot path (about a
 * third of a call's client-side CPU). A JSON answer is read whole and handed
 * over as a standard `Response`; a stream (server-sent events) stays a stream.
 */
async function dispatcherFetch(
  agent: Agent,
  url: URL,
  request: { method: Dispatcher.HttpMethod; headers: Record<string, string>; body: string | undefined; signal: AbortSignal | undefined },
): Promise<Response> {
  const answer = await agent.request({
    origin: url.origin,
    path: `${url.pathname}${url.search}`,
    method: request.method,
    headers: request.headers,
    body: request.body,
    signal: request.signal,
  });
  const headers = responseHeaders(answer.headers);
  const status = answer.statusCode;
  if (status === 204 || status === 304 || request.method === 'HEAD') {
    await answer.body.dump();
    return new Response(null, { status, headers });
  }
  if (headers.get('content-type')?.startsWith('text/event-stream') === true) {
    return new Response(Readable.toWeb(answer.body) as ReadableStream<Uint8Array>, { status, headers });
  }
  return new BufferedResponse(status, headers, await answer.body.text(), url.href) as unknown as Response;
}

/**
 * A response read whole, with the part of `Response` the SDK transport uses
 * (status, headers, json/text). A standard `Response` would wrap the text in a
 * web stream again just to parse it: about a tenth of a call's client CPU.
 * Streams are never buffered (see `dispatcherFetch`).
 */
class BufferedResponse implements Pick<Response, 'ok' | 'status' | 'statusText' | 'headers' | 'type' | 'url' | 'redirected' | 'body' | 'bodyUsed'> {
  readonly ok: boolean;
  readonly statusText = '';
  readonly type = 'basic';
  readonly redirected = false;
  /** Already read: the text is all there is. */
  readonly body = null;
  readonly bodyUsed = true;

  constructor(
    readonly status: number,
    readonly headers: Headers,
    private readonly content: string,
    readonly url: string,
  ) {
    this.ok = status >= 200 && status <= 299;
  }

  text(): Promise<string> {
    return Promise.resolve(this.content);
  }

  /** Async so that a parse error rejects, as `Response.json()` does. */
  async json(): Promise<unknown> {
    return JSON.parse(this.content);
  }
}

/**
 * The SDK's own request timeout (default 60 s) sends a cancellation and fails
 * the request; the client's timeout policy is meant to decide, so the SDK's
 * is set just beyond it.
 */
function sdkTimeout(timeoutMs: number): number {
  return Math.min(timeoutMs + 1_000, 2_147_483_647);
}
