import { mkdirSync } from 'node:fs';
import { Redis } from 'ioredis';
import { ManagedProcess } from './managed-process';

const HOST = '127.0.0.1';

/** A PING that answers false while Redis is down or still loading its AOF. */
export async function pingRedis(port: number): Promise<boolean> {
  const client = new Redis({ host: HOST, port, lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 0, retryStrategy: () => null });
  client.on('error', () => undefined);
  try {
    await client.connect();
    return (await client.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    client.disconnect();
  }
}

/**
 * The stack's redis-server: its own data dir, AOF on (`appendfsync everysec`),
 * `noeviction` as BullMQ requires, loopback only. Started again on the same
 * port and dir it reloads its AOF, which is what a Redis restart looks like.
 */
export function redisProcess(options: { port: number; dataDir: string; logFile: string; readyTimeoutMs: number }): ManagedProcess {
  mkdirSync(options.dataDir, { recursive: true });
  return new ManagedProcess({
    name: 'redis-server',
    command: process.env.REDIS_SERVER_BIN ?? 'redis-server',
    args: [
      '--port', String(options.port),
      '--bind', HOST,
      '--dir', options.dataDir,
      '--appendonly', 'yes',
      '--appendfsync', 'everysec',
      '--save', '',
      '--maxmemory-policy', 'noeviction',
      '--protected-mode', 'no',
      '--daemonize', 'no',
    ],
    env: { PATH: process.env.PATH },
    logFile: options.logFile,
    isReady: () => pingRedis(options.port),
    readyTimeoutMs: options.readyTimeoutMs,
    stopGraceMs: 10_000,
  });
}

export function redisUrlFor(port: number): string {
  return `redis://${HOST}:${port}`;
}
