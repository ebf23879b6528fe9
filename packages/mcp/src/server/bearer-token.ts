import { createHash, timingSafeEqual } from 'node:crypto';

export type BearerCheck = 'ok' | 'missing' | 'invalid';

const BEARER = /^Bearer[ \t]+(\S+)[ \t]*$/i;

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}

/**
 * Checks `Authorization: Bearer <token>` against the configured token.
 * Both sides are hashed first, so the comparison takes the same time
 * whatever the length or content of what was sent.
 */
export class BearerTokenVerifier {
  private readonly expected: Buffer;

  constructor(token: string) {
    this.expected = digest(token);
  }

  check(authorization: string | undefined): BearerCheck {
    const match = authorization === undefined ? null : BEARER.exec(authorization);
    if (match === null) return 'missing';
    return timingSafeEqual(digest(match[1]), this.expected) ? 'ok' : 'invalid';
  }
}
