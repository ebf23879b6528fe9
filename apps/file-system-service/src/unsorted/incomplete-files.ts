/**
 * Files in UNSORTED that are not (yet) documents: downloads in progress,
 * editor and office lock files, OS clutter. Names are compared lower case.
 */
const INCOMPLETE_SUFFIXES = ['.part', '.partial', '.crdownload', '.download', '.opdownload', '.tmp', '.temp', '.!ut', '.swp'];
const CLUTTER = new Set(['thumbs.db', 'desktop.ini']);

export function isIncompleteOrClutter(name: string): boolean {
  const lower = name.toLowerCase();
  if (lower.startsWith('.') || lower.startsWith('~$') || lower.endsWith('~')) return true;
  if (CLUTTER.has(lower)) return true;
  return INCOMPLETE_SUFFIXES.some((suffix) => lower.endsWith(suffix));
}
