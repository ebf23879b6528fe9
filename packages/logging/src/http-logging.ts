import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import type { Options } from 'pino-http';
// One definition of a probe or scrape for logs and traces alike: neither should record them.
import { isProbeOrScrape } from '@emm/telemetry';

const REQUEST_ID_HEADER = 'x-request-id';
/** A caller's request id is trusted only if it is short and plain, so it cannot forge log content. */
const ACCEPTABLE_REQUEST_ID = /^[\w.:-]{1,128}$/;

function requestIdFor(req: IncomingMessage, res: ServerResponse): string {
  const incoming = req.headers[REQUEST_ID_HEADER];
  const id = typeof incoming === 'string' && ACCEPTABLE_REQUEST_ID.test(incoming) ? incoming : randomUUID();
  res.setHeader(REQUEST_ID_HEADER, id);
  return id;
}

/** The route pattern (`/runs/:id`) Express matched, when there was one: it groups requests better than the URL. */
function routeOf(req: IncomingMessage): string | undefined {
  const route = (req as IncomingMessage & { route?: { path?: unknown } }).route;
  return typeof route?.path === 'string' ? route.path : undefined;
}

function pathOf(req: IncomingMessage): string {
  return (req as IncomingMessage & { originalUrl?: string }).originalUrl ?? req.url ?? '';
}

/**
 * pino-http settings on top of the shared logger: one line per finished
 * request with method, url, route, status and `responseTime` (ms), the request
 * id, and levels by status (5xx error, 4xx warn; an MCP client's GET probe answered 405, debug).
 */
export function buildHttpLoggerOptions(logger: Logger): Options {
  return {
    logger,
    genReqId: requestIdFor,
    autoLogging: { ignore: (req) => isProbeOrScrape(req.url) },
    customLogLevel: (req, res, error) => {
      if (error || res.statusCode >= 500) return 'error';
      // MCP clients open an optional GET stream on every connect; a stateless server's 405 is the expected answer.
      if (res.statusCode === 405 && req.method === 'GET') return 'debug';
      if (res.statusCode >= 400) return 'warn';
      return 'info';
    },
    customSuccessMessage: (req, res) => `${req.method} ${pathOf(req)} ${res.statusCode}`,
    customErrorMessage: (req, res) => `${req.method} ${pathOf(req)} ${res.statusCode}`,
    customSuccessObject: (req, _res, fields: object) => ({ ...fields, route: routeOf(req) }),
    customErrorObject: (req, _res, _error, fields: object) => ({ ...fields, route: routeOf(req) }),
  };
}
