import type { ItemOutcome, RunSummary } from '@emm/agent-runtime';
import { aBookmark } from '../../test/sample-data';
import { runReport } from './run-report';
import type { Bookmark } from './work-items';

type Item = ItemOutcome & { payload: Bookmark | null };

function item(status: Item['status'], label: string, extra: Partial<Item> = {}): Item {
  return { key: label, label, status, attempts: 1, payload: aBookmark({ url: `https://example.org/${label.replace(/\W+/g, '-')}`, title: label }), ...extra };
}

function summary(items: Item[], overrides: Partial<RunSummary<Bookmark | null>> = {}): RunSummary<Bookmark | null> {
  const count = (status: Item['status']) => items.filter((entry) => entry.status === status).length;
  return {
    id: 'run-1',
    workflow: 'bookmark-import',
    state: 'completed',
    trigger: 'api',
    input: {},
    counts: { total: items.length, pending: count('pending'), done: count('done'), failed: count('failed'), skipped: count('skipped'), needsReview: count('needs_review') },
    createdAt: '2026-01-10T09:00:00.000Z',
    retries: 0,
    items,
    ...overrides,
  };
}

describe('run report', () => {
  it('counts what happened and lists what needs a person', () => {
    const report = runReport(
      summary([
        item('done', 'Rust ownership'),
        item('skipped', 'Old one'),
        item('needs_review', 'Odd page', { notePath: '00-09 System/00 Index and inbox/00.01 Review inbox/Odd page.md' }),
        item('failed', 'Gone page', { error: 'dead link: HTTP 404' }),
        { key: 'invalid: line 9', label: 'javascript:void(0)', status: 'failed', attempts: 0, error: 'invalid bookmark at line 9: unsupported scheme', payload: null },
      ]),
    );
    expect(report).toEqual({
      title: 'Bookmark import: 2 filed, 1 already imported, 2 failed',
      message: [
        'Run `run-1` looked at 5 bookmarks: 1 filed, 1 in the review inbox, 1 already imported, 2 failed.',
        '',
        '**Waiting for review** (1):',
        '- [Odd page](<https://example.org/Odd-page>) → `00-09 System/00 Index and inbox/00.01 Review inbox/Odd page.md`',
        '',
        '**Failed** (2):',
        '- [Gone page](<https://example.org/Gone-page>): dead link: HTTP 404',
        '- javascript:void(0): invalid bookmark at line 9: unsupported scheme',
      ].join('\n'),
      severity: 'warning',
      dedupeKey: 'bookmark-import:run-1:0',
    });
  });

  it('is info when nothing failed, error when everything did, and keys each retry round apart', () => {
    expect(runReport(summary([item('done', 'A'), item('skipped', 'B')])).severity).toBe('info');
    expect(runReport(summary([item('failed', 'A', { error: 'x' })])).severity).toBe('error');
    expect(runReport(summary([item('done', 'A')], { retries: 2 })).dedupeKey).toBe('bookmark-import:run-1:2');
  });

  it('says a run was cancelled', () => {
    expect(runReport(summary([item('done', 'A'), item('skipped', 'B', { detail: 'run cancelled' })], { state: 'cancelled' })).title).toBe('Bookmark import cancelled: 1 filed');
  });

  it('lists at most 15 failures and counts the rest, within notify\'s limits', () => {
    const items = Array.from({ length: 40 }, (_, i) => item('failed', `Page ${i}`, { error: `dead link: HTTP 404 ${'x'.repeat(500)}` }));
    const { message } = runReport(summary(items));
    expect(message.split('\n').filter((line) => line.startsWith('- [Page'))).toHaveLength(15);
    expect(message).toContain('- … and 25 more');
    expect(message.length).toBeLessThanOrEqual(12_000);
  });

  it('escapes Markdown in titles', () => {
    const { message } = runReport(summary([item('failed', 'A [draft] *bold*', { error: 'x' })]));
    expect(message).toContain('- [A \\[draft\\] \\*bold\\*](<https://example.org/A-draft-bold->): x');
  });
});
