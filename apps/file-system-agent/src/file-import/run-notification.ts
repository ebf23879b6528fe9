import type { RunSummary } from '@emm/agent-runtime';
import type { FileItemPayload } from './file-item';

// The one notification a file-import run ends with: what was filed, what
// waits for a person, what failed and why, and where things went.

export interface RunNotification {
  title: string;
  message: string;
  severity: 'info' | 'warning' | 'error';
}

const MAX_LISTED_FAILURES = 20;
const MAX_TOP_FOLDERS = 5;
const MAX_MESSAGE_CHARS = 12_000;
const MAX_LABEL_CHARS = 200;
const MAX_REASON_CHARS = 300;

/**
 * The summary of a run, or undefined when there is nothing worth telling: no
 * file was filed, sent to review or failed (an empty UNSORTED on a schedule
 * must not notify every five minutes).
 */
export function runNotification(summary: RunSummary<FileItemPayload>, reviewInboxTotal: number | undefined): RunNotification | undefined {
  const { done, needsReview, skipped, failed, total } = summary.counts;
  if (done + needsReview + failed === 0) return undefined;

  const headline = [`${done} filed`, needsReview > 0 && `${needsReview} to review`, failed > 0 && `${failed} failed`].filter(Boolean).join(', ');
  const lines = [
    `**${plural(total, 'file')}** from UNSORTED: ${done} filed, ${needsReview} sent to the review inbox, ${skipped} skipped, ${failed} failed.`,
  ];
  if (reviewInboxTotal !== undefined && reviewInboxTotal > 0) lines.push(`The review inbox holds ${plural(reviewInboxTotal, 'note')} waiting for a decision.`);

  const folders = topFolders(summary);
  if (folders.length > 0) lines.push('', '**Where they went**', ...folders.map(([folder, count]) => `- ${folder}: ${count}`));

  const failures = summary.items.filter((item) => item.status === 'failed');
  if (failures.length > 0) {
    lines.push('', '**Failed**');
    // Room is kept for the closing "… and N more" line, so the reader always learns how many are missing.
    let room = MAX_MESSAGE_CHARS - lines.join('\n').length - 100;
    let listed = 0;
    for (const item of failures.slice(0, MAX_LISTED_FAILURES)) {
      const line = `- \`${shorten(item.label, MAX_LABEL_CHARS)}\`: ${shorten(item.error ?? 'no reason given', MAX_REASON_CHARS)}`;
      if (line.length + 1 > room) break;
      lines.push(line);
      room -= line.length + 1;
      listed += 1;
    }
    if (failures.length > listed) lines.push(`- … and ${failures.length - listed} more (see the run ${summary.id})`);
  }

  return {
    title: `File import: ${headline}`,
    message: lines.join('\n'),
    severity: failed === 0 ? 'info' : done + needsReview === 0 ? 'error' : 'warning',
  };
}

/** The folders that received most notes this run, most first (ties by name). */
function topFolders(summary: RunSummary<FileItemPayload>): Array<[string, number]> {
  const counts = new Map<string, number>();
  for (const item of summary.items) {
    const folder = item.data?.folder;
    if ((item.status === 'done' || item.status === 'needs_review') && typeof folder === 'string') counts.set(folder, (counts.get(folder) ?? 0) + 1);
  }
  return [...counts].sort(([a, x], [b, y]) => y - x || a.localeCompare(b)).slice(0, MAX_TOP_FOLDERS);
}

function shorten(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
