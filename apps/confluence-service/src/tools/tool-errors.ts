import { ToolError } from '@emm/mcp';
import { CursorError } from '../confluence/listing-cursor';
import { ConfluenceCredentialsError, ConfluenceNotFoundError, ConfluenceResponseError, ConfluenceUnavailableError } from '../confluence/http/errors';

/** Runs a tool's work and turns Confluence failures into the tool errors callers act on. */
export async function asToolErrors<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw toToolError(error);
  }
}

export function toToolError(error: unknown): unknown {
  if (error instanceof CursorError) return new ToolError('invalid_argument', error.message);
  if (error instanceof ConfluenceCredentialsError) return new ToolError('failed_precondition', error.message);
  if (error instanceof ConfluenceNotFoundError) return new ToolError('not_found', error.message);
  if (error instanceof ConfluenceUnavailableError) return new ToolError('unavailable', error.message);
  if (error instanceof ConfluenceResponseError) return new ToolError(error.status === 400 ? 'invalid_argument' : 'failed_precondition', error.message);
  return error;
}
