import { Catch, HttpException, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { ServerResponse } from 'node:http';
import { JSONRPC_INTERNAL_ERROR, RequestRejection } from './request-rejection';

const logger = new Logger('McpServer');

const CODE_BY_STATUS: Readonly<Record<number, string>> = {
  400: 'bad_request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
};

/**
 * What the caller may see of an exception: a `RequestRejection` as is, a Nest
 * `HttpException` by its status, anything else as a bare `internal error`
 * (logged here with its stack, which never leaves the server).
 */
function asRejection(exception: unknown): RequestRejection {
  if (exception instanceof RequestRejection) return exception;
  if (exception instanceof HttpException && exception.getStatus() < 500) {
    const status = exception.getStatus();
    return new RequestRejection({ status, code: CODE_BY_STATUS[status] ?? 'bad_request', message: exception.message });
  }
  const error = exception instanceof Error ? exception : new Error(String(exception));
  logger.error(`request failed: ${error.message}`, error.stack);
  return new RequestRejection({ status: 500, code: 'internal', message: 'internal error', rpcCode: JSONRPC_INTERNAL_ERROR });
}

function send(res: ServerResponse, rejection: RequestRejection, body: object): void {
  if (res.headersSent) {
    // Too late for an error response: end what was started rather than leave the client hanging.
    res.end();
    return;
  }
  res.statusCode = rejection.status;
  for (const [name, value] of Object.entries(rejection.headers)) res.setHeader(name, value);
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.end(JSON.stringify(body));
}

/** `/tools*` errors: `{ error: { code, message, issues?, reason? } }` with the matching HTTP status. */
@Catch()
export class RestErrorFilter implements ExceptionFilter {
  catch(exception: unknown, host: ArgumentsHost): void {
    const rejection = asRejection(exception);
    const { code, message, issues, reason } = rejection;
    send(host.switchToHttp().getResponse<ServerResponse>(), rejection, {
      error: { code, message, ...(issues !== undefined && { issues }), ...(reason !== undefined && { reason }) },
    });
  }
}

/** `/mcp` errors before MCP takes over: the JSON-RPC error shape the MCP SDK uses for them. */
@Catch()
export class McpErrorFilter implements ExceptionFilter {
  catch(exception: unknown, host: ArgumentsHost): void {
    const rejection = asRejection(exception);
    send(host.switchToHttp().getResponse<ServerResponse>(), rejection, {
      jsonrpc: '2.0',
      error: { code: rejection.rpcCode, message: rejection.message },
      id: null,
    });
  }
}
