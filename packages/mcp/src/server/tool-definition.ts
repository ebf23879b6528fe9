import type { LoggerService } from '@nestjs/common';
import type { z } from 'zod';
import { toolNameProblem, type ToolContract, type ToolSchema } from '../contract/tool-contract';

export type { ToolSchema } from '../contract/tool-contract';

/** How a call reached the tool. */
export type ToolTransport = 'mcp' | 'rest';

/** What a handler knows about the call besides its arguments. */
export interface ToolContext {
  /** Who called: the `x-emm-caller` header (services send their name), else `anonymous`. */
  readonly caller: string;
  readonly transport: ToolTransport;
  /** Aborted when the caller goes away (HTTP request closed, MCP cancellation); pass it to I/O. */
  readonly signal: AbortSignal;
  /** Logger whose context is the tool's name. */
  readonly logger: LoggerService;
}

/** `{ ttlSeconds }`: clients may cache a result for that long, keyed by tool and arguments. */
export type ToolCachePolicy = false | { readonly ttlSeconds: number };

export interface ToolDeclaration<I extends ToolSchema, O extends ToolSchema> {
  /** Unique per service; 1–128 characters of `A-Z a-z 0-9 _ - .` (MCP tool name rules). */
  name: string;
  /** Human-friendly name shown by MCP clients. */
  title?: string;
  /** What the tool does and when to use it; models read this to pick a tool. */
  description: string;
  /** Arguments; `.describe()` each field, defaults apply before the handler runs. */
  input: I;
  /** Result; checked before it leaves, so a handler bug never reaches a caller as data. */
  output: O;
  cache: ToolCachePolicy;
  /** Calling twice with the same arguments has the effect of calling once: clients may retry. */
  idempotent: boolean;
  /** Changes nothing (MCP `readOnlyHint`). */
  readOnly: boolean;
  /**
   * Method syntax on purpose: it keeps a `ToolDefinition<SpecificInput>` assignable to
   * `AnyToolDefinition`, so providers can return tools with different schemas in one array.
   */
  handler(args: z.output<I>, ctx: ToolContext): Promise<z.input<O>> | z.input<O>;
}

export interface ToolDefinition<I extends ToolSchema = ToolSchema, O extends ToolSchema = ToolSchema>
  extends Readonly<ToolDeclaration<I, O>> {
  readonly title: string | undefined;
}

/** What a service adds to a tool contract to serve it: everything but the name and the schemas. */
export type ToolImplementation<I extends ToolSchema, O extends ToolSchema> = Omit<ToolDeclaration<I, O>, 'name' | 'input' | 'output'>;

/** Any tool, whatever its schemas: what registries and providers deal in. */
export type AnyToolDefinition = ToolDefinition<ToolSchema, ToolSchema>;

/**
 * Implemented by the injectable classes that hold a service's tools, so the
 * handlers can use Nest DI. List them in `McpServerModule.forRoot({ providers })`.
 */
export interface McpToolProvider {
  tools(): readonly AnyToolDefinition[];
}

/**
 * Declares a tool once; `McpServerModule` serves it over MCP and REST.
 * Either from a contract shared with the tool's callers (`@emm/contracts`) plus
 * what only the server knows, or standalone. Mistakes in the declaration
 * throw here, at startup, not at the first call.
 */
export function defineTool<I extends ToolSchema, O extends ToolSchema>(contract: ToolContract<I, O>, implementation: ToolImplementation<I, O>): ToolDefinition<I, O>;
export function defineTool<I extends ToolSchema, O extends ToolSchema>(declaration: ToolDeclaration<I, O>): ToolDefinition<I, O>;
export function defineTool<I extends ToolSchema, O extends ToolSchema>(
  first: ToolDeclaration<I, O> | ToolContract<I, O>,
  implementation?: ToolImplementation<I, O>,
): ToolDefinition<I, O> {
  const declaration: ToolDeclaration<I, O> =
    implementation === undefined ? (first as ToolDeclaration<I, O>) : { ...implementation, name: first.name, input: first.input, output: first.output };
  const { name, cache } = declaration;
  const nameProblem = toolNameProblem(name);
  if (nameProblem !== undefined) throw new Error(nameProblem);
  if (declaration.description.trim() === '') {
    throw new Error(`tool "${name}" needs a description`);
  }
  if (cache !== false && !(Number.isInteger(cache.ttlSeconds) && cache.ttlSeconds > 0)) {
    throw new Error(`tool "${name}": cache.ttlSeconds must be a positive integer, got ${String(cache.ttlSeconds)}`);
  }
  return Object.freeze({
    ...declaration,
    title: declaration.title,
    cache: cache === false ? false : Object.freeze({ ttlSeconds: cache.ttlSeconds }),
  });
}
