import { Injectable } from '@nestjs/common';
import { defineTool, type McpToolProvider } from '@emm/mcp';
import { fileSystem } from '@emm/contracts';
import { FileReader } from '../files/file-reader';
import { NoteWriter } from '../notes/note-writer';
import { OriginalMover } from '../notes/original-mover';
import { VaultLister } from '../notes/vault-lister';
import { UnsortedLister } from '../unsorted/unsorted-lister';
import { toolErrorsFor } from './tool-errors';

/** The five storage tools, declared from their contracts (../contracts) and served over MCP and REST. */
@Injectable()
export class FileSystemTools implements McpToolProvider {
  constructor(
    private readonly unsorted: UnsortedLister,
    private readonly reader: FileReader,
    private readonly writer: NoteWriter,
    private readonly mover: OriginalMover,
    private readonly vault: VaultLister,
  ) {}

  tools() {
    return [this.listUnsorted, this.readFile, this.writeNote, this.moveToVault, this.listVault];
  }

  readonly listUnsorted = defineTool(fileSystem.listUnsorted, {
    title: 'List the UNSORTED inbox',
    description:
      'Files waiting in UNSORTED, in path order, a page at a time, each with size, modified time and sha256 content hash. Leaves out partial downloads (.part, .crdownload, …), temp, lock and hidden files, and files still being written; they appear once complete.',
    cache: false,
    idempotent: true,
    readOnly: true,
    handler: async ({ cursor, limit }, { signal }) =>
      toolErrorsFor({ unsorted: 'path' }, async () => {
        const page = await this.unsorted.list({ cursor, limit }, signal);
        return { ...page, files: page.files.map((file) => ({ ...file, modified: file.modified.toISOString() })) };
      }),
  });

  readonly readFile = defineTool(fileSystem.readFile, {
    title: 'Read a file',
    description:
      'Text and metadata of one file in UNSORTED (default) or the vault: Markdown (front matter parsed), plain text, HTML (the readable article, as Markdown), PDF, DOCX (as Markdown), JSON and CSV; other files get metadata only. The encoding is detected. A broken or encrypted document is reported in `extraction`, not as an error. raw: true returns a text file as it is (an HTML bookmark export with its links).',
    cache: false,
    idempotent: true,
    readOnly: true,
    handler: async ({ path, root, maxChars, raw }, { signal }) =>
      toolErrorsFor({ unsorted: 'path', vault: 'path' }, async () => {
        const result = await this.reader.read({ root, path, maxChars, raw }, signal);
        return { ...result, modified: result.modified.toISOString() };
      }),
  });

  readonly writeNote = defineTool(fileSystem.writeNote, {
    title: 'Write a note',
    description:
      'Writes a Markdown note with YAML front matter into a JD ID folder of the vault, atomically. The file name is the title made safe ("<title>.md"); if that name holds a note of another source, "<title> (2).md" and so on. mode: create fails if this source\'s note exists; replace overwrites it; skip-if-same writes nothing when the note is already there for the same source version (source.hash) or with the same content — use it for retries. created/updated are kept by the service unless given.',
    cache: false,
    idempotent: false,
    readOnly: false,
    handler: async ({ folder, title, frontMatter, body, mode }) =>
      toolErrorsFor({ vault: 'folder' }, () => this.writer.write({ folder, title, frontMatter, body, mode })),
  });

  readonly moveToVault = defineTool(fileSystem.moveToVault, {
    title: 'Move an original into the vault',
    description:
      'Moves a file from UNSORTED into a JD ID folder of the vault, next to its note. Never overwrites: a name taken by a different file gets " (2)" and so on. The original is removed from UNSORTED only once its copy is in place and checked. Pass the hash from list_unsorted: a file changed since is refused, and a retried call answers already_moved.',
    cache: false,
    idempotent: true,
    readOnly: false,
    handler: async ({ path, folder, hash, name }, { signal }) =>
      toolErrorsFor({ unsorted: 'path', vault: 'folder' }, () => this.mover.move({ path, folder, hash, name }, signal)),
  });

  readonly listVault = defineTool(fileSystem.listVault, {
    title: 'List notes in the vault',
    description:
      'Notes (Markdown files) under a vault folder or JD number (10-19, 11 or 11.01, found by the folder names), recursively, in path order, a page at a time, each with its parsed front matter.',
    cache: false,
    idempotent: true,
    readOnly: true,
    handler: async ({ prefix, cursor, limit }) =>
      toolErrorsFor({ vault: 'prefix' }, async () => {
        const page = await this.vault.list({ prefix, cursor, limit });
        return { ...page, notes: page.notes.map((note) => ({ ...note, modified: note.modified.toISOString() })) };
      }),
  });
}
