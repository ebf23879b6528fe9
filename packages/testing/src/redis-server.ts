import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { onProcessExit, trackChild } from './child-registry';
import { OutputBuffer } from './output-buffer';
import { freePort } from './ports';
import { pingRedis } from './redis-ping';
import { sleep } from './wait';

export interface StartRedisOptions {
  /** Persist writes to an append-only file so they survive `kill()` + `restart()` (default true). */
  appendOnly?: boolean;
  /** `maxmemory-policy` (default `noeviction`, what BullMQ requires). */
  maxmemoryPolicy?: string;
  /** Start with `requirepass`; the `url` then carries the password. */
  password?: string;
  /** Extra `redis-server` arguments, e.g. `['--rename-command', 'CONFIG', '']` to act like a managed Redis. */
  args?: readonly string[];
  /** How long to wait for the first PONG (default 10 s). */
  startTimeoutMs?: number;
}

export interface RedisServer {
  host: string;
  port: number;
  /** `redis://[:password@]127.0.0.1:<port>` */
  url: string;
  dataDir: string;
  /** Graceful stop (SIGTERM, AOF flushed), then removes the data dir. Safe to call twice. */
  stop(): Promise<void>;
  /** Dies without any cleanup, like a crashed pod; the data dir is kept for `restart()`. */
  kill(signal?: NodeJS.Signals): Promise<void>;
  /** Starts again on the same port and data dir (stopping the running one first), so AOF data survives. */
  restart(): Promise<void>;
}

const HOST = '127.0.0.1';
const STOP_GRACE_MS = 5_000;

/** Spawns a real `redis-server` (from PATH or REDIS_SERVER_BIN) on a free port with its own temp data dir. */
export async function startRedis(options: StartRedisOptions = {}): Promise<RedisServer> {
  const binary = process.env.REDIS_SERVER_BIN ?? 'redis-server';
  const dataDir = mkdtempSync(join(tmpdir(), 'emm-redis-'));
  const unregisterExitCleanup = onProcessExit(() => rmSync(dataDir, { recursive: true, force: true }));
  const password = options.password;
  const argsFor = (port: number): string[] => [
    '--port', String(port),
    '--bind', HOST,
    '--dir', dataDir,
    '--appendonly', options.appendOnly === false ? 'no' : 'yes',
    '--appendfsync', 'everysec',
    '--save', '',
    '--maxmemory-policy', options.maxmemoryPolicy ?? 'noeviction',
    '--protected-mode', 'no',
    '--daemonize', 'no',
    ...(password === undefined ? [] : ['--requirepass', password]),
    ...(options.args ?? []),
  ];
  const startTimeoutMs = options.startTimeoutMs ?? 10_000;

  let port = 0;
  let child: ChildProcess | undefined;
  let output = new OutputBuffer();
  let stopped = false;

  const launch = async (): Promise<void> => {
    output = new OutputBuffer();
    const current = spawn(binary, argsFor(port), { stdio: ['ignore', 'pipe', 'pipe'] });
    child = current;
    trackChild(current);
    current.stdout?.on('data', (chunk: Buffer) => output.append(chunk));
    current.stderr?.on('data', (chunk: Buffer) => output.append(chunk));
    let spawnError: Error | undefined;
    current.once('error', (error) => (spawnError = error));

    const deadline = Date.now() + startTimeoutMs;
    while (Date.now() < deadline) {
      if (spawnError !== undefined) {
        throw new Error(`Could not start ${binary} (${spawnError.message}); install redis-server or set REDIS_SERVER_BIN`);
      }
      if (current.exitCode !== null || current.signalCode !== null) {
        throw new Error(`redis-server exited during start (port ${port}):\n${output.tail()}`);
      }
      if (await pingRedis(HOST, port, password)) return;
      await sleep(25);
    }
    await terminate(current, 'SIGKILL');
    throw new Error(`redis-server did not answer PING within ${startTimeoutMs} ms (port ${port}):\n${output.tail()}`);
  };

  const removeDataDir = (): void => {
    rmSync(dataDir, { recursive: true, force: true });
    unregisterExitCleanup();
  };

  // freePort() and the server's bind are not atomic: another process may grab
  // the port in between, so a first start that loses that race tries a new port.
  for (let attempt = 1; ; attempt++) {
    port = await freePort();
    try {
      await launch();
      break;
    } catch (error) {
      const lostPortRace = output.toString().includes('Address already in use');
      if (!lostPortRace || attempt === 3) {
        removeDataDir();
        throw error;
      }
    }
  }

  const auth = password === undefined ? '' : `:${encodeURIComponent(password)}@`;
  return {
    host: HOST,
    port,
    url: `redis://${auth}${HOST}:${port}`,
    dataDir,
    stop: async () => {
      if (stopped) return;
      stopped = true;
      if (child !== undefined) await terminate(child, 'SIGTERM');
      removeDataDir();
    },
    kill: async (signal = 'SIGKILL') => {
      if (child !== undefined) await terminate(child, signal);
    },
    restart: async () => {
      if (stopped) throw new Error('Cannot restart a redis-server after stop(); its data dir is gone');
      if (child !== undefined) await terminate(child, 'SIGTERM');
      await launch();
    },
  };
}

/** Sends `signal` and waits for the exit; SIGKILL if it is still alive after a grace period. */
async function terminate(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill(signal);
  const killTimer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
  await exited;
  clearTimeout(killTimer);
}
