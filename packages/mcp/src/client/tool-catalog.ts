import type { Tool as McpTool } from '@modelcontextprotocol/sdk/types.js';
import type { ToolCachePolicy } from '../server/tool-definition';
import { CACHE_META_KEY } from '../server/meta-keys';

/** A tool as its service lists it (tools/list), with the EMM policies read from it. */
export interface ToolInfo {
  readonly name: string;
  readonly title: string | undefined;
  readonly description: string;
  /** From `_meta["emm/cache"]`: results may be cached for `ttlSeconds`. */
  readonly cache: ToolCachePolicy;
  /** From `annotations.idempotentHint`: calling twice is like calling once, so any transient failure may be retried. */
  readonly idempotent: boolean;
  readonly readOnly: boolean;
  readonly inputSchema: Record<string, unknown>;
  readonly outputSchema: Record<string, unknown> | undefined;
}

function cachePolicyOf(tool: McpTool): ToolCachePolicy {
  const declared = tool._meta?.[CACHE_META_KEY] as { ttlSeconds?: unknown } | undefined;
  const ttl = declared?.ttlSeconds;
  return typeof ttl === 'number' && Number.isInteger(ttl) && ttl > 0 ? { ttlSeconds: ttl } : false;
}

export function toToolInfo(tool: McpTool): ToolInfo {
  return {
    name: tool.name,
    title: tool.title ?? tool.annotations?.title,
    description: tool.description ?? '',
    cache: cachePolicyOf(tool),
    idempotent: tool.annotations?.idempotentHint === true,
    readOnly: tool.annotations?.readOnlyHint === true,
    inputSchema: tool.inputSchema,
    outputSchema: tool.outputSchema,
  };
}

/** The tools of one service, by name, as of the last tools/list. */
export class ToolCatalog {
  private readonly byName: ReadonlyMap<string, ToolInfo>;

  constructor(
    readonly tools: readonly ToolInfo[],
    /** `performance.now()` when listed. */
    readonly listedAt: number,
  ) {
    this.byName = new Map(tools.map((tool) => [tool.name, tool]));
  }

  static fromList(tools: readonly McpTool[], listedAt: number): ToolCatalog {
    return new ToolCatalog(tools.map(toToolInfo), listedAt);
  }

  get(name: string): ToolInfo | undefined {
    return this.byName.get(name);
  }
}
