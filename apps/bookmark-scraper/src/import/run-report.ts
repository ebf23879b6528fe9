import type { ItemOutcome, RunSummary } from '@emm/agent-runtime';
import type { notifications } from '@emm/contracts';
import type { z } from 'zod';
import type { Bookmark } from './work-items';

export type NotifyRequest = z.input<typeof notifications.notify.input>;

/** Items listed per section; the rest are counted. */
const MAX_LISTED = 15;
/** notify's limit on the message is 12,000 characters; stay well inside it. */
const MAX_MESSAGE_CHARS = 10_000;

/** Rejected entries (invalid in the export) have no payload. */
type Outcome = ItemOutcome & { payload: Bookmark | null | undefined };

/**
 * The one notification at the end of a run: counts in the title, then the
 * notes waiting in the review inbox and the bookmarks that failed with their
 * reasons — what a person has to act on. `dedupeKey` makes a repeated
 * finish (after a crash, or a retry round that changed nothing) send once.
 */
export function runReport(summary: RunSummary<Bookmark | null | undefined>): NotifyRequest {
  const { counts } = summary;
  const filed = counts.done + counts.needsReview;
  const title =
    summary.state === 'cancelled'
      ? `Bookmark import cancelled: ${filed} filed`
      : `Bookmark import: ${filed} filed, ${counts.skipped} already imported, ${counts.failed} failed`;
  const lines = [
    `Run \`${summary.id}\` looked at ${plural(counts.total, 'bookmark')}: ${counts.done} filed, ${counts.needsReview} in the review inbox, ${counts.skipped} already imported, ${counts.failed} failed${counts.pending > 0 ? `, ${counts.pending} not finished` : ''}.`,
  ];
  const review = summary.items.filter((item) => item.status === 'needs_review');
  if (review.length > 0) lines.push('', `**Waiting for review** (${review.length}):`, ...listed(review, (item) => `- ${linkTo(item)}${item.notePath ? ` → \`${item.notePath}\`` : ''}`));
  const failed = summary.items.filter((item) => item.status === 'failed');
  if (failed.length > 0) lines.push('', `**Failed** (${failed.length}):`, ...listed(failed, (item) => `- ${linkTo(item)}: ${item.error ?? 'failed'}`));
  return {
    title,
    message: fit(lines.join('\n')),
    severity: counts.failed === 0 ? 'info' : counts.failed === counts.total ? 'error' : 'warning',
    dedupeKey: `${summary.workflow}:${summary.id}:${summary.retries}`,
  };
}

function listed(items: Outcome[], line: (item: Outcome) => string): string[] {
  const shown = items.slice(0, MAX_LISTED).map(line);
  if (items.length > MAX_LISTED) shown.push(`- … and ${items.length - MAX_LISTED} more`);
  return shown;
}

/** The bookmark as a Markdown link when it has a URL (rejected entries may not), else its label. */
function linkTo(item: Outcome): string {
  const label = escapeMarkdown(item.label);
  const url = item.payload?.url;
  return url !== undefined && url !== item.label ? `[${label}](<${url}>)` : label;
}

function escapeMarkdown(text: string): string {
  return text.replace(/([\\`*_[\]<>|])/g, '\\$1');
}

function fit(message: string): string {
  return message.length <= MAX_MESSAGE_CHARS ? message : `${message.slice(0, MAX_MESSAGE_CHARS - 1)}…`;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
