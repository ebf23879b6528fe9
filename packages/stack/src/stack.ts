import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { mcpServiceUrlVariable } from '@emm/mcp';
import { freePort } from '@emm/testing';
import { appEntryPoint, appProcess } from './app-process';
import {
  APP_CATALOG,
  type AppName,
  appOfService,
  isAppName,
  SERVICE_APPS,
  startWaves,
  type ConfluenceConnection,
  type WebhookTarget,
} from './catalog';
import { FakeConfluence, startFakeConfluence } from './fakes/confluence';
import { type ManagedProcess, type ProcessExit, ProcessStartError, type ProcessState } from './managed-process';
import { redisProcess, redisUrlFor } from './redis-process';
import { exampleJdStructurePath, findRepoRoot } from './repo';

export interface StackOptions {
  /** Everything the stack writes lives here: vault/, unsorted/, redis/ (AOF), logs/. Kept after stop(). */
  dataDir: string;
  /** Default: all seven MCP services. */
  services?: readonly AppName[];
  /** Default: none. */
  agents?: readonly AppName[];
  /** Extra variables per app, or for all apps (`'*'`); they override what the stack sets. */
  env?: Partial<Record<AppName | '*', Record<string, string>>>;
  /** Use this Redis instead of starting one (stopRedis/startRedis are then unavailable). */
  redis?: { url: string };
  /** The shared MCP/run API bearer token; default a random one. */
  token?: string;
  /** The jd.yaml jd-classifier-service serves; default examples/jd.yaml. */
  jdStructurePath?: string;
  /** Where `<app>.log` and `redis.log` go; default `<dataDir>/logs`. */
  logDir?: string;
  /** Default `info`. */
  logLevel?: string;
  /** The Confluence confluence-service reads. Default: an empty local FakeConfluence, started with the stack (`stack.confluence`). */
  confluence?: ConfluenceConnection | FakeConfluence;
  /** Also deliver notifications to this webhook (the secret defaults to a random one, see `stack.webhook`). */
  webhook?: { url: string; secret?: string };
  /** Hosts the web scraper may fetch although they are not public (`127.0.0.1:<port>` of a local page server). */
  scraperAllowHosts?: readonly string[];
  /** OTLP/HTTP endpoint for traces (OTEL_EXPORTER_OTLP_ENDPOINT); default: tracing off. */
  otlpEndpoint?: string;
  /** How long each app (and Redis) may take to become ready; default 60 s. */
  readyTimeoutMs?: number;
}

export interface AppStatus {
  name: AppName;
  kind: 'service' | 'agent';
  port: number;
  pid: number | undefined;
  state: ProcessState;
  /** `http://127.0.0.1:<port>` */
  url: string;
  logFile: string;
  /** How the last run ended, once it has. */
  exit: ProcessExit | undefined;
}

export interface Stack {
  readonly token: string;
  readonly redisUrl: string;
  readonly dataDir: string;
  readonly vaultDir: string;
  readonly unsortedDir: string;
  readonly logDir: string;
  /** The local Confluence the stack started (or was given); undefined for a real one or without confluence-service. */
  readonly confluence: FakeConfluence | undefined;
  readonly webhook: WebhookTarget | undefined;
  /** REDIS_URL, MCP_AUTH_TOKEN and MCP_<SERVICE>_URL of every service in the stack: spread it into a client's env. */
  readonly clientEnv: Record<string, string>;
  /** One row per app: name, port, pid, state. */
  readonly apps: AppStatus[];
  /** `http://127.0.0.1:<port>` of an app in the stack. */
  baseUrl(app: AppName): string;
  /** `http://127.0.0.1:<port>/mcp` of a service in the stack. */
  mcpUrl(app: AppName): string;
  /** The app's log file (or `redis` for Redis's). */
  logFile(app: AppName | 'redis'): string;
  /** The last lines of the app's current (or last) run. */
  logTail(app: AppName | 'redis', lines?: number): string;
  /** Sends `signal` (default SIGKILL) and waits for the exit: a crash. */
  kill(app: AppName, signal?: NodeJS.Signals): Promise<ProcessExit>;
  /** Stops the app if it runs (SIGTERM) and starts it again on the same port; resolves when ready. */
  restart(app: AppName): Promise<void>;
  /** Starts an app: one of the stack's that is stopped (same port), or a new one (a free port). `env` is added to its variables from now on. */
  startApp(app: AppName, env?: Record<string, string>): Promise<void>;
  /** SIGTERM and wait for the exit. */
  stopApp(app: AppName): Promise<ProcessExit>;
  /** Graceful Redis shutdown (SIGTERM; the AOF is flushed). */
  stopRedis(): Promise<void>;
  /** Redis dies without flushing (default SIGKILL): whatever the last second's fsync did not write is lost. */
  killRedis(signal?: NodeJS.Signals): Promise<void>;
  /** Redis again on the same port and data dir: it reloads its AOF. */
  startRedis(): Promise<void>;
  /** Agents first, then services (callers before what they call), then Redis; SIGTERM each and wait. Safe to call twice. */
  stop(): Promise<void>;
}

