import { defineToolContract } from '@emm/mcp/contract';
import { z } from 'zod';

// Tool contracts of file-system-service: listing and reading UNSORTED and the
// vault, writing notes and moving files into the vault.

/** What read_file can extract, by kind; `binary` files get metadata only. */
export const FILE_KINDS = ['markdown', 'text', 'html', 'pdf', 'docx', 'json', 'csv', 'binary'] as const;

/** Content hashes as the tools show them: `sha256:<64 hex digits>`. */
export const CONTENT_HASH_PATTERN = /^sha256:[0-9a-f]{64}$/;

const MAX_LIMIT = 500;

const relativePath = (what: string) => z.string().max(4096).describe(what);
const cursorField = z.string().min(1).max(4096).optional().describe('nextCursor of the previous page; omit for the first page');
const limitField = (fallback: number) => z.number().int().min(1).max(MAX_LIMIT).default(fallback).describe('Most entries on this page');
const contentHash = z.string().regex(CONTENT_HASH_PATTERN, 'must be sha256: followed by 64 lower-case hex digits');
const isoTime = z.string().describe('ISO 8601 time');
const jdFolder = (what: string) => relativePath(`${what}: the JD ID folder relative to the vault, e.g. "10-19 Finance/11 Banking/11.01 Statements" (sub-folders below the ID allowed)`);

const listUnsortedOutput = z.object({
  files: z.array(
    z.object({
      path: z.string().describe('Relative to UNSORTED'),
      name: z.string(),
      size: z.number().int().describe('Bytes'),
      modified: isoTime,
      hash: z.string().describe('sha256:<hex> of the content'),
      kind: z.enum(FILE_KINDS).describe('What read_file will extract'),
      mediaType: z.string(),
    }),
  ),
  nextCursor: z.string().optional().describe('Present while there is more; a page may hold fewer than limit files'),
  skipped: z.object({
    incomplete: z.number().int().describe('Partial downloads, temp and lock files on this page'),
    settling: z.number().int().describe('Files still being written (changed within UNSORTED_SETTLE_MS); listed once they settle'),
  }),
});

const metadataValue = z.union([z.string(), z.number(), z.boolean(), z.null()]);

const readFileOutput = z.object({
  root: z.enum(['unsorted', 'vault']),
  path: z.string(),
  name: z.string(),
  size: z.number().int(),
  modified: isoTime,
  hash: z.string().describe('sha256:<hex> of the content'),
  kind: z.enum(FILE_KINDS),
  mediaType: z.string(),
  encoding: z.string().optional().describe('The encoding the text was decoded from'),
  text: z.string().optional().describe('Extracted text (Markdown for HTML and DOCX); absent for binaries and failed extractions'),
  chars: z.number().int().optional().describe('Length of the whole text before any cut'),
  truncated: z.boolean().describe('text was cut at maxChars'),
  frontMatter: z.record(z.string(), z.unknown()).optional().describe('Markdown: the parsed YAML front matter'),
  metadata: z.record(z.string(), metadataValue).describe('Per kind: title, author, pages, created, lines, rows, …'),
  extraction: z.object({
    status: z.enum(['ok', 'metadata_only', 'failed']).describe('metadata_only: a binary with no text to extract'),
    reason: z.string().optional().describe('Why extraction failed (a broken or encrypted file, a timeout)'),
  }),
});

export const noteSourceSchema = z
  .object({
    kind: z.enum(['file', 'bookmark', 'confluence']).describe('Where the note comes from'),
    id: z.string().min(1).max(2048).optional().describe('Identity of the source (e.g. a Confluence page id); preferred over path and url'),
    path: z.string().min(1).max(4096).optional().describe('The original file, for kind file'),
    url: z.string().min(1).max(8192).optional().describe('The bookmarked URL'),
    hash: z.string().min(1).max(200).optional().describe('Content hash (or version) of the source; skip-if-same compares it'),
  })
  .catchall(z.unknown())
  .refine((source) => [source.id, source.path, source.url].some((value) => value !== undefined), {
    message: 'needs id, path or url: what identifies the source',
    path: ['id'],
  });

