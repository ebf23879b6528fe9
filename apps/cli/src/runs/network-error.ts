const WORDS: Readonly<Record<string, string>> = {
  ECONNREFUSED: 'connection refused',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'host name lookup failed',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  ECONNRESET: 'connection reset',
  EPIPE: 'connection closed while sending',
  ETIMEDOUT: 'connection timed out',
  UND_ERR_CONNECT_TIMEOUT: 'connect timed out',
  UND_ERR_SOCKET: 'connection closed by the agent',
  UND_ERR_CLOSED: 'connection closed',
};

/**
 * Why a fetch failed, in a few words (`connection refused`). Node's fetch
 * throws `TypeError: fetch failed` with the system error as its cause (an
 * AggregateError per address tried when the host has several).
 */
export function describeNetworkError(error: unknown): string {
  let current: unknown = error;
  let fallback: string | undefined;
  for (let depth = 0; typeof current === 'object' && current !== null && depth < 5; depth++) {
    const { code, errors, cause, message } = current as { code?: unknown; errors?: unknown; cause?: unknown; message?: unknown };
    if (typeof code === 'string' && WORDS[code] !== undefined) return WORDS[code];
    if (typeof message === 'string' && message !== '' && message !== 'fetch failed') fallback ??= message;
    current = Array.isArray(errors) && errors.length > 0 ? errors[0] : cause;
  }
  return fallback ?? 'the request failed';
}
