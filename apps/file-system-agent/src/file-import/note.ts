import type { ImportRecord } from './import-record';
import { roundConfidence } from './placement';

// The note a file becomes: front matter with the source's identity and the
// classification, a summary, a link (or an embed) to the original next to
// it, and the extracted text, cut to a size a note can carry.

/** Extensions Obsidian shows inline with `![[…]]`: images, audio, video and PDF. */
const EMBEDDABLE = new Set([
  'avif', 'bmp', 'gif', 'jpeg', 'jpg', 'png', 'svg', 'webp',
  'flac', 'm4a', 'mp3', 'ogg', 'wav', 'webm', '3gp',
  'mkv', 'mov', 'mp4', 'ogv',
  'pdf',
]);

/** Characters that end or split an Obsidian wiki link. */
const WIKI_LINK_BREAKERS = /[[\]|#^]/;

/** The extracted text of the file, as read_file returned it. */
export interface ExtractedText {
  text: string;
  /** Length of the whole text, before read_file cut it. */
  chars: number;
}

export interface NoteContent {
  title: string;
  frontMatter: Record<string, unknown>;
  body: string;
}

export function renderNote(record: ImportRecord, original: string, extracted: ExtractedText | undefined, noteMaxChars: number): NoteContent {
  return {
    title: record.decision.title,
    frontMatter: noteFrontMatter(record, original),
    body: noteBody(record, original, extracted, noteMaxChars),
  };
}

export function noteFrontMatter(record: ImportRecord, original: string): Record<string, unknown> {
  const { decision, source, extraction } = record;
  return {
    title: decision.title,
    jd_id: decision.jdId,
    jd_path: decision.folder,
    // The content hash is the identity: two different files that were both called "scan.pdf"
    // are two notes, and the same content dropped again is the same note.
    source: { kind: 'file', id: source.hash, path: source.path, hash: source.hash },
    classifier: decision.classifier,
    confidence: roundConfidence(decision.confidence),
    needs_review: decision.needsReview,
    tags: decision.tags,
    original,
    file: { name: source.name, kind: source.kind, media_type: source.mediaType, size: source.size },
    ...(decision.needsReview && decision.reviewReason !== undefined && { review_reason: decision.reviewReason }),
    ...(decision.needsReview && decision.suggestion !== undefined && { suggested: { jd_id: decision.suggestion.jdId, jd_path: decision.suggestion.path } }),
    ...(extraction.status === 'failed' || extraction.status === 'not_read' ? { extraction: { status: extraction.status, ...(extraction.reason !== undefined && { reason: extraction.reason }) } } : {}),
  };
}

export function noteBody(record: ImportRecord, original: string, extracted: ExtractedText | undefined, noteMaxChars: number): string {
  const { decision, source, extraction } = record;
  const parts: string[] = [];
  if (decision.summary.trim() !== '') parts.push(decision.summary.trim());
  const name = basename(original);
  const link = `Original: ${obsidianLink(original, name)} (${describeFile(source.mediaType, source.size)})`;
  // A Markdown original is a note of its own in the vault: shown in place (transcluded), not copied.
  const markdown = source.kind === 'markdown';
  parts.push(markdown || isEmbeddable(name) ? `${obsidianLink(original, name, { embed: true })}\n\n${link}` : link);
  if (extraction.status === 'failed' || extraction.status === 'not_read') {
    parts.push(`> [!warning] No text\n> ${asSentence(extraction.reason ?? 'The text could not be extracted')} Filed by its name alone: check where it belongs.`);
  }
  const text = extracted?.text ?? '';
  if (!markdown && noteMaxChars > 0 && text.trim() !== '') {
    const { kept, cut } = cutText(text, noteMaxChars);
    const whole = Math.max(extracted?.chars ?? text.length, text.length);
    parts.push(`## Text\n\n${asMarkdown(kept.trimEnd(), source.kind)}`);
    if (cut || whole > text.length) parts.push(`*Cut after ${formatCount(kept.length)} of ${formatCount(whole)} characters: the whole text is in the original.*`);
  }
  return `${parts.join('\n\n')}\n`;
}

/** A link to a vault file Obsidian resolves: a wiki link where the path allows one, else a Markdown link. */
export function obsidianLink(path: string, text: string, options: { embed?: boolean } = {}): string {
  const bang = options.embed === true ? '!' : '';
  if (!WIKI_LINK_BREAKERS.test(path)) return options.embed === true ? `![[${path}]]` : `[[${path}|${text.replace(/[[\]|#^]/g, ' ')}]]`;
  const target = path.split('/').map(encodeURIComponent).join('/');
  return `${bang}[${text.replace(/[[\]]/g, '\\$&')}](${target})`;
}

export function isEmbeddable(name: string): boolean {
  const dot = name.lastIndexOf('.');
  return dot > 0 && EMBEDDABLE.has(name.slice(dot + 1).toLowerCase());
}

/** `text` cut to at most `max` characters, at a line or word boundary when one is near. */
export function cutText(text: string, max: number): { kept: string; cut: boolean } {
  if (text.length <= max) return { kept: text, cut: false };
  let end = max;
  // Never split a surrogate pair.
  if (/[\uD800-\uDBFF]/.test(text.charAt(end - 1))) end -= 1;
  const window = text.slice(0, end);
  const lineBreak = window.lastIndexOf('\n');
  const space = window.lastIndexOf(' ');
  const boundary = lineBreak >= end * 0.8 ? lineBreak : space >= end * 0.9 ? space : end;
  return { kept: text.slice(0, boundary), cut: true };
}

/** Tags as Obsidian accepts them: lower case, no spaces or punctuation, not only digits; at most 20, no repeats. */
export function normaliseTags(tags: readonly string[]): string[] {
  const seen = new Set<string>();
  for (const tag of tags) {
    const clean = tag
      .trim()
      .replace(/^#+/, '')
      .toLowerCase()
      .replace(/\s+/g, '-')
      .replace(/[^\p{L}\p{N}_/-]/gu, '')
      .replace(/-{2,}/g, '-')
      .replace(/^[-/]+|[-/]+$/g, '');
    if (clean !== '' && /[^\p{N}]/u.test(clean)) seen.add(clean);
    if (seen.size === 20) break;
  }
  return [...seen];
}

/** CSV and JSON as code blocks (their text is data, not prose); the rest is Markdown or plain text already. */
function asMarkdown(text: string, kind: string): string {
  if (kind !== 'csv' && kind !== 'json') return text;
  const longestRun = Math.max(2, ...[...text.matchAll(/`+/g)].map((match) => match[0].length));
  const fence = '`'.repeat(longestRun + 1);
  return `${fence}${kind}\n${text}\n${fence}`;
}

/** Ends `text` with exactly one full stop. */
function asSentence(text: string): string {
  return `${text.trim().replace(/[.\s]+$/, '')}.`;
}

function describeFile(mediaType: string, size: number): string {
  return `${mediaType}, ${formatBytes(size)}`;
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value.toFixed(1)} ${units[unit]}`;
}

function formatCount(count: number): string {
  return count.toLocaleString('en-US');
}

function basename(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}
