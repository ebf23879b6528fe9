import type { ItemOutcome, RunCounts, RunView } from '@emm/agent-runtime';
import type { FollowObserver } from './follow-run';

/** Items finished per second over a sliding window, so the figure follows the run's current pace. */
export class RateMeter {
  private readonly samples: Array<{ at: number; finished: number }> = [];

  constructor(private readonly windowMs = 10_000) {}

  record(finished: number, at: number): void {
    const last = this.samples.at(-1);
    if (last !== undefined && last.finished === finished) return;
    this.samples.push({ at, finished });
    // Keep one sample older than the window as the baseline.
    while (this.samples.length > 2 && at - this.samples[1].at >= this.windowMs) this.samples.shift();
  }

  /** Undefined until there is at least a second of data to go on. */
  rate(now: number): number | undefined {
    const first = this.samples[0];
    const last = this.samples.at(-1);
    if (first === undefined || last === undefined || now - first.at < 1_000) return undefined;
    return (last.finished - first.finished) / ((now - first.at) / 1_000);
  }
}

export function finishedCount(counts: RunCounts): number {
  return counts.total - counts.pending;
}

export function formatRate(rate: number): string {
  return `${rate >= 100 ? Math.round(rate) : rate.toFixed(1)} items/s`;
}

/** `40 done, 5 needs review, 2 skipped, 5 failed`: only the outcomes that occurred, `0 done` when none did. */
export function countsText(counts: RunCounts): string {
  const parts = [
    [counts.done, 'done'],
    [counts.needsReview, 'needs review'],
    [counts.skipped, 'skipped'],
    [counts.failed, 'failed'],
  ]
    .filter(([count], index) => index === 0 || (count as number) > 0)
    .map(([count, word]) => `${count} ${word}`);
  return parts.join(', ');
}

/** `[████████░░░░]` filled to `fraction` (0..1). */
export function bar(fraction: number, width: number): string {
  const filled = Math.round(Math.min(1, Math.max(0, fraction)) * width);
  return `[${'█'.repeat(filled)}${'░'.repeat(width - filled)}]`;
}

const BAR_WIDTH = 24;

/** One line of progress; `withBar` for a terminal. Before planning is done there is nothing to count yet. */
export function progressLine(run: RunView, rate: number | undefined, withBar: boolean): string {
  const { counts } = run;
  if (counts.total === 0 && (run.state === 'queued' || run.state === 'planning')) return `${run.state}…`;
  const finished = finishedCount(counts);
  const parts: string[] = [run.state];
  if (withBar) parts.push(bar(counts.total === 0 ? 1 : finished / counts.total, BAR_WIDTH));
  parts.push(`${finished}/${counts.total}`, `(${countsText(counts)})`);
  if (rate !== undefined) parts.push(formatRate(rate));
  return parts.join(' ');
}

export interface ProgressStream {
  write(text: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

export interface ProgressOptions {
  /** Prefix of every line: the workflow and the run id. */
  label: string;
  /** A live bar redrawn in place (a terminal), or plain lines (a log). */
  live: boolean;
  now?: () => number;
  /** Plain mode: at most one progress line this often, besides state changes (default 5 s). */
  plainIntervalMs?: number;
}

/** Shortest pause between two redraws of the live bar. */
const REDRAW_MS = 100;

/**
 * Shows a followed run's progress on stderr: a bar redrawn in place when
 * stderr is a terminal, otherwise a line per state change and at most one
 * progress line every few seconds (readable in CI logs).
 */
export class ProgressReporter implements FollowObserver {
  private readonly rate = new RateMeter();
  private readonly now: () => number;
  private latest: RunView | undefined;
  private lastState: string | undefined;
  private lastDrawAt = 0;
  private lastPlainFinished = -1;
  private drawn = false;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly stream: ProgressStream,
    private readonly options: ProgressOptions,
  ) {
    this.now = options.now ?? Date.now;
  }

  progress(run: RunView, _item?: ItemOutcome): void {
    const now = this.now();
    this.latest = run;
    this.rate.record(finishedCount(run.counts), now);
    const stateChanged = run.state !== this.lastState;
    this.lastState = run.state;
    if (this.options.live) {
      if (stateChanged || now - this.lastDrawAt >= REDRAW_MS) this.draw();
      else this.timer ??= setTimeout(() => this.draw(), REDRAW_MS).unref();
      return;
    }
    const finished = finishedCount(run.counts);
    const due = now - this.lastDrawAt >= (this.options.plainIntervalMs ?? 5_000) && finished !== this.lastPlainFinished;
    if (stateChanged || due) {
      this.lastDrawAt = now;
      this.lastPlainFinished = finished;
      this.stream.write(`${this.options.label}: ${progressLine(run, this.rate.rate(now), false)}\n`);
    }
  }

  notice(text: string): void {
    this.clear();
    this.stream.write(`emm: ${text}\n`);
    if (this.options.live && this.latest !== undefined) this.draw();
  }

  /** Leaves the last bar on its own line (live) so what follows starts on a fresh one. */
  finish(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    if (!this.options.live) return;
    if (this.latest !== undefined) this.draw();
    if (this.drawn) this.stream.write('\n');
    this.drawn = false;
  }

  private draw(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.latest === undefined) return;
    const now = this.now();
    this.lastDrawAt = now;
    const line = `${this.options.label} ${progressLine(this.latest, this.rate.rate(now), true)}`;
    // One character short of the width: a full line would wrap on some terminals and break the redraw.
    const width = (this.stream.columns !== undefined && this.stream.columns > 0 ? this.stream.columns : 80) - 1;
    this.stream.write(`\r\x1b[2K${line.length > width ? `${line.slice(0, width - 1)}…` : line}`);
    this.drawn = true;
  }

  private clear(): void {
    if (this.options.live && this.drawn) this.stream.write('\r\x1b[2K');
    this.drawn = false;
  }
}
