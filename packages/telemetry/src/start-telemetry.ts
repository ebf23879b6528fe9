import { endpointVariable, type Env, isHttpUrl, tracesEndpoint } from './environment';

export interface TelemetryOptions {
  serviceName: string;
  /** `service.version`; defaults to `SERVICE_VERSION` from `env`. */
  serviceVersion?: string;
  /**
   * Decides whether tracing starts and supplies the endpoint and `K8S_*`
   * attributes (default `process.env`). The SDK reads the other standard
   * variables (`OTEL_RESOURCE_ATTRIBUTES`, `OTEL_EXPORTER_OTLP_HEADERS`,
   * `OTEL_BSP_*`, …) from `process.env` itself.
   */
  env?: Env;
  /** Upper bound for flushing spans at shutdown, so an unreachable collector cannot hold up the exit. */
  shutdownTimeoutMs?: number;
  /**
   * Outgoing HTTP requests to leave untraced: no span and no `traceparent`
   * header. A service that fetches third-party URLs (the web scraper) must not
   * hand its trace ids to the sites it visits.
   */
  ignoreOutgoingRequest?: (target: OutgoingRequestTarget) => boolean;
}

/** Where an outgoing request goes: `origin` like `https://example.org`, `path` with the query. */
export interface OutgoingRequestTarget {
  origin: string;
  path: string;
}

export interface TelemetryHandle {
  /** Whether spans are recorded and exported. */
  readonly enabled: boolean;
  /** Flushes buffered spans and stops the SDK; safe to call more than once, never rejects. */
  shutdown(): Promise<void>;
}

const DISABLED: TelemetryHandle = { enabled: false, shutdown: async () => {} };
const DEFAULT_SHUTDOWN_TIMEOUT_MS = 5_000;

let current: TelemetryHandle | undefined;

/** Same shape as the app's JSON log lines: the logger does not exist yet when telemetry starts. */
function logWarning(service: string, msg: string, fields: Record<string, unknown>): void {
  const line = { level: 'warn', time: new Date().toISOString(), service, msg, ...fields };
  process.stdout.write(`${JSON.stringify(line)}\n`);
}

/** Modules loaded before the SDK keep their unpatched functions, so their work would go untraced. */
function warnIfLoadedTooLate(service: string): void {
  const alreadyLoaded = ['@nestjs/core', 'ioredis'].filter((name) =>
    Object.keys(require.cache).some((file) => file.includes(`/node_modules/${name}/`)),
  );
  if (alreadyLoaded.length > 0) {
    logWarning(service, 'telemetry started after modules it instruments were loaded; their calls are not traced', {
      modules: alreadyLoaded,
    });
  }
}

function withTimeout(work: Promise<void>, timeoutMs: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${timeoutMs} ms`)), timeoutMs);
    timer.unref();
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Starts OpenTelemetry tracing when an OTLP endpoint is configured
 * (`OTEL_EXPORTER_OTLP_ENDPOINT` or `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`).
 * Call it before Nest, http, undici or ioredis are loaded: an app's
 * `src/telemetry.ts` calls it and `main.ts` imports that file first. Without
 * an endpoint nothing is started or patched. A malformed endpoint stops the
 * process with one `config error:` line, like any other bad setting.
 * Calling it again returns the running handle.
 */
export function startTelemetry(options: TelemetryOptions): TelemetryHandle {
  if (current) return current;
  const env = options.env ?? process.env;
  const url = tracesEndpoint(env);
  if (!url) {
    current = DISABLED;
    return current;
  }
  if (!isHttpUrl(url)) {
    process.stderr.write(`config error: ${endpointVariable(env)}: must be an http:// or https:// URL\n`);
    process.exit(1);
  }

  warnIfLoadedTooLate(options.serviceName);
  // Loaded only now: the SDK and its exporters are hundreds of modules a process without tracing never needs.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { createSdk } = require('./sdk') as typeof import('./sdk');
  const sdk = createSdk({
    serviceName: options.serviceName,
    serviceVersion: options.serviceVersion ?? env.SERVICE_VERSION,
    env,
    tracesUrl: url,
    ignoreOutgoingRequest: options.ignoreOutgoingRequest,
  });
  sdk.start();

  let stopping: Promise<void> | undefined;
  current = {
    enabled: true,
    shutdown: () => {
      stopping ??= withTimeout(sdk.shutdown(), options.shutdownTimeoutMs ?? DEFAULT_SHUTDOWN_TIMEOUT_MS).catch(
        (error: unknown) => {
          logWarning(options.serviceName, 'could not flush traces at shutdown', {
            err: { message: error instanceof Error ? error.message : String(error) },
          });
        },
      );
      return stopping;
    },
  };
  return current;
}

/** Flushes and stops the telemetry started by `startTelemetry`, if any. */
export async function shutdownTelemetry(): Promise<void> {
  await current?.shutdown();
}
