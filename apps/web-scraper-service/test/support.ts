import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { join } from 'node:path';
import type { Socket } from 'node:net';
import { loadTestConfig } from '@emm/testing/config';
import { connectMcpClient } from '@emm/testing/mcp';
import { type NestAppUnderTest, startNestApp } from '@emm/testing/nest';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { AppModule } from '../src/app.module';
import { type AppConfig, appConfigSchema } from '../src/config';
import { HOST_RESOLVER, type HostResolver } from '../src/safety/host-resolver';

export const APP_DIR = join(__dirname, '..');

/** Config as main.ts would build it from these environment variables; no politeness delay unless a test asks for it. */
export function testConfig(env: Record<string, string>): AppConfig {
  return loadTestConfig(appConfigSchema, {
    SCRAPER_PER_HOST_DELAY_MS: '0',
    SCRAPER_PER_HOST_CONCURRENCY: '8',
    SCRAPER_HEADER_TIMEOUT_MS: '2000',
    SCRAPER_BODY_TIMEOUT_MS: '2000',
    ...env,
  });
}

/**
 * A resolver for the tests' own names: `evil.test → 10.0.0.5` and so on, so
 * refusals are exercised without a DNS server. Unknown names fail the way
 * getaddrinfo does. Every name asked is recorded in `asked`.
 */
export function mapResolver(names: Record<string, string | string[] | (() => string | string[])>, asked: string[] = []): HostResolver {
  return async (hostname) => {
    asked.push(hostname);
    const entry = names[hostname.toLowerCase().replace(/\.$/, '')];
    const answer = typeof entry === 'function' ? entry() : entry;
    if (answer === undefined) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
    return (Array.isArray(answer) ? answer : [answer]).map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  };
}

export type RunningApp = NestAppUnderTest;

/** The real AppModule on a free loopback port; `resolver` replaces the system resolver (the one test seam). */
export function startApp(config: AppConfig, resolver?: HostResolver): Promise<RunningApp> {
  return startNestApp(AppModule.forRoot(config), {
    override: (builder) => (resolver ? builder.overrideProvider(HOST_RESOLVER).useValue(resolver) : builder),
  });
}

/** An MCP client from the official SDK, as an IDE or assistant would connect. */
export function connectMcp(baseUrl: string): Promise<Client> {
  return connectMcpClient(baseUrl, { name: 'web-scraper-e2e' });
}

export interface ToolReply<T = Record<string, unknown>> {
  status: number;
  result?: T;
  error?: { code: string; message: string; reason?: string };
}

/** POST /tools/fetch_page (REST), as curl or a script would call it. */
export async function fetchPage<T = Record<string, unknown>>(baseUrl: string, args: Record<string, unknown>): Promise<ToolReply<T>> {
  const res = await fetch(`${baseUrl}/tools/fetch_page`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(args) });
  const body = (await res.json()) as { result?: T; error?: { code: string; message: string; reason?: string } };
  return { status: res.status, ...body };
}

/**
 * Records every outgoing TCP socket this process opens (Node's
 * `net.client.socket` channel) and where it went, so a test can prove that a
 * refused URL caused no connection at all.
 */
export class SocketWatch {
  private readonly targetsSeen: Array<Promise<string>> = [];
  private readonly listener = (message: unknown) => this.targetsSeen.push(targetOf((message as { socket: Socket }).socket));

  constructor() {
    subscribe('net.client.socket', this.listener);
  }

  /** `address:port` of each socket opened so far; `unconnected` for one closed before it connected. */
  targets(): Promise<string[]> {
    return Promise.all(this.targetsSeen);
  }

  stop(): void {
    unsubscribe('net.client.socket', this.listener);
  }
}

function targetOf(socket: Socket): Promise<string> {
  return new Promise((resolve) => {
    socket.once('connect', () => resolve(`${socket.remoteAddress}:${socket.remotePort}`));
    socket.once('error', (error: NodeJS.ErrnoException & { address?: string; port?: number }) => resolve(`${error.address ?? 'unconnected'}:${error.port ?? ''}`));
    socket.once('close', () => resolve('unconnected'));
    setTimeout(() => resolve('pending'), 2_000).unref();
  });
}
