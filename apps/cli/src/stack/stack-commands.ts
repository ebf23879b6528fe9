import { existsSync, readFileSync, statSync, openSync, readSync, closeSync } from 'node:fs';
import { join } from 'node:path';
import { APP_NAMES, hostLogFile, liveStackState, readStackState, startStackInBackground, stopStack, type StackState } from '@emm/stack';
import { EXIT, tableWidth, write, type CliIo } from '../cli-io';
import { UsageError } from '../command-line';
import { table } from '../output';
import { stackClientEnv } from './stack-location';

export type StackAction = 'up' | 'down' | 'status' | 'logs' | 'env';

export interface StackCommand {
  action: StackAction;
  dir: string;
  json: boolean;
  /** up: start the seven services only. */
  servicesOnly: boolean;
  /** up: also a Prometheus scraping every app. */
  prometheus: boolean;
  /** logs: one app (or redis, host); default every app. */
  app?: string;
  lines: number;
  follow: boolean;
}

const HEALTH_TIMEOUT_MS = 2_000;
const FOLLOW_POLL_MS = 250;

/** `emm stack up | down | status | logs | env`: the local stack in the background. */
export class StackCommands {
  constructor(private readonly io: CliIo) {}

  async execute(command: StackCommand): Promise<number> {
    switch (command.action) {
      case 'up':
        return this.up(command);
      case 'down':
        return this.down(command);
      case 'status':
        return this.status(command);
      case 'logs':
        return this.logs(command);
      case 'env':
        return this.env(command);
    }
  }

