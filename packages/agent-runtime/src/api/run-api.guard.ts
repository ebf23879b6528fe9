import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { BearerTokenVerifier, RequestRejection } from '@emm/mcp';
import type { IncomingMessage } from 'node:http';
import { AGENT_SETTINGS } from '../tokens';
import type { AgentSettings } from '../agent-env';

const REALM = 'Bearer realm="emm"';

/** The run API needs `Authorization: Bearer <RUN_API_TOKEN>` when a token is configured (401 otherwise). */
@Injectable()
export class RunApiGuard implements CanActivate {
  private readonly verifier: BearerTokenVerifier | undefined;

  constructor(@Inject(AGENT_SETTINGS) settings: AgentSettings) {
    this.verifier = settings.apiToken === undefined ? undefined : new BearerTokenVerifier(settings.apiToken);
  }

  canActivate(context: ExecutionContext): boolean {
    if (this.verifier === undefined) return true;
    const { headers } = context.switchToHttp().getRequest<IncomingMessage>();
    const check = this.verifier.check(headers.authorization);
    if (check === 'ok') return true;
    throw new RequestRejection({
      status: 401,
      code: 'unauthorized',
      message: check === 'missing' ? 'send Authorization: Bearer <token>' : 'the bearer token is not valid',
      headers: { 'WWW-Authenticate': check === 'missing' ? REALM : `${REALM}, error="invalid_token"` },
    });
  }
}
