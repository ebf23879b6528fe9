import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { lastRedisError } from './redis-client';
import { REDIS_CLIENT } from './tokens';

const PING_TIMEOUT_MS = 1_000;

/**
 * Readiness check for the main Redis (the @emm/health ReadinessCheck shape):
 * `HealthModule.forRoot({ readiness: [RedisHealthIndicator] })`.
 */
@Injectable()
export class RedisHealthIndicator {
  readonly name = 'redis';

  constructor(@Inject(REDIS_CLIENT) private readonly client: Redis) {}

  async check(): Promise<void> {
    if (this.client.status !== 'ready') {
      const cause = lastRedisError(this.client);
      throw new Error(`not connected (${this.client.status})${cause === undefined ? '' : `: ${cause}`}`);
    }
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        this.client.ping(),
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new Error(`PING got no answer within ${PING_TIMEOUT_MS} ms`)), PING_TIMEOUT_MS);
        }),
      ]);
    } finally {
      clearTimeout(timer);
    }
  }
}
