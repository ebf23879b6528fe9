import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ItemOutcome, RunView } from '@emm/agent-runtime';
import { type PageServer, servePages, type Stack, startStack } from '@emm/stack';
import { filesUnder, freePort, sleep } from '@emm/testing';
import { parse as parseYaml } from 'yaml';

export const FIXTURES = join(__dirname, 'fixtures');
export const SERVICES = ['jd-classifier-service', 'content-classifier-service', 'bookmark-classifier-service', 'file-system-service', 'web-scraper-service', 'notifications-service'] as const;

/** The notifications the notifications-service delivered to the test's webhook. */
export interface Delivered {
  title: string;
  message: string;
  severity: string;
}

/** A webhook receiver on 127.0.0.1 that records every notification (JSON body, as the generic webhook channel sends it). */
export async function startWebhook(): Promise<{ url: string; received: Delivered[]; stop(): Promise<void> }> {
  const received: Delivered[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      received.push(JSON.parse(Buffer.concat(chunks).toString('utf8')) as Delivered);
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    received,
    stop: () => new Promise<void>((done) => server.close(() => done())),
  };
}

export interface ImportStack {
  stack: Stack;
  pages: PageServer;
  webhook: Awaited<ReturnType<typeof startWebhook>>;
  /** `127.0.0.1:<port>` where nothing listens: a refused connection. */
  closedHost: string;
  api: RunApi;
  stop(): Promise<void>;
}

/**
 * The agent and the six services it calls as real processes with one Redis
 * (@emm/stack), a web of fixture pages on 127.0.0.1 the scraper is allowed to
 * fetch, and a webhook that receives the notifications.
 */
export async function startImportStack(agentEnv: Record<string, string> = {}): Promise<ImportStack> {
  const dataDir = mkdtempSync(join(tmpdir(), 'emm-bookmark-scraper-'));
  const pages = await servePages(join(FIXTURES, 'site'));
  const webhook = await startWebhook();
  const closedHost = `127.0.0.1:${await freePort()}`;
  const stack = await startStack({
    dataDir,
    services: SERVICES,
    agents: ['bookmark-scraper'],
    // The scraper refuses loopback addresses unless they are listed: these two are the test's web.
    scraperAllowHosts: [pages.host, closedHost],
    webhook: { url: webhook.url },
    logLevel: 'warn',
    env: {
      'bookmark-scraper': { ITEM_ATTEMPTS: '2', ITEM_BACKOFF_MS: '200', WORKER_CONCURRENCY: '4', ...agentEnv },
      'web-scraper-service': { SCRAPER_PER_HOST_DELAY_MS: '0', SCRAPER_PER_HOST_CONCURRENCY: '8' },
      'notifications-service': { NOTIFY_BACKOFF_MS: '100' },
    },
  });
  return {
    stack,
    pages,
    webhook,
    closedHost,
    api: new RunApi(stack.baseUrl('bookmark-scraper'), stack.token),
    stop: async () => {
      await stack.stop();
      await pages.stop();
      await webhook.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export type RunDetail = RunView & { items: ItemOutcome[] };

/** A run API answer: a run, or `{ error: { code, message, issues? } }`. */
export type ApiBody = (Partial<RunDetail> & { error?: { code: string; message: string; issues?: Array<{ path: string; message: string }> } }) | undefined;

/** The agent's run API over HTTP, as the `emm` command line uses it. */
export class RunApi {
  constructor(
    readonly baseUrl: string,
    private readonly token: string,
  ) {}

  async request(method: string, path: string, body?: unknown, token = this.token): Promise<{ status: number; body: ApiBody }> {
    const res = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body !== undefined && { 'content-type': 'application/json' }) },
      ...(body !== undefined && { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    return { status: res.status, body: (text === '' ? undefined : JSON.parse(text)) as ApiBody };
  }

  async start(input: unknown): Promise<string> {
    const { status, body } = await this.request('POST', '/runs', { workflow: 'bookmark-import', input });
    if (status !== 202) throw new Error(`POST /runs answered ${status}: ${JSON.stringify(body)}`);
    return (body as RunView).id;
  }

  /** Polls GET /runs/:id until the run has ended. */
  async waitFor(id: string, timeoutMs = 45_000): Promise<RunDetail> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const { body } = await this.request('GET', `/runs/${id}`);
      const run = body as RunDetail;
      if (['completed', 'completed_with_errors', 'failed', 'cancelled'].includes(run.state)) return run;
      if (Date.now() > deadline) throw new Error(`run ${id} still ${run.state} after ${timeoutMs} ms: ${JSON.stringify(run.counts)}`);
      await sleep(150);
    }
  }

  async run(input: unknown): Promise<RunDetail> {
    return this.waitFor(await this.start(input));
  }
}

/** Every file under `dir`, relative path → content. */
export function snapshot(dir: string): Record<string, string> {
  return Object.fromEntries(filesUnder(dir).map((path) => [path, readFileSync(join(dir, path), 'utf8')]));
}

/** A note's front matter and body. */
export function parseNote(text: string): { frontMatter: Record<string, unknown>; body: string } {
  const match = /^---\n([\s\S]*?)\n---\n?([\s\S]*)$/.exec(text);
  if (!match) throw new Error(`not a note with front matter:\n${text.slice(0, 200)}`);
  return { frontMatter: parseYaml(match[1]) as Record<string, unknown>, body: match[2] };
}

/** `{ key: status (error or detail) }` per item, the way a person reads the outcome list. */
export function outcomes(run: RunDetail): Record<string, string> {
  return Object.fromEntries(run.items.map((item) => [item.label, item.status === 'failed' ? `failed: ${item.error ?? ''}` : `${item.status}${item.detail ? `: ${item.detail}` : ''}`]));
}

export function bookmarksExport(origin: string, closedHost: string): string {
  return readFileSync(join(FIXTURES, 'bookmarks.template.html'), 'utf8').replaceAll('{{SITE}}', origin).replaceAll('{{CLOSED}}', closedHost);
}

/** A no-op log for workflow contexts built by the tests. */
export const quietLog = { info: () => undefined, warn: () => undefined, error: () => undefined };
