import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { IncomingMessage } from 'node:http';
import { RequestRejection } from './request-rejection';
import { ServerSettings } from './server-options';

const REALM = 'Bearer realm="emm"';

function quoted(value: string): string {
  return JSON.stringify(value.slice(0, 100));
}

/**
 * Guards `/mcp` and `/tools*` (health and metrics stay open): first the
 * DNS-rebinding checks on `Host` and `Origin` (403), then the bearer token
 * when one is configured (401 with `WWW-Authenticate`).
 */
@Injectable()
export class McpAccessGuard implements CanActivate {
  constructor(private readonly settings: ServerSettings) {}

  canActivate(context: ExecutionContext): boolean {
    const { headers } = context.switchToHttp().getRequest<IncomingMessage>();
    const { originPolicy, bearer } = this.settings;
    if (!originPolicy.isAllowedHost(headers.host)) {
      throw new RequestRejection({
        status: 403,
        code: 'forbidden',
        message: `Host ${quoted(headers.host ?? '')} is not allowed (see allowedHosts)`,
      });
    }
    if (!originPolicy.isAllowedOrigin(headers.origin)) {
      throw new RequestRejection({
        status: 403,
        code: 'forbidden',
        message: `Origin ${quoted(headers.origin ?? '')} is not allowed (see allowedOrigins)`,
      });
    }
    if (bearer === undefined) return true;
    const check = bearer.check(headers.authorization);
    if (check === 'ok') return true;
    throw new RequestRejection({
      status: 401,
      code: 'unauthorized',
      message: check === 'missing' ? 'send Authorization: Bearer <token>' : 'the bearer token is not valid',
      headers: { 'WWW-Authenticate': check === 'missing' ? REALM : `${REALM}, error="invalid_token"` },
    });
  }
}
