/**
 * What a file is, for extraction: by its extension first, by its first
 * bytes when the extension says nothing (or lies about a PDF or DOCX).
 * Erasable TypeScript only: the extraction worker loads this file directly.
 */

import type { FILE_KINDS } from '@emm/contracts';

export type FileKind = (typeof FILE_KINDS)[number];
/** Kinds with text to extract; `binary` files get metadata only. */
export type ExtractableKind = Exclude<FileKind, 'binary'>;

const BY_EXTENSION: Record<string, FileKind> = {
  '.md': 'markdown',
  '.markdown': 'markdown',
  '.mdown': 'markdown',
  '.mkd': 'markdown',
  '.txt': 'text',
  '.text': 'text',
  '.log': 'text',
  '.html': 'html',
  '.htm': 'html',
  '.xhtml': 'html',
  '.pdf': 'pdf',
  '.docx': 'docx',
  '.json': 'json',
  '.csv': 'csv',
  '.tsv': 'csv',
};

const SNIFF_BYTES = 8192;

/** The kind of a file named `name` whose content starts with `head`. */
export function detectKind(name: string, head: Uint8Array): FileKind {
  if (startsWith(head, '%PDF-')) return 'pdf';
  if (isZip(head) && includesAscii(head, 'word/')) return 'docx';
  const dot = name.lastIndexOf('.');
  const byExtension = dot > 0 ? BY_EXTENSION[name.slice(dot).toLowerCase()] : undefined;
  if (byExtension !== undefined) return byExtension;
  if (!looksLikeText(head)) return 'binary';
  const start = latin1(head.subarray(0, 512)).trimStart().toLowerCase();
  if (start.startsWith('<!doctype html') || start.startsWith('<html')) return 'html';
  return 'text';
}

/** No NUL bytes in the first 8 KiB, or a UTF-16 byte order mark. */
export function looksLikeText(head: Uint8Array): boolean {
  if ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff)) return true;
  return !head.subarray(0, SNIFF_BYTES).includes(0);
}

function isZip(head: Uint8Array): boolean {
  return head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04;
}

function startsWith(head: Uint8Array, ascii: string): boolean {
  return latin1(head.subarray(0, ascii.length)) === ascii;
}

function includesAscii(head: Uint8Array, ascii: string): boolean {
  return latin1(head.subarray(0, SNIFF_BYTES)).includes(ascii);
}

function latin1(bytes: Uint8Array): string {
  return new TextDecoder('latin1').decode(bytes);
}
