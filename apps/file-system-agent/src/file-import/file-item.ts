import { createHash } from 'node:crypto';
import type { FILE_KINDS } from '@emm/contracts';
import type { WorkItem } from '@emm/agent-runtime';

export type FileKind = (typeof FILE_KINDS)[number];

/** What processItem needs of one file, as list_unsorted reported it. */
export interface FileItemPayload {
  /** Relative to UNSORTED. */
  path: string;
  name: string;
  /** `sha256:<hex>` of the content when listed. */
  hash: string;
  kind: FileKind;
  size: number;
  mediaType: string;
}

export interface ListedFile {
  path: string;
  name: string;
  hash: string;
  kind: FileKind;
  size: number;
  mediaType: string;
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/**
 * The item's identity: this path with this content. The same file listed
 * twice is one item; the same path with new content is another.
 */
export function fileItemKey(path: string, hash: string): string {
  return `file:${sha256Hex(`${path}\u0000${hash}`)}`;
}

export function fileWorkItem(file: ListedFile): WorkItem<FileItemPayload> {
  const { path, name, hash, kind, size, mediaType } = file;
  return { key: fileItemKey(path, hash), label: path, payload: { path, name, hash, kind, size, mediaType } };
}

/** The folders above a file in UNSORTED ("bank/2026/statement.pdf" → ["bank", "2026"]): how a person pre-sorted it. */
export function parentFolders(path: string): string[] {
  return path.split('/').slice(0, -1);
}
