import { StreamableHTTPError } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { ErrorCode, McpError } from '@modelcontextprotocol/sdk/types.js';
import { BrokenCircuitError } from 'cockatiel';
import { classifyFailure, timeoutFailure, toolResultFailure, type CallSite } from './failures';

const site: CallSite = {
  service: 'jd-classifier',
  tool: 'find_category',
  url: 'http://jd-classifier-service:8080/mcp',
  urlVariable: 'MCP_JD_CLASSIFIER_URL',
  tokenVariable: 'MCP_JD_CLASSIFIER_AUTH_TOKEN',
};

/** What undici's fetch throws when the connection fails: `TypeError('fetch failed')` with the system error as cause. */
function fetchFailed(code: string): TypeError {
  return new TypeError('fetch failed', { cause: Object.assign(new Error(`connect ${code}`), { code }) });
}

describe('classifyFailure', () => {
  it('connection refused: unavailable, never sent, names the variable to check', () => {
    const error = classifyFailure(fetchFailed('ECONNREFUSED'), site, 'call');
    expect(error).toMatchObject({ kind: 'unavailable', code: 'connection_failed', stage: 'not_sent' });
    expect(error.message).toBe('jd-classifier/find_category: cannot reach http://jd-classifier-service:8080/mcp: connection refused (ECONNREFUSED); check MCP_JD_CLASSIFIER_URL');
  });

  it('a connection lost mid-call may have delivered the request; during the handshake it did not', () => {
    expect(classifyFailure(fetchFailed('UND_ERR_SOCKET'), site, 'call').stage).toBe('sent');
    expect(classifyFailure(fetchFailed('ECONNRESET'), site, 'connect').stage).toBe('not_sent');
    const happyEyeballs = new TypeError('fetch failed', { cause: new AggregateError([Object.assign(new Error('x'), { code: 'ECONNREFUSED' })]) });
    expect(classifyFailure(happyEyeballs, site, 'call')).toMatchObject({ code: 'connection_failed', stage: 'not_sent' });
  });

  it('HTTP statuses: 503 never ran, 502/504 may have, 401/403/404 are not worth retrying, 413 is the caller’s', () => {
    expect(classifyFailure(new StreamableHTTPError(503, 'x'), site, 'call')).toMatchObject({ kind: 'unavailable', code: 'http_503', stage: 'not_sent' });
    expect(classifyFailure(new StreamableHTTPError(504, 'x'), site, 'call')).toMatchObject({ kind: 'unavailable', code: 'http_504', stage: 'sent' });
    expect(classifyFailure(new StreamableHTTPError(401, 'x'), site, 'connect')).toMatchObject({ kind: 'tool_error', code: 'unauthorized', retryable: false });
    expect(classifyFailure(new StreamableHTTPError(403, 'x'), site, 'connect').detail).toContain('MCP_ALLOWED_HOSTS');
    expect(classifyFailure(new StreamableHTTPError(404, 'x'), site, 'connect')).toMatchObject({ kind: 'tool_error', code: 'http_404' });
    expect(classifyFailure(new StreamableHTTPError(413, 'x'), site, 'call')).toMatchObject({ kind: 'invalid_argument', code: 'payload_too_large' });
  });

  it('JSON-RPC errors: an unknown tool is the caller’s mistake', () => {
    expect(classifyFailure(new McpError(ErrorCode.InvalidParams, 'Unknown tool: find_category'), site, 'call')).toMatchObject({ kind: 'invalid_argument', code: 'unknown_tool' });
    expect(classifyFailure(new McpError(ErrorCode.InternalError, 'boom'), site, 'call')).toMatchObject({ kind: 'tool_error', code: 'protocol_error' });
  });

  it('an open breaker and a timeout', () => {
    expect(classifyFailure(new BrokenCircuitError(), site, 'connect')).toMatchObject({ kind: 'unavailable', code: 'circuit_open', stage: 'not_sent' });
    expect(timeoutFailure(site, 250, 'call')).toMatchObject({ kind: 'timeout', code: 'timeout', stage: 'sent', detail: 'no answer within 250 ms waiting for http://jd-classifier-service:8080/mcp' });
  });
});

describe('toolResultFailure', () => {
  it('reads code, message and issues from _meta["emm/error"]', () => {
    const error = toolResultFailure(
      {
        isError: true,
        content: [{ type: 'text', text: 'invalid_argument: limit: must be at most 50' }],
        _meta: { 'emm/error': { code: 'invalid_argument', message: 'limit: must be at most 50', issues: [{ path: 'limit', message: 'must be at most 50' }] } },
      },
      site,
    );
    expect(error).toMatchObject({ kind: 'invalid_argument', code: 'invalid_argument', stage: 'answered', issues: [{ path: 'limit', message: 'must be at most 50' }] });
    expect(error.toJSON()).not.toHaveProperty('stack');
  });

  it('maps the tool’s unavailable to unavailable, other codes to tool_error, and copes with a non-EMM server', () => {
    const failed = (meta: unknown) => toolResultFailure({ isError: true, content: [{ type: 'text', text: 'the backend is down' }], _meta: { 'emm/error': meta } }, site);
    expect(failed({ code: 'unavailable', message: 'the backend is down' })).toMatchObject({ kind: 'unavailable', retryable: true });
    expect(failed({ code: 'conflict', message: 'busy' })).toMatchObject({ kind: 'tool_error', code: 'conflict' });
    expect(toolResultFailure({ isError: true, content: [{ type: 'text', text: 'it broke' }] }, site)).toMatchObject({ kind: 'tool_error', code: 'tool_error', detail: 'it broke' });
  });

  it('carries the tool’s reason, when it names one, for callers to act on', () => {
    const failed = (meta: unknown) => toolResultFailure({ isError: true, content: [{ type: 'text', text: 'x' }], _meta: { 'emm/error': meta } }, site);
    const tooLarge = failed({ code: 'failed_precondition', message: 'path: big.pdf is 80 MiB, more than the 50 MiB limit', reason: 'too_large' });
    expect(tooLarge).toMatchObject({ kind: 'tool_error', code: 'failed_precondition', reason: 'too_large' });
    expect(tooLarge.toJSON()).toMatchObject({ reason: 'too_large' });
    expect(failed({ code: 'conflict', message: 'busy' }).reason).toBeUndefined();
    expect(failed({ code: 'conflict', message: 'busy', reason: 42 }).reason).toBeUndefined();
  });
});
