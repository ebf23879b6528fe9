// What went wrong on the wire, in a few words. Dependency-free, so a caller
// that fetches on its own (the CLI's run API client) words network failures
// like the MCP client without loading it (the `@emm/mcp/network-errors` entry).

/** Connection failures where the request certainly never reached the server. */
export const NOT_CONNECTED = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_CONNECT_TIMEOUT']);
/** Failures of an established connection: the request may have been read. */
const CONNECTION_LOST = new Set(['ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);

const CONNECTION_WORDS: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'host name lookup failed',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  UND_ERR_CONNECT_TIMEOUT: 'connect timed out',
  ECONNRESET: 'connection reset',
  EPIPE: 'connection closed while sending',
  ETIMEDOUT: 'connection timed out',
  UND_ERR_SOCKET: 'connection closed by the other side',
  UND_ERR_CLOSED: 'connection closed',
  UND_ERR_HEADERS_TIMEOUT: 'no response headers in time',
  UND_ERR_BODY_TIMEOUT: 'response body stalled',
};

/** A few words for a network failure code (`connection refused`); `peer` names who closed a connection: `the server`, `the agent`. */
export function describeNetworkCode(code: string, peer = 'the server'): string | undefined {
  return code === 'UND_ERR_SOCKET' ? `connection closed by ${peer}` : CONNECTION_WORDS[code];
}

/**
 * The system or undici error code behind a failed fetch (`TypeError: fetch
 * failed`, cause → code). Checked structurally: system errors come from Node's
 * own realm, where `instanceof Error` of another realm (a test VM) is false.
 */
export function networkErrorCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; typeof current === 'object' && current !== null && depth < 4; depth++) {
    const { code, errors, cause } = current as { code?: unknown; errors?: unknown; cause?: unknown };
    if (typeof code === 'string' && (NOT_CONNECTED.has(code) || CONNECTION_LOST.has(code))) return code;
    // Happy eyeballs: one error per address tried.
    current = Array.isArray(errors) && errors.length > 0 ? errors[0] : cause;
  }
  return undefined;
}
