import {
  context,
  isSpanContextValid,
  propagation,
  SpanKind,
  SpanStatusCode,
  trace,
  type Context,
  type Span,
} from '@opentelemetry/api';
import { Logger } from '@nestjs/common';
import { argumentIssueMessage, summarizeIssues, toArgumentIssues, type ArgumentIssue } from './argument-issues';
import { type ServerMetrics, UNKNOWN_TOOL_LABEL, type CallOutcome } from './server-metrics';
import type { ToolTransport } from './tool-definition';
import { ToolError, type ToolErrorCode } from './tool-error';
import { isRedisOutage } from '@emm/redis';
import type { RegisteredTool, ToolRegistry } from './tool-registry';

/** One call to a tool, whichever transport it came over. */
export interface ToolCall {
  readonly name: string;
  /** The arguments as received (unvalidated); `undefined` means none. */
  readonly args: unknown;
  readonly caller: string;
  readonly transport: ToolTransport;
  readonly signal: AbortSignal;
  /** W3C trace context sent with the call (MCP `params._meta`): parent of the tool's span when valid. */
  readonly traceCarrier?: Readonly<Record<string, unknown>>;
}

export interface ToolFailure {
  readonly code: ToolErrorCode | 'unknown_tool';
  readonly message: string;
  /** For `invalid_argument`: each field and the rule it broke. */
  readonly issues?: readonly ArgumentIssue[];
  /** Which of the tool's known failures this is (see ToolError). */
  readonly reason?: string;
}

export type ToolCallResult =
  | { readonly ok: true; readonly value: Record<string, unknown> }
  | { readonly ok: false; readonly error: ToolFailure };

const INTERNAL_ERROR_MESSAGE = 'internal error';
const TRACE_FIELDS = ['traceparent', 'tracestate'] as const;

/** Server-side faults mark the span as an error; a caller's mistake does not. */
const SERVER_FAULTS: ReadonlySet<CallOutcome> = new Set(['internal', 'unavailable']);

function failure(code: ToolFailure['code'], message: string, issues?: readonly ArgumentIssue[]): ToolCallResult {
  return { ok: false, error: issues === undefined ? { code, message } : { code, message, issues } };
}

function toolErrorFailure({ code, message, reason }: ToolError): ToolFailure {
  return reason === undefined ? { code, message } : { code, message, reason };
}

/** A call's result and the outcome recorded for it. */
interface Settled {
  readonly outcome: CallOutcome;
  readonly result: ToolCallResult;
}

function settled(code: ToolErrorCode, message: string, issues?: readonly ArgumentIssue[]): Settled {
  return { outcome: code, result: failure(code, message, issues) };
}

/**
 * The parent of a tool's span: the trace context the MCP client sent in
 * `params._meta` when there is a valid one, else the active (HTTP) span.
 */
function parentContext(carrier: ToolCall['traceCarrier']): { parent: Context; remote: boolean } {
  const active = context.active();
  if (carrier === undefined || typeof carrier.traceparent !== 'string') return { parent: active, remote: false };
  const fields: Record<string, string> = {};
  for (const field of TRACE_FIELDS) {
    const value = carrier[field];
    if (typeof value === 'string') fields[field] = value;
  }
  const extracted = propagation.extract(active, fields);
  const spanContext = trace.getSpanContext(extracted);
  const remote = spanContext !== undefined && spanContext.isRemote === true && isSpanContextValid(spanContext);
  return { parent: remote ? extracted : active, remote };
}

/**
 * The one path every tool call takes, MCP or REST: validate the arguments,
 * run the handler in a span, check its output, then record metrics and an
 * audit line. Transports only translate the `ToolCallResult`.
 */
export class ToolInvoker {
  private readonly tracer = trace.getTracer('@emm/mcp');
  private readonly audit = new Logger('McpToolCall');

  constructor(
    private readonly registry: ToolRegistry,
    private readonly metrics: ServerMetrics,
  ) {}

