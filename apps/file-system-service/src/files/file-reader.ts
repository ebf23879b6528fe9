import type { ExtractionPool } from '../extraction/extraction-pool';
import { inField } from '../field-error';
import type { MetadataValue } from '../extraction/extraction-types';
import { detectKind, type FileKind } from '../extraction/file-kind';
import type { FileSystemMetrics } from '../metrics';
import { baseName, parseRelativePath } from '../paths/relative-path';
import type { RootName, StorageBackend } from '../storage/storage';
import { declaredCharset, decodeText } from '../extraction/decode-text';
import { hashBytes } from './content-hash';
import { mediaTypeOf } from './media-type';

export interface ReadRequest {
  root: RootName;
  path: string;
  /** Longest text returned; the rest is cut (and `truncated` says so). */
  maxChars: number;
  /** The decoded text as it is, without extraction (text-based kinds only). */
  raw?: boolean;
}

/** Kinds whose bytes are text, so `raw` can hand them back decoded. */
const TEXT_KINDS: ReadonlySet<FileKind> = new Set(['markdown', 'text', 'html', 'json', 'csv']);

/** `raw` asked of a file whose bytes are no text (a PDF, a DOCX, a binary). */
export class NotTextError extends Error {
  override readonly name = 'NotTextError';
}

export interface ReadResult {
  root: RootName;
  path: string;
  name: string;
  size: number;
  modified: Date;
  hash: string;
  kind: FileKind;
  mediaType: string;
  encoding?: string;
  text?: string;
  /** Length of the whole extracted text, before any cut. */
  chars?: number;
  truncated: boolean;
  frontMatter?: Record<string, unknown>;
  metadata: Record<string, MetadataValue>;
  extraction: { status: 'ok' | 'metadata_only' | 'failed'; reason?: string };
}

/** Reads one file (up to the size limit) and extracts its text and metadata on the worker pool. */
export class FileReader {
  constructor(
    private readonly storage: StorageBackend,
    private readonly pool: ExtractionPool,
    private readonly metrics: FileSystemMetrics,
    private readonly maxBytes: number,
  ) {}

  async read(request: ReadRequest, signal?: AbortSignal): Promise<ReadResult> {
    const path = inField('path', () => parseRelativePath(request.path));
    const { info, data } = await this.storage.read(request.root, path, { maxBytes: this.maxBytes });
    this.metrics.read(request.root, data.length);
    const name = baseName(path);
    const kind = detectKind(name, data);
    const described = {
      root: request.root,
      path,
      name,
      size: data.length,
      modified: info.modified,
      hash: hashBytes(data),
      kind,
      mediaType: mediaTypeOf(name, kind),
    };
    if (request.raw === true) {
      if (!TEXT_KINDS.has(kind)) throw new NotTextError(`raw: ${name} is a ${kind} file; raw applies to text files only (markdown, text, html, json, csv)`);
      const { text, encoding } = decodeText(data, kind === 'html' ? declaredCharset(data) : undefined);
      const truncated = text.length > request.maxChars;
      return { ...described, encoding, text: truncated ? cut(text, request.maxChars) : text, chars: text.length, truncated, metadata: {}, extraction: { status: 'ok' } };
    }
    if (kind === 'binary') return { ...described, truncated: false, metadata: {}, extraction: { status: 'metadata_only' } };

    const started = performance.now();
    const outcome = await this.pool.extract({ kind, name, data }, signal);
    this.metrics.extraction(kind, (performance.now() - started) / 1000, outcome.status === 'failed' ? outcome.failure : undefined);
    if (outcome.status === 'failed') {
      return { ...described, truncated: false, metadata: outcome.metadata, extraction: { status: 'failed', reason: outcome.reason } };
    }
    const truncated = outcome.text.length > request.maxChars;
    return {
      ...described,
      encoding: outcome.encoding,
      text: truncated ? cut(outcome.text, request.maxChars) : outcome.text,
      chars: outcome.text.length,
      truncated,
      frontMatter: outcome.frontMatter,
      metadata: outcome.metadata,
      extraction: { status: 'ok' },
    };
  }
}

/** The first `max` UTF-16 units, without splitting a surrogate pair. */
function cut(text: string, max: number): string {
  const end = /[\uD800-\uDBFF]/.test(text.charAt(max - 1)) ? max - 1 : max;
  return text.slice(0, end);
}
