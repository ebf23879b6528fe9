import type { RunView } from '@emm/agent-runtime';
import { bar, ProgressReporter, progressLine, RateMeter } from './progress';

function view(state: RunView['state'], done: number, total: number, failed = 0): RunView {
  return {
    id: '3f2a1b2c-0000-4000-8000-000000000001',
    workflow: 'file-import',
    state,
    trigger: 'api',
    input: {},
    counts: { total, pending: total - done - failed, done, failed, skipped: 0, needsReview: 0 },
    createdAt: '2026-01-31T09:15:02.345Z',
    retries: 0,
  };
}

class Screen {
  text = '';
  constructor(readonly columns?: number) {}
  write(text: string): boolean {
    this.text += text;
    return true;
  }
  /** What a terminal shows: each \r\x1b[2K redraw replaces the line. */
  visible(): string[] {
    return this.text.split('\n').map((line) => line.split('\r\x1b[2K').at(-1) ?? '');
  }
}

describe('progressLine', () => {
  it('shows state, bar, finished of total, the outcome counts and the pace', () => {
    expect(progressLine(view('running', 40, 100, 5), 12.34, true)).toBe(`running [${'█'.repeat(11)}${'░'.repeat(13)}] 45/100 (40 done, 5 failed) 12.3 items/s`);
    expect(progressLine(view('running', 40, 100), undefined, false)).toBe('running 40/100 (40 done)');
    expect(progressLine(view('planning', 0, 0), undefined, true)).toBe('planning…');
  });

  it('draws the bar from empty to full', () => {
    expect(bar(0, 4)).toBe('[░░░░]');
    expect(bar(0.5, 4)).toBe('[██░░]');
    expect(bar(1.2, 4)).toBe('[████]');
  });
});

describe('RateMeter', () => {
  it('waits for a second of data, then gives items per second over the recent window', () => {
    const meter = new RateMeter(10_000);
    meter.record(0, 0);
    meter.record(5, 500);
    expect(meter.rate(500)).toBeUndefined();
    meter.record(20, 2_000);
    expect(meter.rate(2_000)).toBe(10);
    // A slow start drops out of the window: the figure follows the current pace.
    meter.record(220, 12_000);
    meter.record(320, 13_000);
    expect(meter.rate(13_000)).toBeCloseTo((320 - 20) / 11, 5);
  });
});

describe('ProgressReporter', () => {
  it('on a terminal redraws one line in place and leaves the last one standing', () => {
    let now = 0;
    const screen = new Screen(200);
    const reporter = new ProgressReporter(screen, { label: 'file-import 3f2a1b2c', live: true, now: () => now });
    reporter.progress(view('running', 0, 10));
    now = 500;
    reporter.progress(view('running', 5, 10));
    now = 1_500;
    reporter.notice('the event stream dropped; asking every 1s instead');
    reporter.progress(view('completed', 10, 10));
    reporter.finish();
    expect(screen.visible()).toEqual([
      'emm: the event stream dropped; asking every 1s instead',
      expect.stringMatching(/^file-import 3f2a1b2c completed \[█+\] 10\/10 \(10 done\) 6\.7 items\/s$/),
      '',
    ]);
  });

  it('never draws a line wider than the terminal', () => {
    const screen = new Screen(40);
    const reporter = new ProgressReporter(screen, { label: 'file-import 3f2a1b2c', live: true, now: () => 0 });
    reporter.progress(view('running', 3, 10));
    reporter.finish();
    expect(screen.visible()[0]).toHaveLength(39);
  });

  it('in a log writes state changes and at most one progress line per interval', () => {
    let now = 0;
    const log = new Screen();
    const reporter = new ProgressReporter(log, { label: 'file-import 3f2a1b2c', live: false, now: () => now, plainIntervalMs: 5_000 });
    reporter.progress(view('running', 0, 10));
    for (let done = 1; done <= 9; done++) {
      now += 1_000;
      reporter.progress(view('running', done, 10));
    }
    reporter.progress(view('completed', 10, 10));
    reporter.finish();
    expect(log.text.trimEnd().split('\n')).toEqual([
      'file-import 3f2a1b2c: running 0/10 (0 done)',
      'file-import 3f2a1b2c: running 5/10 (5 done) 1.0 items/s',
      'file-import 3f2a1b2c: completed 10/10 (10 done) 1.1 items/s',
    ]);
  });
});