  async invoke(call: ToolCall): Promise<ToolCallResult> {
    const startedAt = performance.now();
    const tool = this.registry.get(call.name);
    if (tool === undefined) {
      this.finish(call, UNKNOWN_TOOL_LABEL, 'unknown_tool', startedAt);
      return failure('unknown_tool', `unknown tool "${call.name}"`);
    }
    const { parent, remote } = parentContext(call.traceCarrier);
    return this.tracer.startActiveSpan(
      `mcp.tool ${tool.definition.name}`,
      {
        kind: remote ? SpanKind.SERVER : SpanKind.INTERNAL,
        attributes: { 'mcp.tool.name': tool.definition.name, 'mcp.transport': call.transport, 'mcp.caller': call.caller },
      },
      parent,
      async (span) => {
        // Anything `run` did not foresee (e.g. an async refinement in a schema) is still just a fault.
        const { outcome, result } = await this.run(tool, call, span).catch((error: unknown) => this.fault(tool, span, error));
        span.setAttribute('mcp.outcome', outcome);
        if (SERVER_FAULTS.has(outcome)) span.setStatus({ code: SpanStatusCode.ERROR, message: outcome });
        span.end();
        this.finish(call, tool.definition.name, outcome, startedAt);
        return result;
      },
    );
  }

  private async run(tool: RegisteredTool, call: ToolCall, span: Span): Promise<Settled> {
    const { definition } = tool;
    const args = definition.input.safeParse(call.args ?? {}, { error: argumentIssueMessage });
    if (!args.success) {
      const issues = toArgumentIssues(args.error);
      return settled('invalid_argument', summarizeIssues(issues), issues);
    }
    let returned: unknown;
    try {
      returned = await definition.handler(args.data, {
        caller: call.caller,
        transport: call.transport,
        signal: call.signal,
        logger: tool.logger,
      });
    } catch (error) {
      if (error instanceof ToolError) return { outcome: error.code, result: { ok: false, error: toolErrorFailure(error) } };
      // Whatever a handler throws once its caller left (usually an AbortError) is not a fault.
      if (call.signal.aborted) return { outcome: 'cancelled', result: failure('unavailable', 'the call was cancelled') };
      // Redis away is an outage, not a bug: callers retry an unavailable tool, never an internal error.
      if (isRedisOutage(error)) {
        tool.logger.warn(`tool ${definition.name}: Redis is unavailable (${error instanceof Error ? error.message : String(error)})`);
        return settled('unavailable', 'Redis is unavailable; retry shortly');
      }
      return this.fault(tool, span, error);
    }
    const output = definition.output.safeParse(returned, { error: argumentIssueMessage });
    if (!output.success) {
      const problems = summarizeIssues(toArgumentIssues(output.error, '(result)'));
      tool.logger.error(`tool ${definition.name} returned a result that breaks its output schema: ${problems}`);
      return settled('internal', INTERNAL_ERROR_MESSAGE);
    }
    return { outcome: 'ok', result: { ok: true, value: output.data } };
  }

  /** An unexpected error: the details and stack go to the log and the span, the caller gets `internal error`. */
  private fault(tool: RegisteredTool, span: Span, error: unknown): Settled {
    span.recordException(error instanceof Error ? error : String(error));
    const detail = error instanceof Error ? error.message : String(error);
    tool.logger.error(`tool ${tool.definition.name} failed: ${detail}`, error instanceof Error ? error.stack : undefined);
    return settled('internal', INTERNAL_ERROR_MESSAGE);
  }

  private finish(call: ToolCall, tool: string, outcome: CallOutcome, startedAt: number): void {
    const durationMs = performance.now() - startedAt;
    this.metrics.record(tool, outcome, durationMs / 1000);
    // Never the arguments: they may hold personal data or secrets.
    this.audit.log({
      msg: 'tool call',
      tool: tool === UNKNOWN_TOOL_LABEL ? call.name.slice(0, 128) : tool,
      caller: call.caller,
      transport: call.transport,
      outcome,
      duration_ms: Math.round(durationMs * 1000) / 1000,
    });
  }
}
