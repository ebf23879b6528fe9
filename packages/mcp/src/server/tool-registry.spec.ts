import { z } from 'zod';
import { defineTool, type AnyToolDefinition } from './tool-definition';
import { CACHE_META_KEY } from './meta-keys';
import { ToolRegistry } from './tool-registry';

function tool(name: string, overrides: Partial<Parameters<typeof defineTool>[0]> = {}): AnyToolDefinition {
  return defineTool({
    name,
    description: `the ${name} tool`,
    input: z.object({ q: z.string(), n: z.number().default(3) }),
    output: z.object({ ok: z.boolean() }),
    cache: false,
    idempotent: true,
    readOnly: true,
    handler: () => ({ ok: true }),
    ...overrides,
  });
}

describe('defineTool', () => {
  it('refuses names MCP clients cannot call', () => {
    expect(() => tool('has space')).toThrow('tool name "has space" must be 1-128 characters');
    expect(() => tool('x'.repeat(129))).toThrow('must be 1-128 characters');
    expect(() => tool('')).toThrow('must be 1-128 characters');
  });

  it('wants a description and a positive whole cache TTL', () => {
    expect(() => tool('a', { description: ' ' })).toThrow('tool "a" needs a description');
    expect(() => tool('a', { cache: { ttlSeconds: 0 } })).toThrow('tool "a": cache.ttlSeconds must be a positive integer, got 0');
    expect(() => tool('a', { cache: { ttlSeconds: 1.5 } })).toThrow('got 1.5');
  });

  it('returns a frozen definition', () => {
    expect(Object.isFrozen(tool('a', { cache: { ttlSeconds: 60 } }))).toBe(true);
  });
});

describe('ToolRegistry', () => {
  it('builds both listings once, input schemas on the caller side of defaults', () => {
    const registry = new ToolRegistry([tool('a', { title: 'The A', cache: { ttlSeconds: 60 } }), tool('b', { readOnly: false })]);
    expect(registry.size).toBe(2);
    const [a, b] = registry.mcpListResult.tools;
    expect(a).toMatchObject({
      name: 'a',
      title: 'The A',
      inputSchema: { type: 'object', required: ['q'] },
      outputSchema: { type: 'object', required: ['ok'], additionalProperties: false },
      annotations: { title: 'The A', readOnlyHint: true, idempotentHint: true },
      _meta: { [CACHE_META_KEY]: { ttlSeconds: 60 } },
    });
    expect(b).not.toHaveProperty('title');
    expect(b).not.toHaveProperty('_meta');
    expect(b.annotations).toEqual({ readOnlyHint: false, idempotentHint: true });
    expect(registry.restListResult.tools[1]).toMatchObject({ name: 'b', title: undefined, cache: false, readOnly: false });
    expect(registry.get('a')?.descriptor).toBe(registry.restListResult.tools[0]);
  });

  it('refuses two tools with one name', () => {
    expect(() => new ToolRegistry([tool('a'), tool('b'), tool('a')])).toThrow('tool "a" is declared more than once');
  });

  it('names the tool whose schema JSON Schema cannot express', () => {
    expect(() => new ToolRegistry([tool('dated', { output: z.object({ at: z.date() }) })])).toThrow(
      'tool "dated": its output schema cannot be expressed as JSON Schema',
    );
  });

  it('collects the tools of providers and names one that is not a tool provider', () => {
    class Good {
      tools(): AnyToolDefinition[] {
        return [tool('a'), tool('b')];
      }
    }
    class Bad {}
    expect(ToolRegistry.fromProviders([new Good()]).size).toBe(2);
    expect(() => ToolRegistry.fromProviders([new Good(), new Bad()])).toThrow('MCP tool provider Bad does not implement McpToolProvider');
  });
});
