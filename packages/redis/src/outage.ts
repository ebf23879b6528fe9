/**
 * Whether an error is Redis being unreachable rather than a bug: ioredis'
 * fail-fast errors while the connection is down (a request client does not
 * queue commands), a command that timed out, a server still loading its AOF.
 * Callers answer such errors with "unavailable, retry shortly", never with an
 * internal error.
 */
export function isRedisOutage(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (error.name === 'MaxRetriesPerRequestError') return true;
  return /Connection is closed|enableOfflineQueue|Stream isn't writeable|Command timed out|ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|LOADING/.test(error.message);
}
