import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { ThrottlerGuard } from '@nestjs/throttler';
import { RequestRejection } from '@emm/mcp';
import type { IncomingMessage } from 'node:http';

/**
 * Per-client rate limit of the run API (@nestjs/throttler, per process): a
 * client is its bearer token when it sends one (many users behind one
 * address stay apart), else its address.
 */
@Injectable()
export class RunApiRateLimitGuard extends ThrottlerGuard {
  protected override getTracker(req: Record<string, unknown>): Promise<string> {
    const request = req as unknown as IncomingMessage & { ip?: string };
    const authorization = request.headers.authorization;
    if (authorization !== undefined) return Promise.resolve(`token:${createHash('sha256').update(authorization).digest('hex')}`);
    return Promise.resolve(`ip:${request.ip ?? request.socket.remoteAddress ?? 'unknown'}`);
  }

  protected override throwThrottlingException(): Promise<void> {
    return Promise.reject(
      new RequestRejection({ status: 429, code: 'rate_limited', message: 'too many requests to the run API; slow down', headers: { 'Retry-After': '60' } }),
    );
  }
}