interface AppEntry {
  name: AppName;
  port: number;
  process: ManagedProcess;
  /** Added with startApp(app, env); kept for restarts. */
  extraEnv: Record<string, string>;
}

const DEFAULT_READY_TIMEOUT_MS = 60_000;
/** Attempts at a first start that lost its free port to another process meanwhile. */
const PORT_ATTEMPTS = 3;
/** What an app inherits from this process: enough to run node, nothing that could configure it by accident. */
const INHERITED_ENV = ['PATH', 'HOME', 'TMPDIR', 'LANG', 'LC_ALL', 'TZ'];

/**
 * Starts the local EMM stack: a redis-server (unless `redis.url` is given),
 * then the chosen apps as `node apps/<app>/dist/main.js` processes on free
 * ports, services before the agents that call them, each one ready
 * (`/health/ready` 200) before the next wave starts. A failure stops what was
 * started and throws a ProcessStartError naming the app with its log's tail.
 */
export async function startStack(options: StackOptions): Promise<Stack> {
  const stack = new LocalStack(options);
  try {
    await stack.start();
  } catch (error) {
    await stack.stop().catch(() => undefined);
    throw error;
  }
  return stack;
}

class LocalStack implements Stack {
  readonly token: string;
  readonly dataDir: string;
  readonly vaultDir: string;
  readonly unsortedDir: string;
  readonly logDir: string;
  readonly webhook: WebhookTarget | undefined;
  confluence: FakeConfluence | undefined;
  redisUrl = '';

  private readonly repoRoot = findRepoRoot();
  private readonly entries = new Map<AppName, AppEntry>();
  private readonly appNames: AppName[];
  private redis: ManagedProcess | undefined;
  private confluenceConnection: ConfluenceConnection | undefined;
  private ownsConfluence = false;

  constructor(private readonly options: StackOptions) {
    this.token = options.token ?? randomBytes(24).toString('hex');
    this.dataDir = resolve(options.dataDir);
    this.vaultDir = join(this.dataDir, 'vault');
    this.unsortedDir = join(this.dataDir, 'unsorted');
    this.logDir = resolve(options.logDir ?? join(this.dataDir, 'logs'));
    this.webhook = options.webhook && { url: options.webhook.url, secret: options.webhook.secret ?? randomBytes(24).toString('hex') };
    this.appNames = [...new Set([...(options.services ?? SERVICE_APPS), ...(options.agents ?? [])])];
  }

  async start(): Promise<void> {
    const unknown = this.appNames.filter((name) => !isAppName(name));
    if (unknown.length > 0) throw new Error(`unknown app ${unknown.join(', ')}; the stack runs ${Object.keys(APP_CATALOG).join(', ')}`);
    const unbuilt = this.appNames.flatMap((app) => {
      try {
        appEntryPoint(app, this.repoRoot);
        return [];
      } catch (error) {
        return [(error as Error).message];
      }
    });
    if (unbuilt.length > 0) throw new Error(unbuilt.join('\n'));
    for (const app of this.appNames) this.checkDependencies(app, this.appNames);
    for (const dir of [this.vaultDir, this.unsortedDir, this.logDir]) mkdirSync(dir, { recursive: true });

    await this.startOwnRedis();
    await this.connectConfluence();
    const ports = new Set<number>();
    for (const app of this.appNames) this.entries.set(app, this.newEntry(app, await uniqueFreePort(ports)));
    // Each app starts as soon as the services it calls are ready (not in whole waves), so nothing waits for a service it never calls.
    const starting = new Map<AppName, Promise<void>>();
    const startWhenReady = (app: AppName): Promise<void> => {
      let start = starting.get(app);
      if (start === undefined) {
        const callees = APP_CATALOG[app].calls.map(appOfService).filter((callee) => this.appNames.includes(callee));
        start = Promise.all(callees.map(startWhenReady)).then(() => this.startEntry(this.entry(app), true));
        starting.set(app, start);
      }
      return start;
    };
    // Settle every start before failing, so stop() never races an app that is still coming up.
    const failed = (await Promise.allSettled(this.appNames.map(startWhenReady))).find((result) => result.status === 'rejected');
    if (failed !== undefined) throw failed.reason;
  }

