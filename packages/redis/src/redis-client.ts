import { Logger } from '@nestjs/common';
import { Redis } from 'ioredis';
import { redisClientOptions, type RedisPurpose } from './client-options';
import { describeEndpoint, type RedisEndpoint } from './redis-env';

const logger = new Logger('Redis');
const lastErrors = new WeakMap<Redis, string>();

/**
 * The one way an EMM app connects to Redis. Connects at once and reconnects
 * forever with capped, jittered backoff; `purpose` decides whether commands
 * fail fast or wait during an outage (see RedisPurpose). Connection losses
 * are logged once per outage, not once per retry.
 */
export function createRedisClient(endpoint: RedisEndpoint, purpose: RedisPurpose, { name }: { name: string }): Redis {
  const client = new Redis(redisClientOptions(endpoint, purpose, name));
  const where = `${describeEndpoint(endpoint)} (${purpose})`;
  let outage = false;
  // Without an 'error' listener ioredis prints every failed reconnect to stderr.
  client.on('error', (error: Error) => {
    lastErrors.set(client, error.message);
    if (!outage) logger.warn(`Redis ${where} unavailable: ${error.message}; reconnecting`);
    outage = true;
  });
  client.on('ready', () => {
    lastErrors.delete(client);
    if (outage) logger.log(`Redis ${where} reconnected`);
    outage = false;
  });
  return client;
}

/** The last connection error of a client made by createRedisClient, cleared once it is ready again. */
export function lastRedisError(client: Redis): string | undefined {
  return lastErrors.get(client);
}

/** Resolves true once `client` is ready, false if it is not within `timeoutMs` (the client keeps trying). */
export function waitUntilReady(client: Redis, timeoutMs: number): Promise<boolean> {
  if (client.status === 'ready') return Promise.resolve(true);
  return new Promise((resolve) => {
    const onReady = (): void => {
      clearTimeout(timer);
      resolve(true);
    };
    const timer = setTimeout(() => {
      client.off('ready', onReady);
      resolve(false);
    }, timeoutMs);
    client.once('ready', onReady);
  });
}

/**
 * QUIT (lets pending replies arrive), then drop the socket and stop
 * reconnecting. Resolves once the connection is gone, within `timeoutMs`.
 */
export async function closeRedisClient(client: Redis, timeoutMs = 1_000): Promise<void> {
  if (client.status === 'end') return;
  const ended = new Promise<void>((resolve) => client.once('end', () => resolve()));
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs)));
  try {
    if (client.status === 'ready') await Promise.race([client.quit().catch(() => undefined), deadline]);
    client.disconnect();
    // Between reconnect attempts there is no socket: disconnect() just cancels the next attempt and no 'end' follows.
    if (client.status !== 'reconnecting') await Promise.race([ended, deadline]);
  } finally {
    clearTimeout(timer);
  }
}
