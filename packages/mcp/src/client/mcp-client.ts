import { CallToolResultSchema } from '@modelcontextprotocol/sdk/types.js';
import type { LoggerService } from '@nestjs/common';
import { context, propagation, SpanKind, SpanStatusCode, trace, type Span } from '@opentelemetry/api';
import { TaskCancelledError } from 'cockatiel';
import { CALLER_HEADER } from '../server/caller';
import { argumentIssueMessage, summarizeIssues, toArgumentIssues } from '../server/argument-issues';
import type { ToolCachePolicy } from '../server/tool-definition';
import { defaultMcpServiceUrl, mcpServiceTokenVariable, mcpServiceUrlVariable, type McpServiceId } from '../contract/services';
import type { ToolArgs, ToolContract, ToolResult, ToolSchema } from '../contract/tool-contract';
import { McpCallError } from './call-error';
import { ClientMetrics, UNLISTED_TOOL_LABEL, type BreakerState, type CallStatus } from './client-metrics';
import { McpConnection, runInAttemptScope } from './connection';
import { classifyFailure, invalidResultFailure, timeoutFailure, toolResultFailure, type AttemptPhase, type CallSite } from './failures';
import { DEFAULT_BREAKER, DEFAULT_RETRY, ServicePolicies, type BreakerSettings, type RetrySettings } from './resilience';
import { ToolResultCache, type ResultCacheOptions } from './result-cache';
import type { ToolInfo } from './tool-catalog';

export const DEFAULT_TIMEOUT_MS = 10_000;
const DEFAULT_CATALOG_MAX_AGE_MS = 5 * 60_000;

export interface McpClientOptions<S extends McpServiceId = McpServiceId> {
  /** The target service, e.g. `jd-classifier`. */
  service: S;
  /** The calling app's name: sent as `x-emm-caller`, MCP `clientInfo`, and part of cache keys. */
  caller: string;
  /** The calling app's version; part of cache keys (default `0.0.0-dev`). */
  callerVersion?: string;
  /** The service's MCP endpoint (default `http://<service>-service:8080/mcp`, its in-cluster name). */
  url?: string;
  /** Sent as `Authorization: Bearer …` when set. */
  authToken?: string;
  /** Per attempt (default 10 s); a call's retries each get a fresh one. */
  timeoutMs?: number;
  retry?: Partial<RetrySettings>;
  breaker?: Partial<BreakerSettings>;
  /** Redis for the result cache of cacheable tools; without it every call goes to the service. */
  cache?: ResultCacheOptions;
  /** How long a tool listing (TTLs, idempotency) is trusted before it is refreshed in the background (default 5 min). */
  catalogMaxAgeMs?: number;
  /** Where breaker and cache state changes are told (default Nest's `Logger`). */
  logger?: LoggerService;
}

export interface CallOptions {
  /** This call's per-attempt timeout instead of the client's. */
  timeoutMs?: number;
  /** `false`: skip the cache for this call; `{ ttlSeconds }`: cache this result for that long instead of the tool's TTL (cacheable tools only). */
  cache?: false | { ttlSeconds: number };
  /** `false`: a single attempt. */
  retry?: boolean;
  /** Abort the call (e.g. the job was cancelled): it rejects with the signal's reason. */
  signal?: AbortSignal;
}

const tracer = trace.getTracer('@emm/mcp');
const NEVER_ABORTED = new AbortController().signal;

function positiveInteger(value: number, what: string): number {
  if (!Number.isSafeInteger(value) || value <= 0) throw new Error(`${what} must be a positive integer, got ${String(value)}`);
  return value;
}

function nonNegativeInteger(value: number, what: string): number {
  if (!Number.isSafeInteger(value) || value < 0) throw new Error(`${what} must be an integer of at least 0, got ${String(value)}`);
  return value;
}

/** The URL as messages show it: no credentials, no query. */
function displayUrl(url: URL): string {
  return `${url.protocol}//${url.host}${url.pathname}`;
}

/**
 * Calls the tools of one EMM service: the official SDK's Streamable HTTP
 * client on a keep-alive connection, per-attempt timeout, retries with
 * exponential backoff and jitter for transient failures, a circuit breaker,
 * the Redis result cache for cacheable tools, a client span per call (trace
 * context sent as the `traceparent` header and in `_meta`) and metrics.
 * Failures reject with `McpCallError`. In Nest, inject it with
 * `@InjectMcpClient('<service>')`; elsewhere construct it.
 */
