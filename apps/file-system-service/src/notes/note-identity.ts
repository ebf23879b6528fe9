import { hashBytes } from '../files/content-hash';

/** Front matter keys the service keeps itself when a caller leaves them out; never part of a note's content hash. */
export const TIME_KEYS = ['created', 'updated'] as const;

export interface NoteSource {
  kind: string;
  id?: string;
  path?: string;
  url?: string;
  hash?: string;
}

/**
 * Which source a note stands for: `file:<id or path>`, `bookmark:<url>`,
 * `confluence:<page id>`. Notes of different sources never replace each
 * other, even with the same title. undefined when the note names no source.
 */
export function sourceIdentity(source: unknown): string | undefined {
  if (typeof source !== 'object' || source === null) return undefined;
  const { kind, id, path, url } = source as Record<string, unknown>;
  const key = [id, path, url].map((value) => (typeof value === 'number' ? String(value) : value)).find((value) => typeof value === 'string' && value !== '');
  return typeof kind === 'string' && typeof key === 'string' ? `${kind}:${key}` : undefined;
}

/** The source's own content hash (`source.hash`), when the note carries one. */
export function sourceHash(source: unknown): string | undefined {
  const hash = typeof source === 'object' && source !== null ? (source as Record<string, unknown>).hash : undefined;
  return typeof hash === 'string' && hash !== '' ? hash : undefined;
}

/**
 * A hash of what a note says: its front matter (without the times, with keys
 * in a fixed order) and its body (line endings and trailing newlines
 * normalised). Equal for notes that differ only in formatting or in when
 * they were written.
 */
export function noteContentHash(frontMatter: Record<string, unknown>, body: string): string {
  const content = Object.fromEntries(Object.entries(frontMatter).filter(([key]) => !(TIME_KEYS as readonly string[]).includes(key)));
  return hashBytes(`${stableJson(content)}\n${body.replace(/\r\n/g, '\n').replace(/\n+$/, '')}`);
}

function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, item]) => item !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${stableJson(item)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
