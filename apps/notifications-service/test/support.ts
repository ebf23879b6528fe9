import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { Logger } from '@emm/logging';
import { loadTestConfig } from '@emm/testing/config';
import { connectMcpClient } from '@emm/testing/mcp';
import { type NestAppUnderTest, startNestApp } from '@emm/testing/nest';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { AppModule } from '../src/app.module';
import { type AppConfig, appConfigSchema } from '../src/config';

export const APP_DIR = join(__dirname, '..');
export const SIGNING_SECRET = 'e2e-signing-secret-0123456789';

/** Config as main.ts would build it from these environment variables. */
export function testConfig(env: Record<string, string>): AppConfig {
  return loadTestConfig(appConfigSchema, env);
}

export type RunningApp = NestAppUnderTest;

/**
 * The real AppModule, listening on a free loopback port. As main.ts does, Nest's own and the
 * app's log lines go through pino (silent in tests unless LOG_LEVEL says otherwise).
 */
export function startApp(config: AppConfig): Promise<RunningApp> {
  return startNestApp(AppModule.forRoot(config), { logger: Logger });
}

/** An MCP client from the official SDK, as an IDE or assistant would connect. */
export function connectMcp(baseUrl: string, token?: string): Promise<Client> {
  return connectMcpClient(baseUrl, { name: 'notifications-e2e', token });
}

export interface ReceivedRequest {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  receivedAt: number;
  /** The status the receiver answered with. */
  status: number;
}

export interface Reply {
  status: number;
  headers?: Record<string, string>;
  body?: string;
  /** Answer only after this long (a slow receiver). */
  delayMs?: number;
}

export type Responder = (request: ReceivedRequest) => Reply;

/**
 * A local stand-in for Slack or a webhook receiver: a real HTTP server that
 * records every request and answers as `respond` says (200 "ok" by default).
 */
export interface Receiver {
  url: string;
  port: number;
  requests: ReceivedRequest[];
  respond: Responder;
  close(): Promise<void>;
}

export async function startReceiver(port = 0): Promise<Receiver> {
  const requests: ReceivedRequest[] = [];
  const receiver: Receiver = {
    url: '',
    port: 0,
    requests,
    respond: () => ({ status: 200, body: 'ok' }),
    close: () => closeServer(server),
  };
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => {
      const request: ReceivedRequest = { path: req.url ?? '', headers: req.headers, body, receivedAt: Date.now(), status: 0 };
      const reply = receiver.respond(request);
      request.status = reply.status;
      requests.push(request);
      const send = (): void => {
        res.writeHead(reply.status, { 'content-type': 'text/plain', ...reply.headers }).end(reply.body ?? '');
      };
      if (reply.delayMs === undefined) send();
      else setTimeout(send, reply.delayMs);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  receiver.port = (server.address() as AddressInfo).port;
  receiver.url = `http://127.0.0.1:${receiver.port}`;
  return receiver;
}

function closeServer(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}

/** The notification id a request was about: the webhook's header, or the id in a Slack message's context block. */
export function notificationIdOf(request: ReceivedRequest): string | undefined {
  const header = request.headers['x-emm-notification-id'];
  if (typeof header === 'string') return header;
  return /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/.exec(request.body)?.[0];
}

export function requestsFor(receiver: Receiver, id: string): ReceivedRequest[] {
  return receiver.requests.filter((request) => notificationIdOf(request) === id);
}

/** Requests for `id` that the receiver accepted (2xx): actual deliveries. */
export function deliveriesOf(receiver: Receiver, id: string): ReceivedRequest[] {
  return requestsFor(receiver, id).filter((request) => request.status >= 200 && request.status < 300);
}

export interface ToolReply<T = Record<string, unknown>> {
  status: number;
  body: { result: T; error?: { code: string; message: string; issues?: Array<{ path: string; message: string }> } };
}

/** POST /tools/<name> with fetch (works against a test app or a real process). */
export async function callTool<T = Record<string, unknown>>(baseUrl: string, tool: string, args: unknown): Promise<ToolReply<T>> {
  const res = await fetch(`${baseUrl}/tools/${tool}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(args) });
  return { status: res.status, body: (await res.json()) as ToolReply<T>['body'] };
}

export interface StatusResult {
  id: string;
  state: string;
  channels: Array<{ channel: string; state: string; attempts: number; lastError?: string; deliveredAt?: string }>;
}

export async function statusOf(baseUrl: string, id: string): Promise<StatusResult> {
  const reply = await callTool<StatusResult>(baseUrl, 'notification_status', { id });
  if (reply.status !== 200) throw new Error(`notification_status answered ${reply.status}: ${JSON.stringify(reply.body)}`);
  return reply.body.result;
}

export function notifyArgs(title: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { title, message: `Body of **${title}**`, severity: 'warning', ...extra };
}
