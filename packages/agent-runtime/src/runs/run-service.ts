import { argumentIssueMessage, RequestRejection, toArgumentIssues } from '@emm/mcp';
import type { Redis } from 'ioredis';
import { z } from 'zod';
import type { WorkflowQueues } from '../queue/workflow-queues';
import { FINAL_RUN_STATES, ITEM_STATUSES, type ItemOutcome, RUN_STATES, type RunView, type Workflow } from '../workflow';
import type { RunPage, RunStore } from './run-store';

const MAX_PAGE = 200;

const startRunBody = z.object(
  {
    workflow: z.string().min(1),
    input: z.record(z.string(), z.unknown()).default({}),
    idempotencyKey: z.string().min(1).max(512).optional(),
  },
  { error: (issue) => (issue.input === undefined ? 'send a JSON object: { "workflow": …, "input": { … } }' : undefined) },
);

export const listRunsQuery = z.object({
  state: z.enum(RUN_STATES).optional(),
  workflow: z.string().min(1).optional(),
  limit: z.coerce.number().int().min(1).max(MAX_PAGE).default(20),
  cursor: z.string().regex(/^\d+$/, 'must be the nextCursor of an earlier page').optional(),
});

export const runItemsQuery = z.object({ status: z.enum(ITEM_STATUSES).optional() });

const runId = z.uuid({ error: 'must be a run id as POST /runs returned it' });

export interface RunDetail extends RunView {
  items: ItemOutcome[];
}

/**
 * What the run API does, without HTTP: validate, create or find runs, list,
 * cancel, retry. Rejections are RequestRejections whose message names the
 * field and the rule.
 */
export class RunService {
  constructor(
    private readonly redis: Redis,
    private readonly store: RunStore,
    private readonly queues: WorkflowQueues,
    private readonly workflows: ReadonlyMap<string, Workflow>,
  ) {}

  describeWorkflows(): Array<{ name: string; description: string; inputSchema: unknown }> {
    return [...this.workflows.values()].map((workflow) => ({
      name: workflow.name,
      description: workflow.description,
      inputSchema: z.toJSONSchema(workflow.input, { target: 'draft-7', io: 'input', unrepresentable: 'any' }),
    }));
  }

  /** Starts a run (202) or, for a known idempotency key, returns the run it started (200). */
  async start(body: unknown, idempotencyHeader: string | undefined): Promise<{ run: RunView; created: boolean }> {
    const request = parse(startRunBody, body ?? undefined, '(body)');
    const workflow = this.workflows.get(request.workflow);
    if (workflow === undefined) {
      throw invalid([{ path: 'workflow', message: `must be one of ${[...this.workflows.keys()].join(', ')}` }]);
    }
    const input = parse(workflow.input, request.input, 'input', 'input');
    this.assertConnected();
    const idempotencyKey = request.idempotencyKey ?? idempotencyHeader;
    const result = await this.store.create({ workflow: workflow.name, input, trigger: 'api', ...(idempotencyKey !== undefined && { idempotencyKey }) });
    if (result.created) await this.queues.enqueuePlan(workflow.name, result.run.id, 0);
    return result;
  }

  async list(query: unknown): Promise<RunPage> {
    const filter = parse(listRunsQuery, query, '(query)');
    this.assertConnected();
    return this.store.list(filter);
  }

  async get(id: string, query: unknown): Promise<RunDetail> {
    const { status } = parse(runItemsQuery, query, '(query)');
    const run = await this.find(id);
    return { ...run, items: await this.store.items(run.id, status) };
  }

  /** The run as GET /runs/:id shows it without items; 404 when unknown. */
  async find(id: string): Promise<RunView> {
    parse(runId, id, 'id', 'id');
    this.assertConnected();
    const run = await this.store.get(id);
    if (run === undefined) throw new RequestRejection({ status: 404, code: 'not_found', message: `run ${id} not found (unknown, or older than RUN_HISTORY_MS)` });
    return run;
  }

  /** Items not yet started are skipped; items in flight finish. 409 when the run has already ended. */
  async cancel(id: string): Promise<RunView> {
    const run = await this.find(id);
    const previous = await this.store.transition(run.id, 'cancelling', [...FINAL_RUN_STATES, 'cancelling']);
    if (previous !== undefined && FINAL_RUN_STATES.includes(previous)) throw conflict(`run ${id} has already ended (${previous}); nothing to cancel`);
    // The run's own jobs settle it: its plan job (if still queued) or its finish job, once the skipped items are through.
    return this.find(id);
  }

  /**
   * Runs a finished run's failed items again (or, when planning failed, the
   * whole run). 409 while the run is still going or when nothing failed.
   */
  async retry(id: string): Promise<RunView> {
    const run = await this.find(id);
    if (!FINAL_RUN_STATES.includes(run.state)) throw conflict(`run ${id} is still ${run.state}; retry it once it has ended`);
    if (run.state === 'failed') {
      if ((await this.store.transition(run.id, 'queued', ['queued', 'planning', 'running', 'cancelling'])) !== 'failed') throw conflict(`run ${id} is being retried already`);
      await this.store.clear(run.id, 'finishedAt', 'error');
      const round = run.retries + 1;
      await this.store.bumpRetries(run.id);
      await this.queues.enqueuePlan(run.workflow, run.id, round);
      return this.find(id);
    }
    const keys = await this.store.resetFailed(run.id);
    if (keys.length === 0) throw conflict(`run ${id} has no failed items that can be retried`);
    await this.store.clear(run.id, 'finishedAt');
    await this.store.transition(run.id, 'running', []);
    await this.queues.enqueueItems(run.workflow, run.id, keys, run.retries + 1);
    return this.find(id);
  }

  /** The request connection fails fast; say so plainly instead of hanging or answering 500. */
  private assertConnected(): void {
    if (this.redis.status !== 'ready') {
      throw new RequestRejection({ status: 503, code: 'unavailable', message: 'Redis is unavailable; try again shortly', headers: { 'Retry-After': '5' } });
    }
  }
}

function parse<T>(schema: z.ZodType<T>, value: unknown, root: string, prefix?: string): T {
  const result = schema.safeParse(value, { error: argumentIssueMessage });
  if (result.success) return result.data;
  const issues = toArgumentIssues(result.error, root).map((issue) =>
    prefix === undefined || issue.path === root ? issue : { ...issue, path: `${prefix}.${issue.path}` },
  );
  throw invalid(issues);
}

function invalid(issues: Array<{ path: string; message: string }>): RequestRejection {
  return new RequestRejection({
    status: 400,
    code: 'invalid_argument',
    message: issues.map((issue) => `${issue.path}: ${issue.message}`).join('; '),
    issues,
  });
}

function conflict(message: string): RequestRejection {
  return new RequestRejection({ status: 409, code: 'conflict', message });
}
