import { StreamableHTTPError } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { ErrorCode, McpError, type CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { BrokenCircuitError, IsolatedCircuitError } from 'cockatiel';
import type { ArgumentIssue } from '../server/argument-issues';
import { ERROR_META_KEY } from '../server/meta-keys';
import { McpCallError, type McpCallErrorInit, type McpCallErrorKind, type McpCallStage } from './call-error';
import { ClientClosedError } from './connection';
import { describeNetworkCode, networkErrorCode, NOT_CONNECTED } from './network-errors';

/** The call a failure belongs to, for the error's text and fields. */
export interface CallSite {
  readonly service: string;
  readonly tool: string;
  /** The MCP endpoint, for messages (never carries credentials). */
  readonly url: string;
  /** The variable that sets the URL, so a message can say what to change. */
  readonly urlVariable: string;
  readonly tokenVariable: string;
}

/** Which part of an attempt failed: the handshake never sends the tool call. */
export type AttemptPhase = 'connect' | 'call';

function callError(site: CallSite, kind: McpCallErrorKind, code: string, detail: string, stage: McpCallStage, fromTool: Pick<McpCallErrorInit, 'issues' | 'reason'> = {}): McpCallError {
  const { issues, reason } = fromTool;
  return new McpCallError({ kind, service: site.service, tool: site.tool, code, detail, stage, ...(issues !== undefined && { issues }), ...(reason !== undefined && { reason }) });
}

function httpFailure(site: CallSite, status: number, phase: AttemptPhase): McpCallError {
  const stage: McpCallStage = phase === 'connect' ? 'not_sent' : 'sent';
  const code = `http_${status}`;
  switch (status) {
    // A proxy or the server declined the request: nothing ran.
    case 503:
      return callError(site, 'unavailable', code, `service unavailable (HTTP 503) at ${site.url}`, 'not_sent');
    case 502:
    case 504:
      return callError(site, 'unavailable', code, `gateway error (HTTP ${status}) at ${site.url}`, stage);
    case 401:
      return callError(site, 'tool_error', 'unauthorized', `the service rejected the bearer token (HTTP 401); check ${site.tokenVariable} or MCP_AUTH_TOKEN`, 'answered');
    case 403:
      return callError(site, 'tool_error', 'forbidden', `the service refused the request (HTTP 403); its MCP_ALLOWED_HOSTS must list the host in ${site.urlVariable}`, 'answered');
    case 404:
    case 405:
      return callError(site, 'tool_error', code, `no MCP endpoint at ${site.url} (HTTP ${status}); check ${site.urlVariable}`, 'answered');
    case 413:
      return callError(site, 'invalid_argument', 'payload_too_large', 'the arguments are larger than the service accepts (HTTP 413)', 'answered');
    default:
      return callError(site, 'tool_error', code, `unexpected HTTP ${status} from ${site.url}`, 'answered');
  }
}

function protocolFailure(site: CallSite, error: McpError, phase: AttemptPhase): McpCallError {
  const text = error.message.replace(/^MCP error -?\d+: /, '');
  const code: number = error.code;
  if (code === (ErrorCode.InvalidParams as number)) {
    return /unknown tool/i.test(text)
      ? callError(site, 'invalid_argument', 'unknown_tool', `the service has no tool "${site.tool}"`, 'answered')
      : callError(site, 'invalid_argument', 'invalid_params', text, 'answered');
  }
  const stage: McpCallStage = phase === 'connect' ? 'not_sent' : 'sent';
  if (code === (ErrorCode.RequestTimeout as number)) return callError(site, 'timeout', 'timeout', 'no answer in time', stage);
  if (code === (ErrorCode.ConnectionClosed as number)) {
    return callError(site, 'unavailable', 'connection_failed', 'the connection closed before the answer', stage);
  }
  return callError(site, 'tool_error', 'protocol_error', `MCP error ${code}: ${text}`, 'answered');
}

/**
 * Turns whatever an attempt threw into an `McpCallError` with the kind a caller
 * acts on and the stage the retry policy needs.
 */
export function classifyFailure(error: unknown, site: CallSite, phase: AttemptPhase): McpCallError {
  if (error instanceof McpCallError) return error;
  if (error instanceof BrokenCircuitError || error instanceof IsolatedCircuitError) {
    return callError(site, 'unavailable', 'circuit_open', `circuit breaker open after repeated failures reaching ${site.url}; not calling for now`, 'not_sent');
  }
  if (error instanceof ClientClosedError) return callError(site, 'unavailable', 'client_closed', 'the client was closed (the app is shutting down)', 'not_sent');
  if (error instanceof StreamableHTTPError) {
    if (typeof error.code === 'number' && error.code >= 400) return httpFailure(site, error.code, phase);
    return callError(site, 'tool_error', 'protocol_error', `unexpected answer from ${site.url}: ${error.message}`, 'answered');
  }
  if (error instanceof McpError) return protocolFailure(site, error, phase);
  const network = networkErrorCode(error);
  if (network !== undefined) {
    const stage: McpCallStage = phase === 'connect' || NOT_CONNECTED.has(network) ? 'not_sent' : 'sent';
    return callError(site, 'unavailable', 'connection_failed', `cannot reach ${site.url}: ${describeNetworkCode(network)} (${network}); check ${site.urlVariable}`, stage);
  }
  return callError(site, 'tool_error', 'protocol_error', `unexpected failure talking to ${site.url}: ${describe(error)}`, phase === 'connect' ? 'not_sent' : 'answered');
}

/** An error's message with its cause's (`fetch failed: bad port`). */
function describe(error: unknown): string {
  if (typeof error !== 'object' || error === null) return String(error);
  const { message, cause } = error as { message?: unknown; cause?: { message?: unknown } };
  const text = typeof message === 'string' ? message : 'unknown error';
  return typeof cause?.message === 'string' && cause.message !== '' ? `${text}: ${cause.message}` : text;
}

/** The attempt's own deadline passed (cockatiel's timeout policy fired). */
export function timeoutFailure(site: CallSite, timeoutMs: number, phase: AttemptPhase): McpCallError {
  const what = phase === 'connect' ? 'connecting to' : 'waiting for';
  return callError(site, 'timeout', 'timeout', `no answer within ${timeoutMs} ms ${what} ${site.url}`, phase === 'connect' ? 'not_sent' : 'sent');
}

interface ToolErrorMeta {
  code?: unknown;
  message?: unknown;
  issues?: unknown;
  reason?: unknown;
}

function isIssue(value: unknown): value is ArgumentIssue {
  return typeof value === 'object' && value !== null && typeof (value as ArgumentIssue).path === 'string' && typeof (value as ArgumentIssue).message === 'string';
}

/** A tool result with `isError`: EMM servers put `{ code, message, issues?, reason? }` in `_meta["emm/error"]`. */
export function toolResultFailure(result: CallToolResult, site: CallSite): McpCallError {
  const meta = (result._meta?.[ERROR_META_KEY] ?? {}) as ToolErrorMeta;
  const text = result.content.find((block) => block.type === 'text')?.text;
  const code = typeof meta.code === 'string' ? meta.code : 'tool_error';
  const message = typeof meta.message === 'string' ? meta.message : (text ?? 'the tool failed');
  const issues = Array.isArray(meta.issues) ? meta.issues.filter(isIssue) : undefined;
  const kind: McpCallErrorKind = code === 'invalid_argument' ? 'invalid_argument' : code === 'unavailable' ? 'unavailable' : 'tool_error';
  const reason = typeof meta.reason === 'string' ? meta.reason : undefined;
  return callError(site, kind, code, message, 'answered', { issues, reason });
}

/** A result that breaks the caller's contract: the two sides disagree about the tool's shape. */
export function invalidResultFailure(site: CallSite, problems: string): McpCallError {
  return callError(site, 'tool_error', 'invalid_result', `the result does not match the tool's contract: ${problems}`, 'answered');
}