export class McpClient<S extends McpServiceId = McpServiceId> {
  readonly service: S;
  /** The MCP endpoint, as messages show it. */
  readonly url: string;
  private readonly connection: McpConnection;
  private readonly policies: ServicePolicies;
  private readonly metrics: ClientMetrics;
  private readonly cache: ToolResultCache | undefined;
  private readonly timeoutMs: number;
  private readonly logger: LoggerService;
  private readonly serverAttributes: Record<string, string | number>;
  private breaker: BreakerState = 'closed';

  constructor(options: McpClientOptions<S>) {
    this.service = options.service;
    const endpoint = new URL(options.url ?? defaultMcpServiceUrl(options.service));
    this.url = displayUrl(endpoint);
    this.timeoutMs = positiveInteger(options.timeoutMs ?? DEFAULT_TIMEOUT_MS, 'timeoutMs');
    this.logger = options.logger ?? consoleLogger(`McpClient:${options.service}`);
    const retry = { ...DEFAULT_RETRY, ...options.retry };
    nonNegativeInteger(retry.retries, 'retry.retries');
    const breaker = { ...DEFAULT_BREAKER, ...options.breaker };
    positiveInteger(breaker.threshold, 'breaker.threshold');
    this.metrics = new ClientMetrics(options.service);
    this.policies = new ServicePolicies(retry, breaker, (state) => this.onBreakerState(state, breaker));
    this.connection = new McpConnection({
      url: endpoint,
      headers: {
        [CALLER_HEADER]: options.caller,
        ...(options.authToken !== undefined && { authorization: `Bearer ${options.authToken}` }),
      },
      clientInfo: { name: options.caller, version: options.callerVersion ?? '0.0.0-dev' },
      catalogMaxAgeMs: options.catalogMaxAgeMs ?? DEFAULT_CATALOG_MAX_AGE_MS,
    });
    this.cache =
      options.cache === undefined
        ? undefined
        : new ToolResultCache(
            options.cache.redis,
            { caller: options.caller, callerVersion: options.callerVersion ?? '0.0.0-dev', service: options.service },
            options.cache.timeoutMs,
            this.metrics,
            this.logger,
          );
    this.serverAttributes = {
      'mcp.server': options.service,
      'server.address': endpoint.hostname,
      'server.port': Number(endpoint.port || (endpoint.protocol === 'https:' ? 443 : 80)),
    };
  }

  /**
   * Calls the tool a contract describes; resolves with its result checked
   * against the contract's output schema (defaults and transforms applied).
   */
  async call<C extends ToolContract<ToolSchema, ToolSchema, S>>(contract: C, args: ToolArgs<C>, options: CallOptions = {}): Promise<ToolResult<C>> {
    if (contract.service !== this.service) {
      throw new Error(`contract ${contract.service}/${contract.name} called on the ${this.service} client`);
    }
    return this.execute(contract.name, contract.name, args, options, (structured, site) => {
      const parsed = contract.output.safeParse(structured, { error: argumentIssueMessage });
      if (!parsed.success) throw invalidResultFailure(site, summarizeIssues(toArgumentIssues(parsed.error, '(result)')));
      return parsed.data as ToolResult<C>;
    });
  }

  /** Calls a tool by name with unchecked arguments and result (for the CLI and generic tooling). */
  async callRaw(tool: string, args: Record<string, unknown> = {}, options: CallOptions = {}): Promise<Record<string, unknown>> {
    const catalog = this.connection.catalog;
    const label = catalog === undefined || catalog.get(tool) !== undefined ? tool : UNLISTED_TOOL_LABEL;
    return this.execute(tool, label, args, options, (structured) => structured);
  }

  /** The service's tools as it lists them now (tools/list), with their cache TTL and idempotency. */
  async tools(options: Pick<CallOptions, 'timeoutMs' | 'signal'> = {}): Promise<readonly ToolInfo[]> {
    const timeoutMs = options.timeoutMs ?? this.timeoutMs;
    const site = this.site('tools/list');
    const catalog = await this.withPolicies(site, true, true, options.signal, undefined, () => this.connection.listTools(timeoutMs), timeoutMs);
    return catalog.tools;
  }

