import { readFile, stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, resolve, sep } from 'node:path';

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.htm': 'text/html; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.md': 'text/markdown; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
  '.xml': 'application/xml',
  '.pdf': 'application/pdf',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.svg': 'image/svg+xml',
};

export interface PageServer {
  /** `http://127.0.0.1:<port>` */
  origin: string;
  /** `127.0.0.1:<port>`: an entry for the web scraper's SCRAPER_ALLOW_HOSTS (`startStack({ scraperAllowHosts: [server.host] })`). */
  host: string;
  port: number;
  /** The URL of a file in the folder: `url('recipes/pasta.html')`. */
  url(path: string): string;
  /** Paths requested so far, in order. */
  readonly requests: string[];
  /** Requests for `path` answer `status` from now on (a dead link: 404, 410, 500). */
  failPath(path: string, status: number): void;
  stop(): Promise<void>;
}

/**
 * Serves a folder of web pages on a free 127.0.0.1 port, the way a plain web
 * server would: the file's bytes with a content type from its extension,
 * `index.html` for a folder, 404 for anything else — the local stand-in for
 * the internet behind a bookmark export.
 */
export async function servePages(root: string): Promise<PageServer> {
  const base = resolve(root);
  const requests: string[] = [];
  const failures = new Map<string, number>();

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://localhost').pathname);
    requests.push(path);
    const failure = failures.get(path);
    if (failure !== undefined) return send(res, failure, 'text/plain; charset=utf-8', `status ${failure}\n`);
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'text/plain; charset=utf-8', 'method not allowed\n');
    const file = await fileFor(base, path);
    if (file === undefined) return send(res, 404, 'text/html; charset=utf-8', '<!doctype html><title>Not found</title><h1>Not found</h1>\n');
    const body = await readFile(file);
    send(res, 200, CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream', req.method === 'HEAD' ? undefined : body, body.length);
  };

  const server = createServer((req, res) => {
    handle(req, res).catch(() => send(res, 500, 'text/plain; charset=utf-8', 'internal error\n'));
  });
  await new Promise<void>((ready, fail) => {
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => ready());
  });
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;
  return {
    origin,
    host: `127.0.0.1:${port}`,
    port,
    url: (path) => `${origin}/${path.replace(/^\/+/, '')}`,
    requests,
    failPath: (path, status) => failures.set(`/${path.replace(/^\/+/, '')}`, status),
    stop: async () => {
      server.closeAllConnections();
      await new Promise<void>((done) => server.close(() => done()));
    },
  };
}

/** The file a URL path names inside `base` (never outside it), or undefined. */
async function fileFor(base: string, urlPath: string): Promise<string | undefined> {
  const candidate = resolve(join(base, urlPath));
  if (candidate !== base && !candidate.startsWith(base + sep)) return undefined;
  const info = await stat(candidate).catch(() => undefined);
  if (info === undefined) return undefined;
  if (info.isFile()) return candidate;
  if (!info.isDirectory()) return undefined;
  const index = join(candidate, 'index.html');
  return (await stat(index).catch(() => undefined))?.isFile() ? index : undefined;
}

function send(res: ServerResponse, status: number, contentType: string, body: Buffer | string | undefined, length?: number): void {
  res.writeHead(status, { 'content-type': contentType, 'content-length': String(length ?? Buffer.byteLength(body ?? '')) });
  res.end(body);
}
