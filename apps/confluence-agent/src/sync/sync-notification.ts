import type { RunSummary } from '@emm/agent-runtime';
import type { CursorDecision } from './cursor-advance';

/** What became of one space's cursor in finish. */
export interface SpaceReport {
  space: string;
  /** Pages the run listed for the space. */
  pages: number;
  /** undefined: the run has no listing for the space (it was not found, or planning never reached it). */
  decision: CursorDecision | undefined;
  /** false: another sync replaced the cursor since this run started, so it was left alone. */
  stored: boolean;
}

export interface SyncNotification {
  title: string;
  message: string;
  severity: 'info' | 'warning' | 'error';
}

const MAX_FAILURES_LISTED = 20;
const MAX_REASON = 300;
const MAX_TITLE = 150;

/** The one summary a confluence-sync run sends: counts, each space's cursor, and the pages that failed with why. */
export function syncNotification(summary: Pick<RunSummary, 'id' | 'state' | 'counts' | 'error' | 'items'>, spaces: readonly SpaceReport[]): SyncNotification {
  const { counts } = summary;
  const spaceList = spaces.map((space) => space.space).join(', ');
  const outcome = counts.failed > 0 ? `${counts.failed} of ${counts.total} failed` : `${counts.done} written, ${counts.skipped} unchanged`;
  const review = counts.needsReview > 0 ? `, ${counts.needsReview} to review` : '';
  const title = shorten(`Confluence sync${spaceList ? ` of ${spaceList}` : ''}: ${outcome}${review}`, MAX_TITLE);

  const lines = [
    `Run \`${summary.id}\`: **${counts.done}** notes written, **${counts.skipped}** unchanged, **${counts.needsReview}** in the review inbox, **${counts.failed}** failed.`,
  ];
  if (summary.error !== undefined) lines.push('', `The run failed: ${shorten(summary.error, MAX_REASON)}`);
  if (spaces.length > 0) lines.push('', ...spaces.map(spaceLine));

  const failures = summary.items.filter((item) => item.status === 'failed');
  if (failures.length > 0) {
    lines.push('', '**Failed**');
    for (const item of failures.slice(0, MAX_FAILURES_LISTED)) lines.push(`- ${item.label} (\`${item.key}\`): ${shorten(item.error ?? 'no reason given', MAX_REASON)}`);
    if (failures.length > MAX_FAILURES_LISTED) lines.push(`- … and ${failures.length - MAX_FAILURES_LISTED} more (GET /runs/${summary.id})`);
  }

  const severity = summary.state === 'failed' ? 'error' : counts.failed > 0 ? 'warning' : 'info';
  return { title, message: lines.join('\n'), severity };
}

function spaceLine(report: SpaceReport): string {
  const pages = `${report.pages} ${report.pages === 1 ? 'page' : 'pages'} listed`;
  if (report.decision === undefined) return `- **${report.space}**: not synced; its cursor was left as it was`;
  if (!report.stored) return `- **${report.space}**: ${pages}; a newer sync has moved its cursor since, so it was left there`;
  if (report.decision.kind === 'advance') return `- **${report.space}**: ${pages}; the next sync lists what changes from now on`;
  const { unsynced, position } = report.decision;
  return `- **${report.space}**: ${pages}; ${unsynced} not in the vault yet, so the next sync lists again from ${position.since}`;
}

function shorten(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