  get clientEnv(): Record<string, string> {
    return { REDIS_URL: this.redisUrl, MCP_AUTH_TOKEN: this.token, ...this.serviceUrls() };
  }

  get apps(): AppStatus[] {
    return [...this.entries.values()].map((entry) => ({
      name: entry.name,
      kind: APP_CATALOG[entry.name].kind,
      port: entry.port,
      pid: entry.process.pid,
      state: entry.process.state,
      url: `http://127.0.0.1:${entry.port}`,
      logFile: entry.process.logFile,
      exit: entry.process.exitStatus,
    }));
  }

  baseUrl(app: AppName): string {
    return `http://127.0.0.1:${this.entry(app).port}`;
  }

  mcpUrl(app: AppName): string {
    if (APP_CATALOG[app]?.kind !== 'service') throw new Error(`${app} is not an MCP service; it has no /mcp endpoint`);
    return `${this.baseUrl(app)}/mcp`;
  }

  logFile(app: AppName | 'redis'): string {
    return app === 'redis' ? join(this.logDir, 'redis.log') : join(this.logDir, `${app}.log`);
  }

  logTail(app: AppName | 'redis', lines = 20): string {
    return app === 'redis' ? this.ownRedis().logTail(lines) : this.entry(app).process.logTail(lines);
  }

  async kill(app: AppName, signal: NodeJS.Signals = 'SIGKILL'): Promise<ProcessExit> {
    return this.entry(app).process.kill(signal);
  }

  async restart(app: AppName): Promise<void> {
    const entry = this.entry(app);
    await entry.process.stop();
    await this.startEntry(entry, false);
  }

  async startApp(app: AppName, env: Record<string, string> = {}): Promise<void> {
    if (!isAppName(app)) throw new Error(`unknown app ${String(app)}`);
    let entry = this.entries.get(app);
    if (entry?.process.isRunning()) throw new Error(`${app} is already running (port ${entry.port})`);
    if (entry === undefined) {
      this.checkDependencies(app, [...this.entries.keys(), app]);
      entry = this.newEntry(app, await uniqueFreePort(new Set([...this.entries.values()].map((known) => known.port))));
      this.entries.set(app, entry);
      entry.extraEnv = env;
      await this.startEntry(entry, true);
      return;
    }
    entry.extraEnv = { ...entry.extraEnv, ...env };
    await this.startEntry(entry, false);
  }

  async stopApp(app: AppName): Promise<ProcessExit> {
    return this.entry(app).process.stop();
  }

  async stopRedis(): Promise<void> {
    await this.ownRedis().stop();
  }

  async killRedis(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    await this.ownRedis().kill(signal);
  }

  async startRedis(): Promise<void> {
    await this.ownRedis().start();
  }

  async stop(): Promise<void> {
    const running = [...this.entries.keys()];
    for (const wave of startWaves(running).reverse()) {
      await Promise.all(wave.map((app) => this.entry(app).process.stop()));
    }
    if (this.ownsConfluence) {
      this.ownsConfluence = false;
      await this.confluence?.stop();
    }
    await this.redis?.stop();
  }

  private entry(app: AppName): AppEntry {
    const entry = this.entries.get(app);
    if (entry === undefined) throw new Error(`${app} is not part of this stack (it runs ${[...this.entries.keys()].join(', ') || 'no apps'})`);
    return entry;
  }

  private ownRedis(): ManagedProcess {
    if (this.redis === undefined) throw new Error('this stack uses an external Redis (options.redis); it cannot stop or start it');
    return this.redis;
  }

  private newEntry(app: AppName, port: number): AppEntry {
    const entry: AppEntry = { name: app, port, extraEnv: {}, process: undefined as unknown as ManagedProcess };
    entry.process = this.processFor(entry);
    return entry;
  }

  private processFor(entry: AppEntry): ManagedProcess {
    return appProcess({
      app: entry.name,
      repoRoot: this.repoRoot,
      port: entry.port,
      env: this.envFor(entry),
      logFile: this.logFile(entry.name),
      readyTimeoutMs: this.options.readyTimeoutMs ?? DEFAULT_READY_TIMEOUT_MS,
    });
  }

