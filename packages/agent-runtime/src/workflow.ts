import type { z } from 'zod';

// The contract between the runtime and an agent's workflow. A run of a
// workflow is planned once (the input becomes a list of items), then every
// item is processed by whichever worker replica takes its job, then the run
// finishes once (summary, cursors). Delivery is at least once: plan,
// processItem and finish may run again for the same run or item after a
// crash, so each must be idempotent.

/** One unit of work: a file, a URL, a page. */
export interface WorkItem<P = unknown> {
  /**
   * Identity of the item within the run, derived from its source (file path
   * and hash, normalised URL, page id and version): the same source gives the
   * same key, so planning twice never makes two items. At most 200 characters.
   */
  key: string;
  /** What a person sees in progress and outcome lists: file name, URL, page title. */
  label: string;
  /** Everything processItem needs; stored with the run as JSON. */
  payload: P;
}

/** An entry the plan could not turn into an item (an invalid bookmark line): recorded as a failed item at once. */
export interface RejectedItem {
  key: string;
  label: string;
  reason: string;
}

export interface PlanResult<P = unknown> {
  items: Array<WorkItem<P>>;
  rejected?: RejectedItem[];
}

/** What became of an item: done (note written), skipped (nothing to do, e.g. already imported), needs_review (filed in the review inbox). */
export type ItemResultStatus = 'done' | 'skipped' | 'needs_review';

export interface ItemResult {
  status: ItemResultStatus;
  /** The note written or found, relative to the vault. */
  notePath?: string;
  /** A short explanation: why skipped, what was decided. */
  detail?: string;
  /** Small facts worth showing per item: jdId, confidence, moved file path, … */
  data?: Record<string, string | number | boolean | null>;
}

/** pending: not finished yet; the rest as ItemResultStatus, plus failed (with `error`). */
export const ITEM_STATUSES = ['pending', 'done', 'skipped', 'needs_review', 'failed'] as const satisfies ReadonlyArray<'pending' | ItemResultStatus | 'failed'>;
export type ItemStatus = (typeof ITEM_STATUSES)[number];

export interface ItemOutcome {
  key: string;
  label: string;
  status: ItemStatus;
  notePath?: string;
  detail?: string;
  /** Why it failed: the reason a person can act on. */
  error?: string;
  data?: Record<string, string | number | boolean | null>;
  /** Attempts made (retries after transient errors count). */
  attempts: number;
  /** ISO 8601, when the item reached its final status. */
  finishedAt?: string;
}

/** cancelling: cancel was asked for; items not yet started are being skipped, then the run is cancelled. */
export const RUN_STATES = ['queued', 'planning', 'running', 'cancelling', 'completed', 'completed_with_errors', 'failed', 'cancelled'] as const;
export type RunState = (typeof RUN_STATES)[number];

export const FINAL_RUN_STATES: readonly RunState[] = ['completed', 'completed_with_errors', 'failed', 'cancelled'];

export interface RunCounts {
  total: number;
  pending: number;
  done: number;
  failed: number;
  skipped: number;
  needsReview: number;
}

/** A run as the API shows it. */
export interface RunView {
  id: string;
  workflow: string;
  state: RunState;
  /** api (POST /runs) or schedule (a configured schedule fired). */
  trigger: 'api' | 'schedule';
  input: unknown;
  counts: RunCounts;
  /** Why the run failed as a whole (planning failed), when state is failed. */
  error?: string;
  createdAt: string;
  startedAt?: string;
  finishedAt?: string;
  durationMs?: number;
  /** How many times failed items were retried through the API. */
  retries: number;
  idempotencyKey?: string;
}

/** Handed to finish(): the run with every item, its outcome and its payload (undefined for entries the plan rejected). */
export interface RunSummary<P = unknown> extends RunView {
  items: Array<ItemOutcome & { payload: P | undefined }>;
}

export interface WorkflowLog {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

export interface WorkflowContext {
  runId: string;
  workflow: string;
  /** Aborted when the item's time limit passes or the worker must stop. */
  signal: AbortSignal;
  log: WorkflowLog;
}

/**
 * A workflow an agent offers. Implement it as an @Injectable() class (it can
 * inject MCP clients) and list it in AgentRuntimeModule.forRoot({ workflows }).
 *
 * Errors: throw PermanentItemError (or let a non-retryable McpCallError
 * through) for what retrying cannot fix — the item fails with that reason,
 * the run goes on. Anything else is taken as transient and retried with
 * backoff up to the configured attempts.
 */
export interface Workflow<I = unknown, P = unknown> {
  /** Also the BullMQ queue name, e.g. `file-import`. */
  readonly name: string;
  /** One line for `emm run --help` and GET /workflows. */
  readonly description: string;
  /** Validates the input of POST /runs (and of a schedule); errors name the field and the rule. */
  readonly input: z.ZodType<I>;
  /** Turns the input into items. Runs in a worker; may call services. */
  plan(input: I, context: WorkflowContext): Promise<PlanResult<P>>;
  /** Does one item's work, idempotently. */
  processItem(item: WorkItem<P>, context: WorkflowContext): Promise<ItemResult>;
  /**
   * Once every item has its final outcome (and again after a retry round), or
   * once planning failed for good (state failed, no items): summaries, cursors.
   */
  finish?(summary: RunSummary<P>, context: WorkflowContext): Promise<void>;
}

/** Retrying cannot help (bad input, unsupported file): the item fails with this reason at once. */
export class PermanentItemError extends Error {
  override readonly name = 'PermanentItemError';
}
