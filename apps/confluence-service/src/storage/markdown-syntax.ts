/**
 * Small pieces of Markdown syntax the converter assembles its output from.
 * Escaping is deliberately minimal: only what would otherwise change the
 * meaning of text, so the Markdown stays readable as plain text.
 */

/** Placeholder for a hard line break inside inline text; turned into Markdown (or `<br>` in tables) when a block is finished. */
export const HARD_BREAK = '\uE000';

const MAYBE_SYNTAX = /[\\`*[_~<&]/;

/** Escapes characters of plain text that Markdown would read as syntax. */
export function escapeText(text: string): string {
  // Most text has none of these: skip the replacements.
  if (!MAYBE_SYNTAX.test(text)) return text;
  return (
    text
      .replace(/[\\`*[]/g, '\\$&')
      // `_` only where it could open or close emphasis: snake_case stays as it is.
      .replace(/(?<![\p{L}\p{N}])_|_(?![\p{L}\p{N}])/gu, '\\_')
      .replace(/~~/g, '\\~\\~')
      // What could start an HTML tag, an autolink or an entity.
      .replace(/<(?=[A-Za-z/!?])/g, '\\<')
      .replace(/&(?=#?\w+;)/g, '&amp;')
  );
}

/** Escapes what would turn the start of a paragraph line into a heading, quote, list item or rule. */
export function escapeLineStarts(text: string): string {
  return text.replace(/^( {0,3})(#{1,6}(?= |$)|>|[-+](?= |$)|(\d{1,9})([.)])(?= |$)|={3,}$|-{3,}$)/gm, (_match, indent: string, marker: string, digits?: string, delimiter?: string) =>
    digits !== undefined ? `${indent}${digits}\\${delimiter}` : `${indent}\\${marker}`,
  );
}

/** Collapses whitespace the way HTML renders it. */
export function collapseWhitespace(text: string): string {
  return text.replace(/[\t\n\r\f \u00a0\u200b]+/g, ' ');
}

/** Wraps inline text in a delimiter (`**`, `*`, `~~`), keeping surrounding spaces outside so the markers stay valid. */
export function wrapInline(inner: string, marker: string): string {
  const match = /^(\s*)([\s\S]*?)(\s*)$/.exec(inner);
  if (!match || match[2] === '') return inner;
  return `${match[1]}${marker}${match[2]}${marker}${match[3]}`;
}

/** An inline code span whose backtick fence is longer than any run of backticks inside. */
export function inlineCode(code: string): string {
  const text = collapseWhitespace(code);
  if (text.trim() === '') return '';
  const longestRun = Math.max(0, ...Array.from(text.matchAll(/`+/g), (m) => m[0].length));
  const fence = '`'.repeat(longestRun + 1);
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${text}${pad}${fence}`;
}

/** A fenced code block; the fence is longer than any backtick run in the code. */
export function fencedCode(code: string, language = ''): string {
  const body = code.replace(/^\n/, '').replace(/\s+$/, '');
  const longestRun = Math.max(0, ...Array.from(body.matchAll(/^ {0,3}(`{3,})/gm), (m) => m[1].length));
  const fence = '`'.repeat(Math.max(3, longestRun + 1));
  return `${fence}${language}\n${body}\n${fence}`;
}

/** A link destination; angle brackets when it holds spaces or parentheses. */
export function linkDestination(url: string): string {
  if (!/[\s()<>]/.test(url)) return url;
  return `<${url.replace(/</g, '%3C').replace(/>/g, '%3E')}>`;
}

/** Link text: brackets escaped so they cannot close the link early. */
export function linkText(text: string): string {
  return text.replace(/\]/g, '\\]');
}

/** Prefixes every line (`> ` for quotes and callouts); empty lines get the prefix without its trailing space. */
export function prefixLines(text: string, prefix: string): string {
  const bare = prefix.trimEnd();
  return text
    .split('\n')
    .map((line) => (line === '' ? bare : `${prefix}${line}`))
    .join('\n');
}

/** Indents every line but the first by `width` spaces (the continuation of a list item). */
export function indentContinuation(text: string, width: number): string {
  const pad = ' '.repeat(width);
  return text
    .split('\n')
    .map((line, index) => (index === 0 || line === '' ? line : `${pad}${line}`))
    .join('\n');
}
