/**
 * The failures a tool may report to its caller. The set is closed so that
 * clients (retry only `unavailable`), metrics labels and HTTP statuses stay
 * bounded and agree across services.
 */
export const TOOL_ERROR_CODES = [
  'invalid_argument',
  'not_found',
  'conflict',
  'failed_precondition',
  'unavailable',
  'internal',
] as const;

export type ToolErrorCode = (typeof TOOL_ERROR_CODES)[number];

/**
 * An expected failure of a tool: throw it from a handler and the caller gets
 * `code` and `message` (MCP: a tool error result; REST: the mapped HTTP
 * status). Anything else a handler throws is reported as `internal error`.
 * The message reaches the caller verbatim, so keep secrets out of it.
 *
 * `reason` is for callers that act on one particular failure (a file too
 * large to read, a blocked URL): a stable snake_case word the tool's contract
 * lists, so they never have to match the wording of `message`.
 */
export class ToolError extends Error {
  override readonly name = 'ToolError';

  constructor(
    readonly code: ToolErrorCode,
    message: string,
    readonly reason?: string,
  ) {
    super(message);
  }
}
