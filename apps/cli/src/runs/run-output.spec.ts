import type { ItemOutcome, RunView } from '@emm/agent-runtime';
import { formatDuration, itemTable, runDetails, runTable, summaryLine } from './run-output';

const counts = { total: 5, pending: 0, done: 2, failed: 1, skipped: 1, needsReview: 1 };

function run(overrides: Partial<RunView> = {}): RunView {
  return {
    id: '3f2a1b2c-0000-4000-8000-000000000001',
    workflow: 'file-import',
    state: 'completed_with_errors',
    trigger: 'api',
    input: {},
    counts,
    createdAt: '2026-01-31T09:15:02.345Z',
    startedAt: '2026-01-31T09:15:02.400Z',
    finishedAt: '2026-01-31T09:15:04.900Z',
    durationMs: 2_500,
    retries: 0,
    ...overrides,
  };
}

const items: ItemOutcome[] = [
  { key: 'a', label: 'scan 001.pdf', status: 'failed', error: 'unsupported file type .xyz', attempts: 1 },
  { key: 'b', label: 'statement.pdf', status: 'done', notePath: '10-19 Finance/11 Banking/11.01 Statements/statement.md', attempts: 1 },
  { key: 'c', label: 'old.txt', status: 'skipped', detail: 'already imported', attempts: 1 },
  { key: 'd', label: 'misc.md', status: 'needs_review', notePath: '00-09 System/00 Inbox/misc.md', detail: 'confidence 0.31', attempts: 1 },
  { key: 'e', label: 'recipe.md', status: 'done', notePath: '20-29 Home/21 Kitchen/recipe.md', detail: 'filed in 20-29 Home/21 Kitchen', attempts: 2 },
];

describe('itemTable', () => {
  it('lists status, item and note or error, failures last and the agent order within a status', () => {
    expect(itemTable(items).split('\n')).toEqual([
      'STATUS        ITEM           NOTE OR ERROR',
      'done          statement.pdf  10-19 Finance/11 Banking/11.01 Statements/statement.md',
      'done          recipe.md      20-29 Home/21 Kitchen/recipe.md',
      'skipped       old.txt        already imported',
      'needs review  misc.md        00-09 System/00 Inbox/misc.md (confidence 0.31)',
      'failed        scan 001.pdf   unsupported file type .xyz',
    ]);
  });

  it('cuts the last column to the terminal width, never the others', () => {
    const lines = itemTable(items, 50).split('\n');
    expect(lines[1]).toBe('done          statement.pdf  10-19 Finance/11 Ban…');
    expect(lines.every((line) => line.length <= 50)).toBe(true);
  });

  it('keeps a multi-line error on its row', () => {
    expect(itemTable([{ key: 'x', label: 'x', status: 'failed', error: 'first\nsecond', attempts: 1 }])).toContain('failed  x     first second');
  });
});

describe('summaryLine', () => {
  it('says how the run ended, how long it took, the counts and the pace', () => {
    expect(summaryLine(run())).toBe('run 3f2a1b2c-0000-4000-8000-000000000001 completed_with_errors in 2.5s: 2 done, 1 needs review, 1 skipped, 1 failed of 5 items (2.0 items/s)');
    expect(summaryLine(run({ state: 'completed', counts: { ...counts, done: 1, failed: 0, skipped: 0, needsReview: 0, total: 1 }, durationMs: 420 }))).toBe(
      'run 3f2a1b2c-0000-4000-8000-000000000001 completed in 420ms: 1 done of 1 item (2.4 items/s)',
    );
  });

  it('gives a failed run its reason, an empty run "no items", a retried run no pace', () => {
    expect(summaryLine(run({ state: 'failed', error: 'planning failed: the export is empty', counts: { ...counts, total: 0, done: 0, failed: 0, skipped: 0, needsReview: 0 } }))).toBe(
      'run 3f2a1b2c-0000-4000-8000-000000000001 failed in 2.5s: planning failed: the export is empty',
    );
    expect(summaryLine(run({ state: 'completed', counts: { total: 0, pending: 0, done: 0, failed: 0, skipped: 0, needsReview: 0 } }))).toMatch(/completed in 2\.5s: no items$/);
    expect(summaryLine(run({ retries: 1 }))).toMatch(/of 5 items$/);
  });

  it('counts what is still pending in a cancelled run', () => {
    expect(summaryLine(run({ state: 'cancelled', counts: { total: 60, pending: 0, done: 12, failed: 0, skipped: 48, needsReview: 0 }, durationMs: 61_000 }))).toBe(
      'run 3f2a1b2c-0000-4000-8000-000000000001 cancelled in 1m01s: 12 done, 48 skipped of 60 items (1.0 items/s)',
    );
  });
});

describe('runTable and runDetails', () => {
  it('lists runs with their counts, creation time and duration', () => {
    const lines = runTable([run(), run({ id: '9d8c7b6a-0000-4000-8000-000000000002', workflow: 'bookmark-import', state: 'running', durationMs: undefined, finishedAt: undefined })]).split('\n');
    expect(lines[0]).toMatch(/^ID\s+WORKFLOW\s+STATE\s+ITEMS\s+DONE\s+REVIEW\s+SKIPPED\s+FAILED\s+CREATED\s+TOOK$/);
    expect(lines[1]).toMatch(/^3f2a1b2c-0000-4000-8000-000000000001\s+file-import\s+completed_with_errors\s+5\s+2\s+1\s+1\s+1\s+2026-01-31T09:15:02Z\s+2\.5s$/);
    expect(lines[2]).toMatch(/^9d8c7b6a-0000-4000-8000-000000000002\s+bookmark-import\s+running\s+5\s+2\s+1\s+1\s+1\s+2026-01-31T09:15:02Z$/);
  });

  it('shows a run’s facts one per line', () => {
    expect(runDetails(run({ retries: 1, error: undefined }), { name: 'file-system-agent', url: 'http://127.0.0.1:8081' }).split('\n')).toEqual([
      'run      3f2a1b2c-0000-4000-8000-000000000001',
      'workflow file-import on file-system-agent (http://127.0.0.1:8081)',
      'state    completed_with_errors',
      'items    2 done, 1 needs review, 1 skipped, 1 failed of 5 items',
      'created  2026-01-31T09:15:02Z (through the API)',
      'started  2026-01-31T09:15:02Z',
      'finished 2026-01-31T09:15:04Z (took 2.5s)',
      'retries  1',
    ]);
  });
});

describe('formatDuration', () => {
  it('is short and exact enough at every scale', () => {
    expect([420, 3_240, 59_000, 245_000, 3_725_000].map(formatDuration)).toEqual(['420ms', '3.2s', '59.0s', '4m05s', '1h02m']);
  });
});
