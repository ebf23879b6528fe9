import type { ItemOutcome, RunSummary } from '@emm/agent-runtime';
import type { FileItemPayload } from './file-item';
import { runNotification } from './run-notification';

const STATEMENTS = '10-19 Finance/11 Banking/11.01 Statements';
const ENERGY = '20-29 Home and life/22 Utilities/22.01 Energy';
const INBOX = '00-09 System/00 Index and inbox/00.01 Review inbox';

type Item = ItemOutcome & { payload: FileItemPayload };

function item(label: string, status: Item['status'], extra: Partial<Item> = {}): Item {
  return {
    key: `file:${label}`,
    label,
    status,
    attempts: 1,
    payload: { path: label, name: label, hash: `sha256:${'0'.repeat(64)}`, kind: 'text', size: 1, mediaType: 'text/plain' },
    ...extra,
  };
}

function summary(items: Item[]): RunSummary<FileItemPayload> {
  const count = (status: Item['status']) => items.filter((entry) => entry.status === status).length;
  return {
    id: 'run-42',
    workflow: 'file-import',
    state: count('failed') > 0 ? 'completed_with_errors' : 'completed',
    trigger: 'api',
    input: {},
    counts: { total: items.length, pending: 0, done: count('done'), failed: count('failed'), skipped: count('skipped'), needsReview: count('needs_review') },
    createdAt: '2026-03-31T10:00:00.000Z',
    retries: 0,
    items,
  };
}

describe('the run notification', () => {
  it('counts what happened, names the top folders and every failure with its reason', () => {
    const notification = runNotification(
      summary([
        item('a.pdf', 'done', { data: { folder: STATEMENTS } }),
        item('b.pdf', 'done', { data: { folder: STATEMENTS } }),
        item('bill.html', 'done', { data: { folder: ENERGY } }),
        item('odd.bin', 'needs_review', { data: { folder: INBOX } }),
        item('again.pdf', 'skipped', { data: { folder: STATEMENTS } }),
        item('empty.txt', 'failed', { error: 'is empty (0 bytes)' }),
      ]),
      7,
    );
    expect(notification).toEqual({
      title: 'File import: 3 filed, 1 to review, 1 failed',
      severity: 'warning',
      message: [
        '**6 files** from UNSORTED: 3 filed, 1 sent to the review inbox, 1 skipped, 1 failed.',
        'The review inbox holds 7 notes waiting for a decision.',
        '',
        '**Where they went**',
        `- ${STATEMENTS}: 2`,
        `- ${INBOX}: 1`,
        `- ${ENERGY}: 1`,
        '',
        '**Failed**',
        '- `empty.txt`: is empty (0 bytes)',
      ].join('\n'),
    });
  });

  it('is info when nothing failed and an error when nothing but failures happened', () => {
    expect(runNotification(summary([item('a.pdf', 'done', { data: { folder: STATEMENTS } })]), undefined)?.severity).toBe('info');
    expect(runNotification(summary([item('x', 'failed', { error: 'cannot be read' })]), undefined)).toMatchObject({ severity: 'error', title: 'File import: 0 filed, 1 failed' });
  });

  it('is not sent when nothing was filed and nothing failed (an empty UNSORTED on a schedule)', () => {
    expect(runNotification(summary([]), undefined)).toBeUndefined();
    expect(runNotification(summary([item('again.pdf', 'skipped')]), undefined)).toBeUndefined();
  });

  it('lists at most 20 failures and stays within what notify accepts', () => {
    const failures = Array.from({ length: 25 }, (_, index) => item(`${'long-name-'.repeat(40)}${index}.txt`, 'failed', { error: 'x'.repeat(600) }));
    const notification = runNotification(summary(failures), undefined);
    expect(notification?.message).toContain('- … and 5 more (see the run run-42)');
    expect(notification?.message.length).toBeLessThanOrEqual(12_000);
  });
});
