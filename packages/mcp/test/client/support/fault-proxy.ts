import { Agent, createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request the proxy received. */
export interface ProxiedRequest {
  /** JSON-RPC method of a POST body (`tools/call`, `initialize` …), else the HTTP method. */
  method: string;
  /** For `tools/call`: the tool. */
  tool?: string;
  /** What the proxy did: forwarded it, answered it with an error status, or the client gave up first. */
  outcome: 'forwarded' | `failed ${number}` | 'client aborted';
}

interface Fault {
  count: number;
  /** Only requests whose JSON-RPC method is this (default `tools/call`). */
  method: string;
  apply: { status: number } | { delayMs: number };
}

function rpcMethod(body: string): { method?: string; tool?: string } {
  try {
    const message = JSON.parse(body) as { method?: string; params?: { name?: string } };
    return { method: message.method, tool: message.params?.name };
  } catch {
    return {};
  }
}

/**
 * A real HTTP proxy in front of a real service, for fault injection: the
 * next N matching requests are answered with an error status (503 …) or held
 * back before being forwarded. Everything else passes through unchanged.
 */
export class FaultProxy {
  readonly requests: ProxiedRequest[] = [];
  private readonly faults: Fault[] = [];
  private readonly upstream = new Agent({ keepAlive: true });

  private constructor(
    private readonly server: Server,
    private readonly target: URL,
  ) {}

  static async start(target: string): Promise<FaultProxy> {
    const server = createServer();
    const proxy = new FaultProxy(server, new URL(target));
    server.on('request', (req, res) => void proxy.handle(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return proxy;
  }

  get baseUrl(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  get mcpUrl(): string {
    return `${this.baseUrl}/mcp`;
  }

  /** Answers the next `count` matching requests with `status` instead of forwarding them. */
  failNext(count: number, status = 503, method = 'tools/call'): void {
    this.faults.push({ count, method, apply: { status } });
  }

  /** Holds the next `count` matching requests for `delayMs` before forwarding them. */
  delayNext(count: number, delayMs: number, method = 'tools/call'): void {
    this.faults.push({ count, method, apply: { delayMs } });
  }

  /** Drops faults not used up yet. */
  clearFaults(): void {
    this.faults.length = 0;
  }

  /** How many `tools/call` requests (for `tool`, if given) reached the proxy. */
  toolCalls(tool?: string): number {
    return this.requests.filter((r) => r.method === 'tools/call' && (tool === undefined || r.tool === tool)).length;
  }

  async close(): Promise<void> {
    this.upstream.destroy();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private takeFault(method: string): Fault['apply'] | undefined {
    const fault = this.faults.find((candidate) => candidate.method === method && candidate.count > 0);
    if (fault === undefined) return undefined;
    fault.count -= 1;
    return fault.apply;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const { method = req.method ?? 'GET', tool } = rpcMethod(body.toString('utf8'));
    const record: ProxiedRequest = { method, ...(tool !== undefined && { tool }), outcome: 'forwarded' };
    this.requests.push(record);
    const fault = this.takeFault(method);
    if (fault !== undefined && 'status' in fault) {
      record.outcome = `failed ${fault.status}`;
      res.writeHead(fault.status, { 'content-type': 'text/plain' }).end('injected failure');
      return;
    }
    if (fault !== undefined) {
      const gaveUp = await new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => resolve(false), fault.delayMs);
        res.once('close', () => {
          clearTimeout(timer);
          resolve(true);
        });
      });
      if (gaveUp) {
        record.outcome = 'client aborted';
        return;
      }
    }
    this.forward(req, res, body);
  }

  private forward(req: IncomingMessage, res: ServerResponse, body: Buffer): void {
    const headers = { ...req.headers, host: this.target.host, 'content-length': String(body.length) };
    const upstream = request(
      { host: this.target.hostname, port: this.target.port, path: req.url, method: req.method, headers, agent: this.upstream },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.once('error', () => {
      if (!res.headersSent) res.writeHead(502).end('upstream unreachable');
      else res.destroy();
    });
    upstream.end(body);
  }
}
