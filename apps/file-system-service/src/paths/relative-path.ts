/**
 * Paths as callers give them: relative to a root (the vault or UNSORTED),
 * `/`-separated. Everything that could leave the root, or that a later layer
 * (a URL decoder, a sync tool normalising Unicode, Windows) could turn into
 * something that leaves it, is refused here, before any backend sees it.
 * Symbolic links are the backends' part (only they can see them).
 */

/** A path broke a rule; `message` is the rule, for `field: rule` errors. */
export class PathRuleError extends Error {
  override readonly name = 'PathRuleError';
}

export const MAX_PATH_LENGTH = 1024;
export const MAX_SEGMENT_BYTES = 255;

export interface PathOptions {
  /** Folders may be '' (the root itself) and may end with one `/`. */
  folder?: boolean;
}

// C0 and C1 control characters; NUL is checked first for its own message.
const CONTROL = /[\u0001-\u001f\u007f-\u009f]/;
// %2F %5C %2E %00, also double-encoded (%252F): a decoding layer could turn them into separators or dots.
const ENCODED_SEPARATOR = /%(?:25)*(?:2f|5c|2e|00)/i;
const DRIVE_LETTER = /^[A-Za-z]:/;

/**
 * Checks `input` against the rules and returns it normalised (a folder's
 * trailing `/` removed). Throws PathRuleError naming the first rule broken.
 */
export function parseRelativePath(input: string, options: PathOptions = {}): string {
  if (input.length > MAX_PATH_LENGTH) throw new PathRuleError(`must be at most ${MAX_PATH_LENGTH} characters`);
  if (input.includes('\0')) throw new PathRuleError('must not contain NUL bytes');
  if (CONTROL.test(input)) throw new PathRuleError('must not contain control characters');
  if (input.startsWith('/') || input.startsWith('\\') || DRIVE_LETTER.test(input)) {
    throw new PathRuleError('must be relative to its root (no leading /, \\ or drive letter)');
  }
  if (input.includes('\\')) throw new PathRuleError('must use / as the separator (no backslashes)');
  if (ENCODED_SEPARATOR.test(input)) throw new PathRuleError('must not contain percent-encoded separators, dots or NUL (%2F, %5C, %2E, %00)');

  let path = input;
  if (options.folder) {
    if (path === '') return '';
    if (path.endsWith('/')) path = path.slice(0, -1);
  } else if (path === '') {
    throw new PathRuleError('must not be empty');
  } else if (path.endsWith('/')) {
    throw new PathRuleError('must name a file, not end with /');
  }
  checkSegments(path);
  // Sync tools and some file systems apply NFKC: fullwidth ／ becomes /, ．． becomes ..
  const compatible = path.normalize('NFKC');
  if (compatible !== path && (compatible.includes('\\') || compatible.split('/').some((segment) => segment === '' || segment.startsWith('.')))) {
    throw new PathRuleError('must not contain characters that normalise to separators or dots (such as fullwidth ／ or ．)');
  }
  return path;
}

function checkSegments(path: string): void {
  for (const segment of path.split('/')) {
    if (segment === '') throw new PathRuleError('must not contain empty segments (//)');
    if (segment === '.' || segment === '..') throw new PathRuleError('must not contain . or .. segments');
    if (segment.startsWith('.')) throw new PathRuleError('must not contain hidden segments (names starting with .)');
    if (Buffer.byteLength(segment) > MAX_SEGMENT_BYTES) throw new PathRuleError(`must not have a segment longer than ${MAX_SEGMENT_BYTES} bytes`);
  }
}

/** `a/b/c.md` → `a/b`; a top-level name → ''. */
export function parentOf(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash < 0 ? '' : path.slice(0, slash);
}

/** `a/b/c.md` → `c.md`. */
export function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

export function joinPath(folder: string, name: string): string {
  return folder === '' ? name : `${folder}/${name}`;
}

/** Splits `report.final.pdf` into `report.final` and `.pdf` (a leading-dot-only name has no extension). */
export function splitExtension(name: string): { stem: string; extension: string } {
  const dot = name.lastIndexOf('.');
  if (dot <= 0) return { stem: name, extension: '' };
  return { stem: name.slice(0, dot), extension: name.slice(dot) };
}

/** Orders paths by their UTF-8 bytes, the order S3 lists keys in; both backends page with it. */
export function comparePaths(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}
