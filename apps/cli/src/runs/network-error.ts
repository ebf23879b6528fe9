import { describeNetworkCode, networkErrorCode } from '@emm/mcp/network-errors';

/**
 * Why a fetch to an agent failed, in a few words (`connection refused`): the
 * MCP client's wording for network codes, else the first message below
 * Node's `TypeError: fetch failed` (an AggregateError per address tried when
 * the host has several).
 */
export function describeNetworkError(error: unknown): string {
  const code = networkErrorCode(error);
  if (code !== undefined) return describeNetworkCode(code, 'the agent') ?? code;
  let current: unknown = error;
  for (let depth = 0; typeof current === 'object' && current !== null && depth < 5; depth++) {
    const { errors, cause, message } = current as { errors?: unknown; cause?: unknown; message?: unknown };
    if (typeof message === 'string' && message !== '' && message !== 'fetch failed') return message;
    current = Array.isArray(errors) && errors.length > 0 ? errors[0] : cause;
  }
  return 'the request failed';
}
