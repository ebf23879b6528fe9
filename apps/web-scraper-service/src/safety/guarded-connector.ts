import { buildConnector } from 'undici';
import type { TargetGuard } from './target-guard';

/**
 * An undici connector that asks the guard where to connect: the name is
 * resolved once, every address checked, and the socket opened to exactly the
 * checked address. TLS still verifies the certificate against the name (SNI
 * and servername come from the original host), so https keeps working.
 */
export function guardedConnector(guard: TargetGuard, connectTimeoutMs: number): buildConnector.connector {
  const connect = buildConnector({ timeout: connectTimeoutMs });
  return (options, callback) => {
    const port = Number(options.port) || (options.protocol === 'https:' ? 443 : 80);
    guard.addressFor(options.hostname, port).then(
      (address) => connect({ ...options, hostname: address }, callback),
      (error: Error) => callback(error, null),
    );
  };
}