const writeNoteOutput = z.object({
  path: z.string().describe('The note, relative to the vault'),
  outcome: z.enum(['created', 'replaced', 'unchanged']),
  written: z.boolean().describe('false when skip-if-same found the note already there'),
  bytes: z.number().int(),
  contentHash: z.string().describe('sha256 of the note content (front matter without created/updated, and body)'),
});

const moveToVaultOutput = z.object({
  from: z.string().describe('Where it was, relative to UNSORTED'),
  path: z.string().describe('Where it is now, relative to the vault'),
  outcome: z.enum(['moved', 'already_moved']).describe('already_moved: an earlier call moved it (found by hash)'),
  renamed: z.boolean().describe('The name was taken by a different file, so " (2)" or similar was added'),
  size: z.number().int(),
  hash: z.string(),
});

const listVaultOutput = z.object({
  folder: z.string().nullable().describe('The folder listed; null when a JD number has no folder in the vault yet'),
  notes: z.array(
    z.object({
      path: z.string(),
      title: z.string(),
      size: z.number().int(),
      modified: isoTime,
      frontMatter: z.record(z.string(), z.unknown()).nullable(),
      frontMatterError: z.string().optional(),
    }),
  ),
  nextCursor: z.string().optional(),
});

const listUnsorted = defineToolContract({
  service: 'file-system',
  name: 'list_unsorted',
  input: z.object({ cursor: cursorField, limit: limitField(100) }),
  output: listUnsortedOutput,
});

const readFile = defineToolContract({
  service: 'file-system',
  name: 'read_file',
  input: z.object({
    path: relativePath('The file, relative to its root, e.g. "scans/2026-03 statement.pdf"'),
    root: z.enum(['unsorted', 'vault']).default('unsorted').describe('Which tree path is relative to'),
    maxChars: z.number().int().min(1).max(5_000_000).default(200_000).describe('Longest text to return; longer text is cut and `truncated` is true'),
    raw: z
      .boolean()
      .default(false)
      .describe('Return the decoded text as it is (HTML with its markup, Markdown with its front matter) instead of the extracted text; text-based kinds only (markdown, text, html, json, csv)'),
  }),
  output: readFileOutput,
});

const writeNote = defineToolContract({
  service: 'file-system',
  name: 'write_note',
  input: z.object({
    folder: jdFolder('Where the note goes'),
    title: z.string().trim().min(1).max(300).describe('Note title; becomes the file name and, unless frontMatter has one, the title field'),
    frontMatter: z
      .object({ source: noteSourceSchema.optional().describe('What the note was made from; notes of different sources never overwrite each other') })
      .catchall(z.unknown())
      .default({})
      .describe('YAML front matter: jd id, source, classifier, confidence, tags, …'),
    body: z.string().max(10_000_000).default('').describe('Markdown body'),
    mode: z.enum(['create', 'replace', 'skip-if-same']).default('create').describe("What to do when this source's note exists"),
  }),
  output: writeNoteOutput,
});

const moveToVault = defineToolContract({
  service: 'file-system',
  name: 'move_to_vault',
  input: z.object({
    path: relativePath('The file, relative to UNSORTED'),
    folder: jdFolder('Where the file goes, next to its note'),
    hash: contentHash.optional().describe('sha256:<hex> from list_unsorted'),
    name: z.string().min(1).max(255).optional().describe('File name in the vault; default: the original name'),
  }),
  output: moveToVaultOutput,
});

const listVault = defineToolContract({
  service: 'file-system',
  name: 'list_vault',
  input: z.object({
    prefix: z.string().max(4096).default('').describe('A JD number (11.01) or a folder relative to the vault; empty for the whole vault'),
    cursor: cursorField,
    limit: limitField(100),
  }),
  output: listVaultOutput,
});

/** The five tools of file-system-service: `client.call(fileSystem.readFile, { path })`. */
export const fileSystem = { listUnsorted, readFile, writeNote, moveToVault, listVault } as const;

/**
 * The failures of file-system's tools that callers act on, as the error's
 * `reason` (McpCallError.reason):
 * - `too_large`: read_file: the file is bigger than the service reads (READ_MAX_BYTES),
 * - `original_changed`: move_to_vault: the file's content is no longer the `hash` the caller gave.
 */
export const FILE_SYSTEM_FAILURES = ['too_large', 'original_changed'] as const;
export type FileSystemFailure = (typeof FILE_SYSTEM_FAILURES)[number];