  /** The circuit breaker's state for this service. */
  get breakerState(): BreakerState {
    return this.breaker;
  }

  /** Lets calls in flight finish, then closes the connections; later calls fail. */
  async close(): Promise<void> {
    await this.connection.close();
  }

  private site(tool: string): CallSite {
    return {
      service: this.service,
      tool,
      url: this.url,
      urlVariable: mcpServiceUrlVariable(this.service),
      tokenVariable: mcpServiceTokenVariable(this.service),
    };
  }

  /** One call as its caller sees it: span, cache, policies, metrics. */
  private async execute<T>(
    tool: string,
    label: string,
    args: Record<string, unknown>,
    options: CallOptions,
    parse: (structured: Record<string, unknown>, site: CallSite) => T,
  ): Promise<T> {
    const startedAt = performance.now();
    const span = tracer.startSpan(`tools/call ${tool}`, {
      kind: SpanKind.CLIENT,
      attributes: { 'mcp.method.name': 'tools/call', 'gen_ai.operation.name': 'execute_tool', 'gen_ai.tool.name': tool, ...this.serverAttributes },
    });
    const spanContext = trace.setSpan(context.active(), span);
    const traceHeaders: Record<string, string> = {};
    propagation.inject(spanContext, traceHeaders);
    let status: CallStatus = 'ok';
    try {
      return await context.with(spanContext, () => this.resolve(tool, args, options, span, traceHeaders, parse));
    } catch (error) {
      status = error instanceof McpCallError ? error.kind : options.signal?.aborted ? 'cancelled' : 'tool_error';
      span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof McpCallError ? error.code : status });
      span.setAttribute('error.type', error instanceof McpCallError ? error.code : status);
      throw error;
    } finally {
      span.end();
      this.metrics.call(label, status, (performance.now() - startedAt) / 1000);
    }
  }

  private async resolve<T>(
    tool: string,
    args: Record<string, unknown>,
    options: CallOptions,
    span: Span,
    traceHeaders: Record<string, string>,
    parse: (structured: Record<string, unknown>, site: CallSite) => T,
  ): Promise<T> {
    const site = this.site(tool);
    let cacheKey: string | undefined;
    if (this.cacheTtl(tool, options) !== undefined && this.cache !== undefined) {
      cacheKey = this.cache.key(tool, args);
      const cached = await this.cache.get(tool, cacheKey);
      const hit = cached === undefined ? undefined : this.fromCache(cached, site, parse);
      span.setAttribute('mcp.cache', hit === undefined ? 'miss' : 'hit');
      if (hit !== undefined) return hit.value;
    }
    const idempotent = this.connection.catalog?.get(tool)?.idempotent ?? false;
    const structured = await this.invoke(site, args, options, idempotent, span, traceHeaders);
    const value = parse(structured, site);
    // The listing may only now be known (first call): it decides what is cached.
    const ttl = this.cacheTtl(tool, options);
    if (ttl !== undefined && this.cache !== undefined) this.cache.set(cacheKey ?? this.cache.key(tool, args), JSON.stringify(structured), ttl);
    return value;
  }

  /** A cached result still has to pass the contract; one that does not is treated as a miss. */
  private fromCache<T>(json: string, site: CallSite, parse: (structured: Record<string, unknown>, site: CallSite) => T): { value: T } | undefined {
    try {
      return { value: parse(JSON.parse(json) as Record<string, unknown>, site) };
    } catch {
      return undefined;
    }
  }

  private cacheTtl(tool: string, options: CallOptions): number | undefined {
    if (this.cache === undefined || options.cache === false) return undefined;
    const declared: ToolCachePolicy | undefined = this.connection.catalog?.get(tool)?.cache;
    if (declared === undefined || declared === false) return undefined;
    return options.cache === undefined ? declared.ttlSeconds : positiveInteger(options.cache.ttlSeconds, 'cache.ttlSeconds');
  }

  /** tools/call through retry → breaker → timeout; resolves with the structured result. */
  private invoke(
    site: CallSite,
    args: Record<string, unknown>,
    options: CallOptions,
    idempotent: boolean,
    span: Span,
    traceHeaders: Record<string, string>,
  ): Promise<Record<string, unknown>> {
    const timeoutMs = options.timeoutMs === undefined ? this.timeoutMs : positiveInteger(options.timeoutMs, 'timeoutMs');
    // MCP's own place for trace context: the server parents its tool span on it.
    const meta = traceHeaders.traceparent === undefined ? undefined : { ...traceHeaders };
    return this.withPolicies(site, idempotent, options.retry !== false, options.signal, span, async (phase) => {
      const client = this.connection.ready(timeoutMs) ?? (await this.connection.client(timeoutMs));
      phase('call');
      try {
        const result = await client.request(
          { method: 'tools/call', params: { name: site.tool, arguments: args, ...(meta !== undefined && { _meta: meta }) } },
          CallToolResultSchema,
          { timeout: timeoutMs + 1_000 },
        );
        if (result.isError === true) throw toolResultFailure(result, site);
        if (result.structuredContent === undefined) throw invalidResultFailure(site, 'the tool returned no structured result');
        return result.structuredContent;
      } catch (error) {
        const failure = classifyFailure(error, site, 'call');
        // After a transport failure, handshake again next time: the service may have been replaced.
        if (failure.retryable && failure.stage !== 'answered') this.connection.discard(client);
        throw failure;
      }
    }, timeoutMs, traceHeaders);
  }

  /**
   * Runs `work` under the service's policies. `work` reports when it moves
   * from the handshake to the call proper, so a timeout knows whether the tool
   * could have run.
   */
  private async withPolicies<T>(
    site: CallSite,
    idempotent: boolean,
    retryEnabled: boolean,
    signal: AbortSignal | undefined,
    span: Span | undefined,
    work: (phase: (next: AttemptPhase) => void) => Promise<T>,
    timeoutMs: number,
    traceHeaders: Record<string, string> = {},
  ): Promise<T> {
    let attempts = 0;
    try {
      return await this.policies.retryFor(idempotent, retryEnabled).execute(async ({ signal: retrySignal }) => {
        attempts += 1;
        if (attempts > 1) {
          this.metrics.retry(site.tool);
          span?.addEvent('retry', { 'mcp.attempt': attempts });
        }
        return this.policies.breaker.execute(({ signal: breakerSignal }) => this.attempt(site, work, timeoutMs, breakerSignal, traceHeaders), retrySignal);
      }, signal ?? NEVER_ABORTED);
    } catch (error) {
      if (signal?.aborted) throw signal.reason;
      const failure = classifyFailure(error, site, 'connect');
      failure.attempts = attempts;
      throw failure;
    } finally {
      span?.setAttribute('mcp.attempts', attempts);
    }
  }

  private async attempt<T>(
    site: CallSite,
    work: (phase: (next: AttemptPhase) => void) => Promise<T>,
    timeoutMs: number,
    outer: AbortSignal,
    traceHeaders: Record<string, string>,
  ): Promise<T> {
    let phase: AttemptPhase = 'connect';
    try {
      return await this.policies.timeout(timeoutMs).execute(
        ({ signal }) => runInAttemptScope({ signal, traceHeaders }, () => work((next) => (phase = next))),
        outer,
      );
    } catch (error) {
      // The caller's abort is not the service's fault: let it pass the breaker and the retries untouched.
      if (outer.aborted) throw error;
      if (error instanceof TaskCancelledError) throw timeoutFailure(site, timeoutMs, phase);
      throw classifyFailure(error, site, phase);
    }
  }

  private onBreakerState(state: BreakerState, settings: BreakerSettings): void {
    this.breaker = state;
    this.metrics.breakerState(state);
    if (state === 'open') {
      this.logger.warn(`circuit breaker for ${this.service} (${this.url}) opened after repeated failures; calls fail fast for ${settings.halfOpenAfterMs} ms`);
    } else if (state === 'closed') {
      this.logger.log(`circuit breaker for ${this.service} closed: the service answers again`);
    }
  }
}

/**
 * Where a client made outside Nest (a script, the command line) says what
 * happens to its breaker: the console. McpClientModule hands clients the app's
 * Nest logger instead; loading Nest here would cost every CLI command ~0.1 s.
 */
function consoleLogger(context: string): LoggerService {
  return {
    log: (message: unknown) => console.log(`[${context}] ${String(message)}`),
    warn: (message: unknown) => console.warn(`[${context}] ${String(message)}`),
    error: (message: unknown) => console.error(`[${context}] ${String(message)}`),
  };
}
