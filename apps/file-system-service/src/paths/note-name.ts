import { sanitizeName } from '@emm/jd';
import { MAX_SEGMENT_BYTES, parseRelativePath } from './relative-path';

export const NOTE_EXTENSION = '.md';
/** Room for ` (99)` and `.md` within one path segment. */
const MAX_STEM_BYTES = MAX_SEGMENT_BYTES - 16;
// Obsidian cannot link to names containing these, so they become '-' like the ones sanitizeName replaces.
const BREAKS_LINKS = /[#^[\]|]/g;
const ENCODED_SEQUENCE = /%(?=(?:25)*(?:2f|5c|2e|00))/gi;
const WINDOWS_RESERVED = /^(?:con|prn|aux|nul|com\d|lpt\d)$/i;

/**
 * The file name (without `.md`) of a note titled `title`: readable, and safe
 * on Linux, macOS, Windows, S3 and for Obsidian links. `2026-03 Bank statement`
 * stays as it is; `Q1: "Budget" / plan?` becomes `Q1- -Budget- - plan-`.
 */
export function noteStem(title: string): string {
  let stem = sanitizeName(title).replace(BREAKS_LINKS, '-').replace(ENCODED_SEQUENCE, '-');
  // Characters that Unicode compatibility folding turns into separators or dots.
  stem = Array.from(stem, (char) => (/[/\\.]/.test(char.normalize('NFKC')) && char !== '.' ? '-' : char)).join('');
  stem = stem.replace(/^[.\s]+/, '');
  stem = truncateUtf8(stem, MAX_STEM_BYTES).replace(/[. ]+$/, '');
  if (stem === '') return 'Untitled';
  if (WINDOWS_RESERVED.test(stem)) stem = `${stem}_`;
  // A last guard: whatever comes out must pass the same rules as a caller's path.
  parseRelativePath(`${stem}${NOTE_EXTENSION}`);
  return stem;
}

/** `Title.md`, then `Title (2).md`, `Title (3).md`, … for names taken by other notes. */
export function candidateName(stem: string, attempt: number, extension = NOTE_EXTENSION): string {
  return attempt <= 1 ? `${stem}${extension}` : `${stem} (${attempt})${extension}`;
}

function truncateUtf8(text: string, maxBytes: number): string {
  if (Buffer.byteLength(text) <= maxBytes) return text;
  let bytes = 0;
  let out = '';
  for (const char of text) {
    bytes += Buffer.byteLength(char);
    if (bytes > maxBytes) break;
    out += char;
  }
  return out;
}
