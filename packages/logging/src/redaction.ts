/** What every redacted value is replaced with. */
export const REDACTED = '[REDACTED]';

/** Keys that hold a secret wherever they appear in a logged object. */
const SECRET_KEYS = ['password', 'token', 'secret', 'apiKey', 'api_key', 'authorization'] as const;

/** How deep below the top level a secret key is still found; deeper wildcards cost time on every line. */
const SECRET_KEY_DEPTH = 3;

const HTTP_SECRET_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'res.headers["set-cookie"]',
];

function secretKeyPaths(): string[] {
  const paths: string[] = [];
  for (let depth = 0; depth <= SECRET_KEY_DEPTH; depth++) {
    const prefix = '*.'.repeat(depth);
    for (const key of SECRET_KEYS) paths.push(`${prefix}${key}`);
  }
  return paths;
}

/** pino `redact` paths: credentials in HTTP headers, and secret-named keys in the first levels of any object. */
export const REDACT_PATHS: readonly string[] = [...HTTP_SECRET_PATHS, ...secretKeyPaths()];
