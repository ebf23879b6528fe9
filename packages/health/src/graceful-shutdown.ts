import { Logger, type INestApplication, type LoggerService } from '@nestjs/common';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { ShutdownState } from './shutdown-state';

export interface GracefulShutdownOptions {
  /**
   * How long to keep serving after the signal with readiness already 503, so
   * Kubernetes removes the pod from its Service before the server closes.
   */
  drainDelayMs: number;
  /** Hard deadline from the signal: still not closed by then → log the stuck stage, exit 1. Keep it below the pod's grace period. */
  timeoutMs: number;
  logger?: LoggerService;
}

type Stage = 'draining' | 'closing';

const SHUTDOWN_SIGNALS = ['SIGTERM', 'SIGINT'] as const;

/**
 * Graceful shutdown on SIGTERM/SIGINT. Call it in main.ts *instead of*
 * `app.enableShutdownHooks()` (which re-raises the signal after closing, so
 * the process would exit 143 instead of 0):
 *
 * 1. readiness (`/health/ready`) turns 503 at once; responses now carry
 *    `Connection: close` so keep-alive clients move to other pods;
 * 2. keeps serving for `drainDelayMs`;
 * 3. `app.close()`: Nest runs `onModuleDestroy` and `beforeApplicationShutdown`
 *    (stop taking new work here, e.g. close BullMQ workers), then the HTTP
 *    server stops accepting and waits for in-flight requests, then
 *    `onApplicationShutdown` runs;
 * 4. exits 0 — or 1 if the whole thing outlives `timeoutMs`.
 *
 * Convention: close resources that requests need (Redis, HTTP clients, …) in
 * `onApplicationShutdown`, never in `onModuleDestroy` — the latter runs while
 * in-flight requests are still being served.
 *
 * Returns a function that removes the signal handlers (for tests).
 */
export function enableGracefulShutdown(app: INestApplication, options: GracefulShutdownOptions): () => void {
  const logger = options.logger ?? new Logger('GracefulShutdown');
  const server = app.getHttpServer() as Server;
  const connections = trackConnections(server);
  let stage: Stage | undefined;

  const onSignal = (signal: NodeJS.Signals): void => {
    if (stage !== undefined) {
      logger.warn(`Received ${signal} while already shutting down (${stage}); ignoring it`);
      return;
    }
    stage = 'draining';
    shutdownStateOf(app)?.beginDraining();
    server.prependListener('request', closeConnectionAfterResponse);
    logger.log(`Received ${signal}: readiness is now 503; draining for ${options.drainDelayMs} ms, then closing`);

    const deadline = setTimeout(() => {
      logger.error(`Shutdown did not finish within ${options.timeoutMs} ms; stuck ${describeStage(stage, server, connections)}. Exiting with code 1`);
      process.exit(1);
    }, options.timeoutMs);

    void (async () => {
      await new Promise((resolve) => setTimeout(resolve, options.drainDelayMs));
      stage = 'closing';
      const idleSweeper = sweepIdleConnections(server);
      try {
        await app.close();
      } finally {
        clearInterval(idleSweeper);
      }
    })().then(
      () => {
        clearTimeout(deadline);
        logger.log('Shutdown complete; exiting with code 0');
        process.exit(0);
      },
      (error: unknown) => {
        clearTimeout(deadline);
        logger.error(`Shutdown failed: ${error instanceof Error ? error.message : String(error)}. Exiting with code 1`);
        process.exit(1);
      },
    );
  };

  for (const signal of SHUTDOWN_SIGNALS) process.on(signal, onSignal);
  return () => {
    for (const signal of SHUTDOWN_SIGNALS) process.off(signal, onSignal);
    connections.stop();
  };
}

function shutdownStateOf(app: INestApplication): ShutdownState | undefined {
  try {
    return app.get(ShutdownState, { strict: false });
  } catch {
    return undefined; // HealthModule not imported: nothing reports readiness.
  }
}

function closeConnectionAfterResponse(_req: IncomingMessage, res: ServerResponse): void {
  res.setHeader('Connection', 'close');
}

/**
 * `server.close()` closes idle keep-alive sockets once, but a socket whose
 * request finishes after that stays open until its keep-alive timeout and
 * holds the close up. Sweep them until the server has closed.
 */
function sweepIdleConnections(server: Server): NodeJS.Timeout {
  const sweeper = setInterval(() => server.closeIdleConnections(), 100);
  sweeper.unref();
  return sweeper;
}

interface ConnectionTracker {
  readonly open: number;
  readonly serverClosed: boolean;
  stop(): void;
}

/** Counts open sockets, so a shutdown that hangs can say how many requests held it up. */
function trackConnections(server: Server): ConnectionTracker {
  let open = 0;
  let serverClosed = false;
  const onConnection = (socket: Socket): void => {
    open++;
    socket.once('close', () => open--);
  };
  const onClose = (): void => {
    serverClosed = true;
  };
  server.on('connection', onConnection);
  server.once('close', onClose);
  return {
    get open() {
      return open;
    },
    get serverClosed() {
      return serverClosed;
    },
    stop: () => {
      server.off('connection', onConnection);
      server.off('close', onClose);
    },
  };
}

function describeStage(stage: Stage | undefined, server: Server, connections: ConnectionTracker): string {
  if (stage !== 'closing') return 'in the drain delay (is drainDelayMs longer than timeoutMs?)';
  if (server.listening) return 'in onModuleDestroy/beforeApplicationShutdown hooks, before the HTTP server stopped';
  if (!connections.serverClosed) return `waiting for ${connections.open} open HTTP connection(s) to finish their requests`;
  return 'in onApplicationShutdown hooks, after the HTTP server stopped';
}
