import type { ItemOutcome, RunCounts, RunDetail, RunState, RunView } from '@emm/agent-runtime';
import { z } from 'zod';

// The run API's answers, checked just enough that a URL pointing at something
// other than an EMM agent gives a clear error instead of a crash further on.
// Loose objects: a newer agent may add fields.

const counts = z.looseObject({
  total: z.number(),
  pending: z.number(),
  done: z.number(),
  failed: z.number(),
  skipped: z.number(),
  needsReview: z.number(),
});

const item = z.looseObject({ key: z.string(), label: z.string(), status: z.string() });
const runView = z.looseObject({ id: z.string(), workflow: z.string(), state: z.string(), counts, createdAt: z.string() });
const runDetail = runView.extend({ items: z.array(item) });
const runPage = z.looseObject({ runs: z.array(runView), nextCursor: z.string().optional() });
const itemEvent = z.looseObject({ item, counts });
const stateEvent = z.looseObject({ state: z.string(), counts, error: z.string().optional() });

export interface RunPage {
  runs: RunView[];
  nextCursor?: string;
}

export interface ItemEvent {
  item: ItemOutcome;
  counts: RunCounts;
}

export interface StateEvent {
  state: RunState;
  counts: RunCounts;
  error?: string;
}

/** `value` typed as the agent runtime declares it, or undefined when it does not have the shape. */
function checked<T>(schema: z.ZodType, value: unknown): T | undefined {
  return schema.safeParse(value).success ? (value as T) : undefined;
}

export const asRunView = (value: unknown): RunView | undefined => checked<RunView>(runView, value);
export const asRunDetail = (value: unknown): RunDetail | undefined => checked<RunDetail>(runDetail, value);
export const asRunPage = (value: unknown): RunPage | undefined => checked<RunPage>(runPage, value);
export const asItemEvent = (value: unknown): ItemEvent | undefined => checked<ItemEvent>(itemEvent, value);
export const asStateEvent = (value: unknown): StateEvent | undefined => checked<StateEvent>(stateEvent, value);
