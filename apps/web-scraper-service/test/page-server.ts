import { readFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { join } from 'node:path';

export const FIXTURES_DIR = join(__dirname, 'fixtures/pages');

export type Handler = (req: IncomingMessage, res: ServerResponse) => void;

export interface RecordedRequest {
  path: string;
  headers: IncomingHttpHeaders;
  at: number;
}

/**
 * A real HTTP server on 127.0.0.1 that plays the web: fixture pages, robots.txt,
 * redirects and the misbehaving servers the scraper must survive. It records
 * every request and counts every TCP connection it accepts.
 */
export class PageServer {
  readonly requests: RecordedRequest[] = [];
  connections = 0;
  private readonly routes = new Map<string, Handler>();
  private readonly sockets = new Set<Socket>();
  private readonly server: Server;
  /** Body of /robots.txt; undefined answers 404. */
  robotsTxt: string | undefined;

  constructor() {
    this.server = createServer((req, res) => this.handle(req, res));
    this.server.on('connection', (socket: Socket) => {
      this.connections++;
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
  }

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return this;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  /** `http://127.0.0.1:<port><path>` */
  url(path = '/'): string {
    return `http://127.0.0.1:${this.port}${path}`;
  }

  /** Serves `handler` at `path` (exact match, query ignored). */
  route(path: string, handler: Handler): this {
    this.routes.set(path, handler);
    return this;
  }

  requestsTo(path: string): RecordedRequest[] {
    return this.requests.filter((request) => request.path === path);
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const path = (req.url ?? '/').split('?')[0];
    this.requests.push({ path, headers: req.headers, at: Date.now() });
    const handler = this.routes.get(path);
    if (handler) return handler(req, res);
    if (path === '/robots.txt') {
      if (this.robotsTxt === undefined) return void res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return void res.writeHead(200, { 'content-type': 'text/plain' }).end(this.robotsTxt);
    }
    if (path.startsWith('/pages/')) return this.fixture(path.slice('/pages/'.length), res);
    res.writeHead(404, { 'content-type': 'text/html' }).end('<html><head><title>Not found</title></head><body><p>No such page.</p></body></html>');
  }

  private fixture(name: string, res: ServerResponse): void {
    if (!/^[\w.-]+\.html$/.test(name)) return void res.writeHead(400).end();
    let body: Buffer;
    try {
      body = readFileSync(join(FIXTURES_DIR, name));
    } catch {
      return void res.writeHead(404).end();
    }
    // Like many real servers: the charset is left to the page's own <meta>.
    res.writeHead(200, { 'content-type': 'text/html', 'content-length': body.length }).end(body);
  }
}

export function html(title: string, paragraphs: string[]): string {
  return `<!doctype html><html lang="en"><head><title>${title}</title></head><body><article><h1>${title}</h1>${paragraphs.map((p) => `<p>${p}</p>`).join('')}</article></body></html>`;
}

/** A paragraph long enough to count as content. */
export const PROSE =
  'The committee met on Tuesday to discuss the proposal, and after a long debate, it agreed to publish the full report next month so that residents can read it before the consultation closes.';
