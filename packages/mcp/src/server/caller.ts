import type { IncomingHttpHeaders } from 'node:http';

/** Header a calling service puts its name in; it names the caller in audit lines and spans. */
export const CALLER_HEADER = 'x-emm-caller';
export const ANONYMOUS_CALLER = 'anonymous';

const CALLER_NAME = /^[A-Za-z0-9._:@-]{1,64}$/;

/** The caller's name, or `anonymous` when the header is absent or not a plain short name (it ends up in logs). */
export function callerOf(headers: IncomingHttpHeaders): string {
  const value = headers[CALLER_HEADER];
  return typeof value === 'string' && CALLER_NAME.test(value) ? value : ANONYMOUS_CALLER;
}
