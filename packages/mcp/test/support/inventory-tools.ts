import { Injectable, Module } from '@nestjs/common';
import { setTimeout as sleep } from 'node:timers/promises';
import { z } from 'zod';
import { defineTool, ToolError, type AnyToolDefinition, type McpToolProvider, type ToolErrorCode } from '../../src';

/** A stand-in domain service, so the tool provider shows constructor injection. */
@Injectable()
export class Inventory {
  private readonly items = new Map([
    ['11.01', 'Statements'],
    ['11.02', 'Loans'],
    ['12.01', 'Payslips'],
  ]);

  search(query: string, limit: number): string[] {
    const needle = query.toLowerCase();
    return [...this.items.entries()]
      .filter(([id, name]) => id.startsWith(needle) || name.toLowerCase().includes(needle))
      .slice(0, limit)
      .map(([id, name]) => `${id} ${name}`);
  }

  name(id: string): string | undefined {
    return this.items.get(id);
  }
}

@Module({ providers: [Inventory], exports: [Inventory] })
export class InventoryModule {}

/** Ids for which `get_item` fails with a ToolError: one per code. */
export const REFUSALS: Record<string, { code: ToolErrorCode; message: string; reason?: string }> = {
  '10.00': { code: 'conflict', message: 'item 10.00 is being moved' },
  '00.00': { code: 'failed_precondition', message: 'item 00.00 is reserved', reason: 'reserved' },
  '99.99': { code: 'unavailable', message: 'the inventory backend is down' },
  '98.98': { code: 'invalid_argument', message: 'ids in area 90-99 are read-only' },
  '97.97': { code: 'internal', message: 'the index is corrupt' },
};

export const findItemsOutput = z.object({
  query: z.string(),
  limit: z.number().int(),
  matches: z.array(z.string()),
});

/** Tools exercising each path of the pipeline: defaults, ToolError, abort, crash, bad output. */
@Injectable()
export class InventoryTools implements McpToolProvider {
  /** How many `slow_wait` calls have started. */
  waitsStarted = 0;
  /** Resolves when the signal of the latest `slow_wait` call fires: lets a test see an abort reach the handler. */
  lastAbortedWait: Promise<void> = Promise.resolve();
  private resolveAborted: () => void = () => undefined;

  constructor(private readonly inventory: Inventory) {}

  tools(): AnyToolDefinition[] {
    return [this.findItems, this.getItem, this.slowWait, this.explode, this.brokenOutput, this.ping];
  }

  readonly findItems = defineTool({
    name: 'find_items',
    title: 'Find items',
    description: 'Finds inventory items whose id or name matches the query.',
    input: z.object({
      query: z.string().min(1).describe('Part of an id or name'),
      limit: z.number().int().min(1).max(50).default(5).describe('Most matches to return'),
    }),
    output: findItemsOutput,
    cache: { ttlSeconds: 300 },
    idempotent: true,
    readOnly: true,
    handler: ({ query, limit }) => ({ query, limit, matches: this.inventory.search(query, limit) }),
  });

  readonly getItem = defineTool({
    name: 'get_item',
    description: 'Returns one item by id.',
    input: z.object({ id: z.string().regex(/^\d\d\.\d\d$/) }),
    output: z.object({ id: z.string(), name: z.string() }),
    cache: false,
    idempotent: true,
    readOnly: true,
    handler: ({ id }) => {
      const refusal = REFUSALS[id];
      if (refusal !== undefined) throw new ToolError(refusal.code, refusal.message, refusal.reason);
      const name = this.inventory.name(id);
      if (name === undefined) throw new ToolError('not_found', `no item ${id}`);
      return { id, name };
    },
  });

  readonly slowWait = defineTool({
    name: 'slow_wait',
    description: 'Waits, stopping early when the caller goes away.',
    input: z.object({ ms: z.number().int().min(0).max(60_000) }),
    output: z.object({ waitedMs: z.number() }),
    cache: false,
    idempotent: true,
    readOnly: true,
    handler: async ({ ms }, { signal }) => {
      this.waitsStarted += 1;
      this.lastAbortedWait = new Promise((resolve) => (this.resolveAborted = resolve));
      signal.addEventListener('abort', () => this.resolveAborted(), { once: true });
      await sleep(ms, undefined, { signal });
      return { waitedMs: ms };
    },
  });

  readonly explode = defineTool({
    name: 'explode',
    description: 'Fails with an unexpected error.',
    input: z.object({ secret: z.string().optional() }),
    output: z.object({}),
    cache: false,
    idempotent: false,
    readOnly: false,
    handler: () => {
      throw new Error('connection to db://admin:hunter2@db failed');
    },
  });

  readonly brokenOutput = defineTool({
    name: 'broken_output',
    description: 'Returns a result that breaks its own output schema.',
    input: z.object({}),
    output: z.object({ count: z.number() }),
    cache: false,
    idempotent: true,
    readOnly: true,
    // A handler bug the type system cannot see (e.g. data from an untyped source).
    handler: () => JSON.parse('{"count":"three"}') as { count: number },
  });

  readonly ping = defineTool({
    name: 'ping',
    description: 'Answers at once; for latency measurements.',
    input: z.object({}),
    output: z.object({ pong: z.literal(true) }),
    cache: false,
    idempotent: true,
    readOnly: true,
    handler: () => ({ pong: true as const }),
  });
}
