import type { LoggerService } from '@nestjs/common';
import type { z } from 'zod';

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

/** Input and output of a tool are JSON objects (MCP requires `type: object` schemas). */
export type ToolSchema = z.ZodObject;

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

/** Any tool, whatever its schemas: what registries and providers deal in. */
export type AnyToolDefinition = ToolDefinition<ToolSchema, ToolSchema>;

/**
 * Implemented by the injectable classes that hold a service's tools, so the
 * handlers can use Nest DI. List them in `McpServerModule.forRoot({ providers })`.
 */
export interface McpToolProvider {
  tools(): readonly AnyToolDefinition[];
}

const TOOL_NAME = /^[A-Za-z0-9_.-]{1,128}$/;

/**
 * Declares a tool once; `McpServerModule` serves it over MCP and REST.
 * Mistakes in the declaration throw here, at startup, not at the first call.
 */
export function defineTool<I extends ToolSchema, O extends ToolSchema>(declaration: ToolDeclaration<I, O>): ToolDefinition<I, O> {
  const { name, cache } = declaration;
  if (!TOOL_NAME.test(name)) {
    throw new Error(`tool name "${name}" must be 1-128 characters of A-Z, a-z, 0-9, "_", "-" or "."`);
  }
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
