import { createServer, connect, type Server, type Socket } from 'node:net';
import { httpStatus, sleep } from '@emm/testing';

/** How often each backend's /health/ready is asked (a Kubernetes readiness probe's period, shortened). */
const READINESS_PERIOD_MS = 200;

interface Backend {
  port: number;
  /** In rotation: its last readiness probe answered 200. */
  ready: boolean;
  /** Connections handed to it so far. */
  connections: number;
  removed: boolean;
}

/**
 * One address in front of several processes of a service, like a
 * Kubernetes Service with kube-proxy: a TCP (L4) round-robin balancer that
 * gives each new connection to a backend whose `/health/ready` answered 200
 * at its last probe. A backend that turns unready gets no new connections;
 * connections it already has stay open (as conntrack keeps them), so it is
 * the backend's own draining (`Connection: close`, then closing idle
 * sockets) that moves keep-alive clients away from it.
 */
export class ReadinessBalancer {
  private readonly backends: Backend[] = [];
  private readonly sockets = new Set<Socket>();
  private next = 0;
  private closed = false;
  /** Connections that arrived while no backend was ready (closed at once, as with no endpoints). */
  refused = 0;

  private constructor(
    readonly name: string,
    private readonly server: Server,
    readonly port: number,
  ) {}

  static async start(name: string): Promise<ReadinessBalancer> {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    if (address === null || typeof address === 'string') throw new Error('the balancer has no TCP port');
    const balancer = new ReadinessBalancer(name, server, address.port);
    server.on('connection', (socket: Socket) => balancer.route(socket));
    return balancer;
  }

  /** `http://127.0.0.1:<port>/mcp`: where clients find the service. */
  get mcpUrl(): string {
    return `http://127.0.0.1:${this.port}/mcp`;
  }

  /** Registers a backend; it takes connections from its first ready probe on. */
  add(port: number): void {
    const backend: Backend = { port, ready: false, connections: 0, removed: false };
    this.backends.push(backend);
    void this.probe(backend);
  }

  /** Forgets a backend (its process is gone). */
  remove(port: number): void {
    for (const backend of this.backends.filter((candidate) => candidate.port === port)) backend.removed = true;
    this.backends.splice(0, this.backends.length, ...this.backends.filter((backend) => !backend.removed));
  }

  isInRotation(port: number): boolean {
    return this.backends.some((backend) => backend.port === port && backend.ready);
  }

  connectionsTo(port: number): number {
    return this.backends.find((backend) => backend.port === port)?.connections ?? 0;
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const backend of this.backends) backend.removed = true;
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async probe(backend: Backend): Promise<void> {
    while (!backend.removed && !this.closed) {
      backend.ready = await httpStatus(`http://127.0.0.1:${backend.port}/health/ready`).then(
        (status) => status === 200,
        () => false,
      );
      await sleep(READINESS_PERIOD_MS);
    }
    backend.ready = false;
  }

  private route(client: Socket): void {
    const ready = this.backends.filter((backend) => backend.ready);
    if (ready.length === 0) {
      this.refused += 1;
      client.destroy();
      return;
    }
    const backend = ready[this.next++ % ready.length];
    backend.connections += 1;
    const upstream = connect(backend.port, '127.0.0.1');
    for (const socket of [client, upstream]) {
      this.sockets.add(socket);
      socket.once('close', () => this.sockets.delete(socket));
    }
    // A reset on one side is a reset on the other: the client sees what the backend did.
    client.once('error', () => upstream.destroy());
    upstream.once('error', () => client.destroy());
    client.pipe(upstream);
    upstream.pipe(client);
  }
}
