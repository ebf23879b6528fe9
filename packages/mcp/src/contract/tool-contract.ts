import type { z } from 'zod';
import { isMcpServiceId, MCP_SERVICE_IDS, type McpServiceId } from './services';

/** Input and output of a tool are JSON objects (MCP requires `type: object` schemas). */
export type ToolSchema = z.ZodObject;

/**
 * What a tool's caller and its server agree on: which service, which tool,
 * and the zod schemas of its arguments and result. The service declares the
 * tool from it (`defineTool(contract, { handler, … })`), callers call it
 * (`client.call(contract, args)`), so both sides share one schema.
 */
export interface ToolContract<I extends ToolSchema = ToolSchema, O extends ToolSchema = ToolSchema, S extends McpServiceId = McpServiceId> {
  readonly service: S;
  /** Unique per service; 1–128 characters of `A-Z a-z 0-9 _ - .` (MCP tool name rules). */
  readonly name: string;
  /** Arguments; `.describe()` each field: MCP clients and models read the descriptions. */
  readonly input: I;
  /** Result; the server checks it before it leaves, the client after it arrives. */
  readonly output: O;
}

/** Any contract, whatever its schemas. */
export type AnyToolContract = ToolContract<ToolSchema, ToolSchema, McpServiceId>;

/** The arguments a caller passes (defaults may be left out). */
export type ToolArgs<C extends AnyToolContract> = z.input<C['input']>;
/** The result a caller gets (defaults and transforms applied). */
export type ToolResult<C extends AnyToolContract> = z.output<C['output']>;

export const TOOL_NAME_PATTERN = /^[A-Za-z0-9_.-]{1,128}$/;

/** Why `name` is not a valid MCP tool name, or undefined when it is. */
export function toolNameProblem(name: string): string | undefined {
  return TOOL_NAME_PATTERN.test(name) ? undefined : `tool name "${name}" must be 1-128 characters of A-Z, a-z, 0-9, "_", "-" or "."`;
}

/** Declares a tool contract; a bad name or an unknown service throws here, at load time. */
export function defineToolContract<const S extends McpServiceId, I extends ToolSchema, O extends ToolSchema>(contract: {
  service: S;
  name: string;
  input: I;
  output: O;
}): ToolContract<I, O, S> {
  const problem = toolNameProblem(contract.name);
  if (problem !== undefined) throw new Error(problem);
  if (!isMcpServiceId(contract.service)) {
    throw new Error(`tool contract "${contract.name}": unknown service "${String(contract.service)}"; known: ${MCP_SERVICE_IDS.join(', ')}`);
  }
  return Object.freeze({ service: contract.service, name: contract.name, input: contract.input, output: contract.output });
}
