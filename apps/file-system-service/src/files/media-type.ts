import { lookup } from 'mime-types';
import type { FileKind } from '../extraction/file-kind';

const BY_KIND: Record<FileKind, string> = {
  markdown: 'text/markdown',
  text: 'text/plain',
  html: 'text/html',
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  json: 'application/json',
  csv: 'text/csv',
  binary: 'application/octet-stream',
};

/** The media type by file name, else by what the content turned out to be. */
export function mediaTypeOf(name: string, kind: FileKind): string {
  // A name may claim .txt while holding a PDF: the content wins for the kinds we extract.
  if (kind !== 'binary' && kind !== 'text') return BY_KIND[kind];
  return lookup(name) || BY_KIND[kind];
}
