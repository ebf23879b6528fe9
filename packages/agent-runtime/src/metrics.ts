import { getOrCreateCounter, getOrCreateHistogram, registerGaugeSource } from '@emm/metrics';
import type { ItemStatus, RunState } from './workflow';

// The workflow metrics of ARCHITECTURE.md; every replica of an agent reports
// active_workflows and queue_jobs read from Redis (dashboards take the max).

const executions = getOrCreateCounter({
  name: 'workflow_executions_total',
  help: 'Runs that reached a final state, by workflow and state (completed, completed_with_errors, failed, cancelled)',
  labelNames: ['workflow_type', 'status'],
});

const duration = getOrCreateHistogram({
  name: 'workflow_duration_seconds',
  help: 'Time from a run starting to its final state',
  labelNames: ['workflow_type'],
  buckets: [0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800, 3600, 7200],
});

const items = getOrCreateCounter({
  name: 'workflow_items_total',
  help: 'Items that reached a final outcome, by workflow and outcome (done, skipped, needs_review, failed)',
  labelNames: ['workflow_type', 'outcome'],
});

const itemDuration = getOrCreateHistogram({
  name: 'workflow_item_duration_seconds',
  help: 'Time one attempt at one item took',
  labelNames: ['workflow_type'],
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
});

const stalled = getOrCreateCounter({
  name: 'workflow_jobs_stalled_total',
  help: 'Jobs taken up again because the worker holding them stopped renewing its claim (killed, or starved of CPU)',
  labelNames: ['workflow_type'],
});

export type ActiveCountSource = () => Promise<Array<{ workflow: string; count: number }>>;

const ACTIVE_WORKFLOWS = {
  name: 'active_workflows',
  help: 'Runs not yet in a final state, by workflow, read from Redis at scrape time',
  labelNames: ['workflow_type'] as const,
};

export function registerActiveCounts(source: ActiveCountSource): () => void {
  return registerGaugeSource(ACTIVE_WORKFLOWS, async () => (await source()).map(({ workflow, count }) => ({ labels: { workflow_type: workflow }, value: count })));
}

export function recordRunFinished(workflow: string, state: RunState, seconds: number | undefined): void {
  executions.inc({ workflow_type: workflow, status: state });
  if (seconds !== undefined) duration.observe({ workflow_type: workflow }, seconds);
}

export function recordItem(workflow: string, outcome: Exclude<ItemStatus, 'pending'>): void {
  items.inc({ workflow_type: workflow, outcome });
}

export function observeItemAttempt(workflow: string, seconds: number): void {
  itemDuration.observe({ workflow_type: workflow }, seconds);
}

export function recordStalled(workflow: string): void {
  stalled.inc({ workflow_type: workflow });
}
