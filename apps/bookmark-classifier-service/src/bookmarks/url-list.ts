import type { RawBookmark, ReadResult } from './bookmark';

/** `https://…`, `mailto:…` or a bare `example.com/…`. */
const LOOKS_LIKE_ADDRESS = /^(?:[a-z][a-z0-9+.-]*:|[^\s/.]+\.[^\s/]+)/i;

/**
 * A plain list: one URL per line, optionally followed by whitespace and a
 * title (`https://example.com  Example`). Blank lines and lines starting with
 * `#` are skipped. Whether each URL is usable is decided later, per line.
 */
export function readUrlList(content: string): ReadResult {
  const entries: RawBookmark[] = [];
  const lines = content.split(/\r\n|\n|\r/);
  lines.forEach((raw, i) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const space = line.search(/\s/);
    const first = space === -1 ? line : line.slice(0, space);
    // Only an address may be followed by a title; other text is reported whole as the bad URL.
    const hasTitle = space !== -1 && LOOKS_LIKE_ADDRESS.test(first);
    const url = hasTitle ? first : line;
    const title = hasTitle ? line.slice(space).trim() : undefined;
    entries.push({ url, title, folderPath: [], tags: [], at: { line: i + 1 } });
  });
  return { format: 'url-list', entries };
}
