/**
 * Page cursors: opaque to callers, and nothing more than the last path a page
 * looked at, so any replica can continue any listing (no server-side state).
 */

export class CursorError extends Error {
  override readonly name = 'CursorError';
}

const VERSION = 1;

export function encodeCursor(lastPath: string): string {
  return Buffer.from(JSON.stringify({ v: VERSION, after: lastPath })).toString('base64url');
}

/** The path to continue after; CursorError when `cursor` is not one this service issued. */
export function decodeCursor(cursor: string): string {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (typeof value === 'object' && value !== null && (value as { v?: unknown }).v === VERSION) {
      const after = (value as { after?: unknown }).after;
      if (typeof after === 'string' && after !== '') return after;
    }
  } catch {
    // fall through to the error below
  }
  throw new CursorError('is not a cursor this service issued (pass nextCursor from the previous page as it was)');
}