  /** Starts Redis and every app in the background (or says it already runs), then shows them. */
  async up(command: StackCommand, extra: { pagesDir?: string; confluenceSpaceFile?: string } = {}): Promise<number> {
    const running = liveStackState(command.dir);
    if (running === undefined) {
      if (!command.json) write(this.io.stderr, `emm: starting the local stack in ${command.dir} (Redis and ${command.servicesOnly ? 7 : 10} apps; logs in ${join(command.dir, 'logs')}) …`);
      const started = Date.now();
      await startStackInBackground({ dataDir: command.dir, agents: !command.servicesOnly, prometheus: command.prometheus, ...extra });
      if (!command.json) write(this.io.stderr, `emm: ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    } else if (!command.json) {
      write(this.io.stderr, `emm: the local stack already runs in ${command.dir} (since ${running.startedAt})`);
    }
    return this.status(command);
  }

  private async down(command: StackCommand): Promise<number> {
    const stopped = await stopStack(command.dir);
    if (command.json) write(this.io.stdout, JSON.stringify({ stopped }));
    else write(this.io.stdout, stopped ? `stopped the local stack in ${command.dir}` : `no local stack runs in ${command.dir}`);
    return EXIT.ok;
  }

  /** Every app with its port and whether it answers ready now; exit 1 when one does not. */
  async status(command: StackCommand): Promise<number> {
    const state = liveStackState(command.dir);
    if (state === undefined) {
      const failed = readStackState(command.dir);
      if (command.json) write(this.io.stdout, JSON.stringify({ running: false, ...(failed?.error !== undefined && { error: failed.error }) }));
      else write(this.io.stderr, failed?.error !== undefined ? `emm: the last start failed:\n${failed.error}` : `emm: no local stack runs in ${command.dir}; start one with: emm stack up`);
      return EXIT.failed;
    }
    const health = await Promise.all(state.apps.map(async (app) => ({ ...app, ready: await isReady(app.url) })));
    if (command.json) {
      write(
        this.io.stdout,
        JSON.stringify({ running: true, dir: command.dir, redisUrl: state.redisUrl, vault: state.vaultDir, unsorted: state.unsortedDir, prometheusUrl: state.prometheusUrl, apps: health }),
      );
    } else {
      const rows = health.map((app) => [app.name, app.kind, app.url, String(app.pid ?? ''), app.ready ? 'ready' : 'NOT READY']);
      write(
        this.io.stdout,
        [
          table(['APP', 'KIND', 'URL', 'PID', 'HEALTH'], rows, tableWidth(this.io.stdout)),
          '',
          `redis     ${state.redisUrl}`,
          `vault     ${state.vaultDir}`,
          `unsorted  ${state.unsortedDir}`,
          `logs      ${state.logDir} (emm stack logs <app>)`,
          `metrics   <url>/metrics of every app, e.g. ${health[0]?.url ?? ''}/metrics`,
          ...(state.prometheusUrl !== undefined ? [`prometheus ${state.prometheusUrl} (every app scraped, the alert rules at ${state.prometheusUrl}/alerts)`] : []),
          '',
          'emm commands in this checkout use this stack; other shells: eval "$(emm stack env)"',
        ].join('\n'),
      );
    }
    return health.every((app) => app.ready) ? EXIT.ok : EXIT.failed;
  }

  private async logs(command: StackCommand): Promise<number> {
    const logDir = join(command.dir, 'logs');
    const names = command.app === undefined ? [...APP_NAMES, 'redis'] : [command.app];
    if (command.app !== undefined && ![...APP_NAMES, 'redis', 'prometheus', 'host'].includes(command.app)) {
      throw new UsageError(`unknown app "${command.app}"; the stack runs ${[...APP_NAMES, 'redis'].join(', ')} (and prometheus, if started; host: the stack host)`);
    }
    const files = names.map((name) => ({ name, file: name === 'host' ? hostLogFile(command.dir) : join(logDir, `${name}.log`) })).filter(({ file }) => existsSync(file));
    if (files.length === 0) {
      write(this.io.stderr, `emm: no logs in ${logDir} yet; start the stack with: emm stack up`);
      return EXIT.failed;
    }
    for (const { name, file } of files) {
      const lines = readFileSync(file, 'utf8').trimEnd().split('\n').slice(-command.lines);
      write(this.io.stdout, files.length === 1 ? lines.join('\n') : lines.map((line) => `${name} | ${line}`).join('\n'));
    }
    if (!command.follow) return EXIT.ok;
    return this.follow(files);
  }

  /** Prints what the log files gain until Ctrl-C. */
  private async follow(files: Array<{ name: string; file: string }>): Promise<number> {
    const offsets = new Map(files.map(({ file }) => [file, statSync(file).size]));
    const signal = this.io.trapInterrupt?.();
    while (signal?.aborted !== true) {
      for (const { name, file } of files) {
        const size = statSync(file).size;
        const from = offsets.get(file) ?? 0;
        if (size <= from) {
          offsets.set(file, size); // rotated or truncated
          continue;
        }
        const text = readRange(file, from, size);
        offsets.set(file, size);
        const lines = text.replace(/\n$/, '').split('\n');
        write(this.io.stdout, files.length === 1 ? lines.join('\n') : lines.map((line) => `${name} | ${line}`).join('\n'));
      }
      await new Promise((resolve) => setTimeout(resolve, FOLLOW_POLL_MS));
    }
    return EXIT.ok;
  }

  private env(command: StackCommand): Promise<number> {
    const state: StackState | undefined = liveStackState(command.dir);
    if (state === undefined) {
      write(this.io.stderr, `emm: no local stack runs in ${command.dir}; start one with: emm stack up`);
      return Promise.resolve(EXIT.failed);
    }
    const env = stackClientEnv(state);
    if (command.json) write(this.io.stdout, JSON.stringify(env));
    else write(this.io.stdout, Object.entries(env).map(([name, value]) => `export ${name}=${shellQuote(value)}`).join('\n'));
    return Promise.resolve(EXIT.ok);
  }
}

async function isReady(baseUrl: string): Promise<boolean> {
  try {
    const response = await fetch(`${baseUrl}/health/ready`, { signal: AbortSignal.timeout(HEALTH_TIMEOUT_MS) });
    await response.body?.cancel();
    return response.status === 200;
  } catch {
    return false;
  }
}

function readRange(file: string, from: number, to: number): string {
  const buffer = Buffer.alloc(to - from);
  const fd = openSync(file, 'r');
  try {
    readSync(fd, buffer, 0, buffer.length, from);
  } finally {
    closeSync(fd);
  }
  return buffer.toString('utf8');
}

function shellQuote(value: string): string {
  return `'${value.replaceAll("'", "'\\''")}'`;
}