  /**
   * Starts an app and waits until it is ready. A first start that lost its
   * free port to another process in the meantime tries a new one; later
   * starts keep the port, since clients already know it.
   */
  private async startEntry(entry: AppEntry, mayMovePort: boolean): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      // Rebuilt on every start: the env may have changed (startApp's env, a new service's URL).
      entry.process = this.processFor(entry);
      try {
        await entry.process.start();
        return;
      } catch (error) {
        const lostPort = error instanceof ProcessStartError && error.logTail.includes('EADDRINUSE');
        if (!mayMovePort || !lostPort || attempt === PORT_ATTEMPTS) throw error;
        entry.port = await uniqueFreePort(new Set([...this.entries.values()].map((known) => known.port)));
      }
    }
  }

  private envFor(entry: AppEntry): NodeJS.ProcessEnv {
    const spec = APP_CATALOG[entry.name];
    const inherited = Object.fromEntries(INHERITED_ENV.flatMap((name) => (process.env[name] === undefined ? [] : [[name, process.env[name]]])));
    const callsServices = spec.kind === 'agent' || spec.calls.length > 0;
    return {
      ...inherited,
      PORT: String(entry.port),
      HOST: '127.0.0.1',
      LOG_LEVEL: this.options.logLevel ?? 'info',
      // Nothing balances load in front of a local process: no reason to wait before closing.
      SHUTDOWN_DRAIN_MS: '0',
      REDIS_URL: this.redisUrl,
      MCP_AUTH_TOKEN: this.token,
      ...(this.options.otlpEndpoint !== undefined && { OTEL_EXPORTER_OTLP_ENDPOINT: this.options.otlpEndpoint }),
      ...(callsServices && this.serviceUrls()),
      ...spec.env({
        dataDir: this.dataDir,
        vaultDir: this.vaultDir,
        unsortedDir: this.unsortedDir,
        jdStructurePath: resolve(this.options.jdStructurePath ?? exampleJdStructurePath(this.repoRoot)),
        confluence: this.confluenceConnection,
        webhook: this.webhook,
        scraperAllowHosts: this.options.scraperAllowHosts ?? [],
      }),
      ...this.options.env?.['*'],
      ...this.options.env?.[entry.name],
      ...entry.extraEnv,
    };
  }

  private serviceUrls(): Record<string, string> {
    const urls: Record<string, string> = {};
    for (const entry of this.entries.values()) {
      const service = APP_CATALOG[entry.name].mcpService;
      if (service !== undefined) urls[mcpServiceUrlVariable(service)] = `http://127.0.0.1:${entry.port}/mcp`;
    }
    return urls;
  }

  /** Every service an app calls must run in the stack, unless its URL is configured by hand. */
  private checkDependencies(app: AppName, inStack: readonly AppName[]): void {
    for (const service of APP_CATALOG[app].calls) {
      const provider = appOfService(service);
      const variable = mcpServiceUrlVariable(service);
      const configured = this.options.env?.[app]?.[variable] ?? this.options.env?.['*']?.[variable];
      if (!inStack.includes(provider) && configured === undefined) {
        throw new Error(`${app} calls ${provider}, which this stack does not run: add it to services, or set ${variable} in env['${app}']`);
      }
    }
  }

  private async startOwnRedis(): Promise<void> {
    if (this.options.redis !== undefined) {
      this.redisUrl = this.options.redis.url;
      return;
    }
    for (let attempt = 1; ; attempt++) {
      const port = await freePort();
      this.redis = redisProcess({
        port,
        dataDir: join(this.dataDir, 'redis'),
        logFile: this.logFile('redis'),
        readyTimeoutMs: this.options.readyTimeoutMs ?? DEFAULT_READY_TIMEOUT_MS,
      });
      try {
        await this.redis.start();
        this.redisUrl = redisUrlFor(port);
        return;
      } catch (error) {
        const lostPort = error instanceof ProcessStartError && error.logTail.includes('Address already in use');
        if (!lostPort || attempt === PORT_ATTEMPTS) throw error;
      }
    }
  }

  private async connectConfluence(): Promise<void> {
    const given = this.options.confluence;
    if (given instanceof FakeConfluence) {
      this.confluence = given;
      this.confluenceConnection = given.connection;
      return;
    }
    if (given !== undefined) {
      this.confluenceConnection = given;
      return;
    }
    const configuredByHand = ['*', 'confluence-service'].some((key) => this.options.env?.[key as AppName | '*']?.CONFLUENCE_BASE_URL !== undefined);
    if (!this.appNames.includes('confluence-service') || configuredByHand) return;
    this.confluence = await startFakeConfluence();
    this.ownsConfluence = true;
    this.confluenceConnection = this.confluence.connection;
  }
}

/** A free port not yet handed to another app of this stack. */
async function uniqueFreePort(taken: Set<number>): Promise<number> {
  for (;;) {
    const port = await freePort();
    if (!taken.has(port)) {
      taken.add(port);
      return port;
    }
  }
}
