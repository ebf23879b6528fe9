import type { Tool as McpTool } from '@modelcontextprotocol/sdk/types.js';
import { Logger } from '@nestjs/common';
import { z } from 'zod';
import { CACHE_META_KEY } from './meta-keys';
import type { AnyToolDefinition, McpToolProvider, ToolCachePolicy } from './tool-definition';

type JsonSchema = Record<string, unknown>;

/** A tool as `GET /tools` describes it. */
export interface ToolDescriptor {
  readonly name: string;
  readonly title: string | undefined;
  readonly description: string;
  readonly inputSchema: JsonSchema;
  readonly outputSchema: JsonSchema;
  readonly cache: ToolCachePolicy;
  readonly idempotent: boolean;
  readonly readOnly: boolean;
}

/** A tool with everything a call needs computed once, at startup. */
export interface RegisteredTool {
  readonly definition: AnyToolDefinition;
  readonly logger: Logger;
  readonly descriptor: ToolDescriptor;
  readonly mcp: McpTool;
}

function jsonSchemaOf(tool: AnyToolDefinition, side: 'input' | 'output'): JsonSchema {
  try {
    // draft-07 is what MCP SDK clients validate with (Ajv); `io` picks the caller's side of defaults.
    return z.toJSONSchema(side === 'input' ? tool.input : tool.output, { target: 'draft-7', io: side });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`tool "${tool.name}": its ${side} schema cannot be expressed as JSON Schema: ${reason}`);
  }
}

function register(definition: AnyToolDefinition): RegisteredTool {
  const descriptor: ToolDescriptor = Object.freeze({
    name: definition.name,
    title: definition.title,
    description: definition.description,
    inputSchema: jsonSchemaOf(definition, 'input'),
    outputSchema: jsonSchemaOf(definition, 'output'),
    cache: definition.cache,
    idempotent: definition.idempotent,
    readOnly: definition.readOnly,
  });
  const mcp: McpTool = {
    name: definition.name,
    ...(definition.title !== undefined && { title: definition.title }),
    description: definition.description,
    inputSchema: descriptor.inputSchema as McpTool['inputSchema'],
    outputSchema: descriptor.outputSchema as McpTool['outputSchema'],
    annotations: {
      ...(definition.title !== undefined && { title: definition.title }),
      readOnlyHint: definition.readOnly,
      idempotentHint: definition.idempotent,
    },
    ...(definition.cache !== false && { _meta: { [CACHE_META_KEY]: { ttlSeconds: definition.cache.ttlSeconds } } }),
  };
  return { definition, logger: new Logger(`tool:${definition.name}`), descriptor, mcp };
}

/** The tools of one server, looked up by name; schemas and listings are built once. */
export class ToolRegistry {
  private readonly byName: ReadonlyMap<string, RegisteredTool>;
  /** The `tools/list` result, shared by every request. */
  readonly mcpListResult: { tools: McpTool[] };
  /** The `GET /tools` body, shared by every request. */
  readonly restListResult: { tools: ToolDescriptor[] };

  constructor(definitions: readonly AnyToolDefinition[]) {
    const byName = new Map<string, RegisteredTool>();
    for (const definition of definitions) {
      if (byName.has(definition.name)) throw new Error(`tool "${definition.name}" is declared more than once`);
      byName.set(definition.name, register(definition));
    }
    this.byName = byName;
    const tools = [...byName.values()];
    this.mcpListResult = { tools: tools.map((tool) => tool.mcp) };
    this.restListResult = { tools: tools.map((tool) => tool.descriptor) };
  }

  /** Collects the tools of every provider; a provider without `tools()` is a startup error. */
  static fromProviders(providers: readonly unknown[]): ToolRegistry {
    const definitions = providers.flatMap((provider) => {
      const tools = (provider as Partial<McpToolProvider> | null)?.tools;
      if (typeof tools !== 'function') {
        const name = (provider as object | null)?.constructor?.name ?? String(provider);
        throw new Error(`MCP tool provider ${name} does not implement McpToolProvider (a tools() method)`);
      }
      return tools.call(provider);
    });
    return new ToolRegistry(definitions);
  }

  get(name: string): RegisteredTool | undefined {
    return this.byName.get(name);
  }

  get size(): number {
    return this.byName.size;
  }
}
