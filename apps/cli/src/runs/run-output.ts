import type { ItemOutcome, ItemStatus, RunCounts, RunView } from '@emm/agent-runtime';
import { table } from '../output';
import { countsText, formatRate } from './progress';

/** `420ms`, `3.2s`, `4m05s`, `1h02m`. */
export function formatDuration(ms: number): string {
  if (ms < 1_000) return `${Math.round(ms)}ms`;
  if (ms < 60_000) return `${(ms / 1_000).toFixed(1)}s`;
  const totalSeconds = Math.round(ms / 1_000);
  if (totalSeconds < 3_600) return `${Math.floor(totalSeconds / 60)}m${String(totalSeconds % 60).padStart(2, '0')}s`;
  const totalMinutes = Math.round(totalSeconds / 60);
  return `${Math.floor(totalMinutes / 60)}h${String(totalMinutes % 60).padStart(2, '0')}m`;
}

/** A configured limit as written: `60s`, `300ms`. */
export function formatLimit(ms: number): string {
  return ms % 1_000 === 0 ? `${ms / 1_000}s` : `${ms}ms`;
}

/** An ISO time without its milliseconds: `2026-01-31T09:15:02Z`. */
export function formatTime(iso: string | undefined): string {
  return iso === undefined ? '' : iso.replace(/\.\d+Z$/, 'Z');
}

const STATUS_WORDS: Record<ItemStatus, string> = { done: 'done', needs_review: 'needs review', skipped: 'skipped', failed: 'failed', pending: 'pending' };

/** Failures last, right above the summary, where a person looks first. */
const DISPLAY_ORDER: Record<ItemStatus, number> = { done: 0, skipped: 1, needs_review: 2, pending: 3, failed: 4 };

/** Items grouped by status (done, skipped, needs review, pending, failed), in the agent's order within a group. */
export function orderForDisplay(items: readonly ItemOutcome[]): ItemOutcome[] {
  return items
    .map((item, index) => ({ item, index }))
    .sort((a, b) => DISPLAY_ORDER[a.item.status] - DISPLAY_ORDER[b.item.status] || a.index - b.index)
    .map(({ item }) => item);
}

/** What became of an item in a few words: its note, why it was skipped, why it failed. */
export function itemResult(item: ItemOutcome): string {
  const detail = item.detail?.replace(/\s+/g, ' ');
  switch (item.status) {
    case 'failed':
      return (item.error ?? 'failed').replace(/\s+/g, ' ');
    case 'skipped':
      return detail ?? item.notePath ?? '';
    case 'pending':
      return '';
    case 'needs_review':
      // Why it needs a person's eye is the point of the row.
      return item.notePath === undefined ? (detail ?? '') : `${item.notePath}${detail === undefined ? '' : ` (${detail})`}`;
    case 'done':
      // The note's path says where it was filed; the detail mostly repeats it.
      return item.notePath ?? detail ?? '';
  }
}

/** STATUS, ITEM, NOTE OR ERROR; the last column is cut to `maxWidth` (a terminal's width). */
export function itemTable(items: readonly ItemOutcome[], maxWidth?: number): string {
  const rows = orderForDisplay(items).map((item) => [STATUS_WORDS[item.status], item.label.replace(/\s+/g, ' '), itemResult(item)]);
  return table(['STATUS', 'ITEM', 'NOTE OR ERROR'], rows, maxWidth);
}

function itemsText(counts: RunCounts): string {
  const pending = counts.pending > 0 ? `, ${counts.pending} pending` : '';
  return `${countsText(counts)}${pending} of ${counts.total} ${counts.total === 1 ? 'item' : 'items'}`;
}

/** `run <id> completed_with_errors in 3.4s: 6 done, 2 failed of 8 items (2.4 items/s)`; a failed run says why. */
export function summaryLine(run: RunView): string {
  const took = run.durationMs === undefined ? '' : ` in ${formatDuration(run.durationMs)}`;
  const head = `run ${run.id} ${run.state}${took}`;
  if (run.error !== undefined) return `${head}: ${run.error}`;
  if (run.counts.total === 0) return `${head}: no items`;
  const finished = run.counts.total - run.counts.pending;
  // After a retry the duration spans the rounds and the pause between them: no rate then.
  const rate = run.durationMs !== undefined && run.durationMs > 0 && run.retries === 0 ? ` (${formatRate(finished / (run.durationMs / 1_000))})` : '';
  return `${head}: ${itemsText(run.counts)}${rate}`;
}

/** `emm runs`: one row per run, newest first. */
export function runTable(runs: readonly RunView[], maxWidth?: number): string {
  const rows = runs.map((run) => [
    run.id,
    run.workflow,
    run.state,
    String(run.counts.total),
    String(run.counts.done),
    String(run.counts.needsReview),
    String(run.counts.skipped),
    String(run.counts.failed),
    formatTime(run.createdAt),
    run.durationMs === undefined ? '' : formatDuration(run.durationMs),
  ]);
  return table(['ID', 'WORKFLOW', 'STATE', 'ITEMS', 'DONE', 'REVIEW', 'SKIPPED', 'FAILED', 'CREATED', 'TOOK'], rows, maxWidth);
}

/** `emm status`: the run's facts, one per line. */
export function runDetails(run: RunView, agent: { name: string; url: string }): string {
  const lines: Array<[string, string]> = [
    ['run', run.id],
    ['workflow', `${run.workflow} on ${agent.name} (${agent.url})`],
    ['state', run.state],
    ['items', run.counts.total === 0 ? 'none yet' : itemsText(run.counts)],
    ['created', `${formatTime(run.createdAt)} (${run.trigger === 'schedule' ? 'by the schedule' : 'through the API'})`],
  ];
  if (run.startedAt !== undefined) lines.push(['started', formatTime(run.startedAt)]);
  if (run.finishedAt !== undefined) lines.push(['finished', `${formatTime(run.finishedAt)}${run.durationMs === undefined ? '' : ` (took ${formatDuration(run.durationMs)})`}`]);
  if (run.retries > 0) lines.push(['retries', String(run.retries)]);
  if (run.idempotencyKey !== undefined) lines.push(['key', run.idempotencyKey]);
  if (run.error !== undefined) lines.push(['error', run.error]);
  return lines.map(([name, value]) => `${name.padEnd(9)}${value}`).join('\n');
}
