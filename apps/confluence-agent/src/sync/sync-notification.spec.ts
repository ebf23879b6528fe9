import type { ItemOutcome, RunSummary } from '@emm/agent-runtime';
import { syncNotification } from './sync-notification';

type Summary = Pick<RunSummary, 'id' | 'state' | 'counts' | 'error' | 'items'>;

const item = (key: string, status: ItemOutcome['status'], extra: Partial<ItemOutcome> = {}): RunSummary['items'][number] => ({ key, label: `Page ${key}`, status, attempts: 1, payload: undefined, ...extra });

const counts = (partial: Partial<Summary['counts']>): Summary['counts'] => ({ total: 0, pending: 0, done: 0, failed: 0, skipped: 0, needsReview: 0, ...partial });

describe('syncNotification', () => {
  it('reports a clean run as info with its counts and where each space’s next sync starts', () => {
    const notification = syncNotification(
      { id: 'run-1', state: 'completed', counts: counts({ total: 3, done: 2, skipped: 1 }), items: [item('DOC:1:1', 'done'), item('DOC:2:1', 'done'), item('ENG:3:2', 'skipped')] },
      [
        { space: 'DOC', pages: 2, decision: { kind: 'advance', position: { cursor: 'c' } }, stored: true },
        { space: 'ENG', pages: 1, decision: { kind: 'advance', position: { cursor: 'c' } }, stored: false },
      ],
    );
    expect(notification.severity).toBe('info');
    expect(notification.title).toBe('Confluence sync of DOC, ENG: 2 written, 1 unchanged');
    expect(notification.message).toContain('**2** notes written, **1** unchanged, **0** in the review inbox, **0** failed');
    expect(notification.message).toContain('- **DOC**: 2 pages listed; the next sync lists what changes from now on');
    expect(notification.message).toContain('- **ENG**: 1 page listed; a newer sync has moved its cursor since, so it was left there');
  });

  it('reports failures as a warning, each page with its reason, and where the cursor was held', () => {
    const notification = syncNotification(
      {
        id: 'run-2',
        state: 'completed_with_errors',
        counts: counts({ total: 3, done: 1, failed: 1, needsReview: 1 }),
        items: [item('DOC:1:1', 'done'), item('DOC:2:1', 'failed', { error: 'confluence/get_page: page 2 not found' }), item('DOC:3:1', 'needs_review')],
      },
      [{ space: 'DOC', pages: 3, decision: { kind: 'hold', position: { since: '2025-03-02T10:00:00.000Z' }, unsynced: 1 }, stored: true }],
    );
    expect(notification.severity).toBe('warning');
    expect(notification.title).toBe('Confluence sync of DOC: 1 of 3 failed, 1 to review');
    expect(notification.message).toContain('1 not in the vault yet, so the next sync lists again from 2025-03-02T10:00:00.000Z');
    expect(notification.message).toContain('- Page DOC:2:1 (`DOC:2:1`): confluence/get_page: page 2 not found');
  });

  it('lists at most 20 failures and stays within notify’s limits', () => {
    const items = Array.from({ length: 50 }, (_, i) => item(`DOC:${i}:1`, 'failed', { error: 'e'.repeat(5_000) }));
    const spaces = Array.from({ length: 40 }, (_, i) => ({ space: `SPACE${i}`, pages: 0, decision: undefined, stored: false }));
    const notification = syncNotification({ id: 'run-3', state: 'completed_with_errors', counts: counts({ total: 50, failed: 50 }), items }, spaces);
    expect(notification.title.length).toBeLessThanOrEqual(150);
    expect(notification.message.length).toBeLessThanOrEqual(12_000);
    expect(notification.message).toContain('… and 30 more (GET /runs/run-3)');
  });

  it('reports a run whose planning failed as an error with the reason', () => {
    const notification = syncNotification({ id: 'run-4', state: 'failed', error: 'planning failed: space DOC: …', counts: counts({}), items: [] }, []);
    expect(notification.severity).toBe('error');
    expect(notification.message).toContain('The run failed: planning failed: space DOC');
  });
});
