import type { FileSystemFailure } from '@emm/contracts';
import { ToolError } from '@emm/mcp';
import { FieldError } from '../field-error';
import { NotTextError } from '../files/file-reader';
import { NoNameLeftError, NoteExistsError } from '../notes/note-writer';
import { OriginalChangedError } from '../notes/original-mover';
import { FileTooLargeError, NotAFileError, NotAFolderError, type RootName, StorageError, StorageEscapeError, StorageExistsError, StorageNotFoundError } from '../storage/storage';
import { StorageUnavailableError } from '../storage/storage-unavailable.error';

/**
 * Runs a tool's work and turns the domain's expected failures into
 * ToolErrors that name the field: `fields` says which argument a path in each
 * root came from. Anything else propagates (the MCP layer logs it and answers
 * `internal error`, never a stack trace).
 */
export async function toolErrorsFor<T>(fields: Partial<Record<RootName, string>>, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw toToolError(error, fields) ?? error;
  }
}

function toToolError(error: unknown, fields: Partial<Record<RootName, string>>): ToolError | undefined {
  if (error instanceof FieldError || error instanceof NotTextError) return new ToolError('invalid_argument', error.message);
  if (error instanceof StorageError) {
    const field = fields[error.root] ?? 'path';
    if (error instanceof StorageEscapeError) return new ToolError('invalid_argument', `${field}: ${error.message}`);
    if (error instanceof StorageNotFoundError) return new ToolError('not_found', `${field}: ${error.message}`);
    if (error instanceof StorageExistsError) return new ToolError('conflict', `${field}: ${error.message}`);
    if (error instanceof FileTooLargeError) return new ToolError('failed_precondition', `${field}: ${error.message}`, 'too_large' satisfies FileSystemFailure);
    if (error instanceof NotAFileError || error instanceof NotAFolderError) return new ToolError('failed_precondition', `${field}: ${error.message}`);
  }
  if (error instanceof NoteExistsError || error instanceof NoNameLeftError) return new ToolError('conflict', `title: ${error.message}`);
  if (error instanceof OriginalChangedError) return new ToolError('conflict', `hash: ${error.message}`, 'original_changed' satisfies FileSystemFailure);
  if (error instanceof StorageUnavailableError) return new ToolError('unavailable', error.message);
  return undefined;
}

