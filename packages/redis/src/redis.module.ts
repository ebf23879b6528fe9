import { Global, Inject, Injectable, Logger, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { closeRedisClient, createRedisClient, waitUntilReady } from './redis-client';
import { describeEndpoint, type RedisEndpoint, type RedisSettings } from './redis-env';
import { RedisHealthIndicator } from './redis-health.indicator';
import { CACHE_REDIS_CLIENT, REDIS_CLIENT, REDIS_SETTINGS } from './tokens';

export interface RedisModuleOptions {
  /** The app's name; connections appear in CLIENT LIST as `<name>:<purpose>`. */
  name: string;
  /** How long start-up waits for a first connection before going on without it (default 2000 ms). */
  connectWaitMs?: number;
}

const logger = new Logger('RedisModule');

/**
 * Closes the connections in onApplicationShutdown — after the HTTP server
 * has stopped and in-flight requests (which may still use Redis) are done.
 */
@Injectable()
class RedisConnectionsCloser implements OnApplicationShutdown {
  constructor(
    @Inject(REDIS_CLIENT) private readonly client: Redis,
    @Inject(CACHE_REDIS_CLIENT) private readonly cacheClient: Redis,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    await Promise.all([closeRedisClient(this.client), closeRedisClient(this.cacheClient)]);
  }
}

/**
 * Redis for a Nest app: `REDIS_CLIENT` (main Redis) and `CACHE_REDIS_CLIENT`
 * (cache Redis, a separate connection even when it is the same server), both
 * fail-fast request clients; `RedisHealthIndicator` for readiness; and
 * `REDIS_SETTINGS` for code that opens its own connections with
 * `createRedisClient(settings.main, 'worker', …)`.
 *
 * Start-up does not fail while Redis is unreachable: the app comes up not
 * ready (/health/ready 503) and the clients keep reconnecting.
 */
@Global()
@Module({})
export class RedisModule {
  static forRoot(settings: RedisSettings, options: RedisModuleOptions): DynamicModule {
    const connectWaitMs = options.connectWaitMs ?? 2_000;
    const connect = async (endpoint: RedisEndpoint, role: string): Promise<Redis> => {
      const client = createRedisClient(endpoint, 'request', { name: options.name });
      if (!(await waitUntilReady(client, connectWaitMs))) {
        logger.warn(`${role} Redis ${describeEndpoint(endpoint)} not reachable after ${connectWaitMs} ms; starting anyway and reconnecting in the background`);
      }
      return client;
    };
    return {
      module: RedisModule,
      global: true,
      providers: [
        { provide: REDIS_SETTINGS, useValue: settings },
        { provide: REDIS_CLIENT, useFactory: () => connect(settings.main, 'Main') },
        { provide: CACHE_REDIS_CLIENT, useFactory: () => connect(settings.cache, 'Cache') },
        RedisHealthIndicator,
        RedisConnectionsCloser,
      ],
      exports: [REDIS_SETTINGS, REDIS_CLIENT, CACHE_REDIS_CLIENT, RedisHealthIndicator],
    };
  }
}
