/**
 * Lets the first of a run of identical messages through and holds back
 * repeats for `quietMs`. BullMQ reports every failed reconnect of its own
 * connections; during an outage one line per source and minute is enough.
 */
export class RepeatFilter {
  private readonly lastShown = new Map<string, { message: string; at: number }>();

  constructor(
    private readonly quietMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  shouldShow(source: string, message: string): boolean {
    const last = this.lastShown.get(source);
    const now = this.now();
    if (last !== undefined && last.message === message && now - last.at < this.quietMs) return false;
    this.lastShown.set(source, { message, at: now });
    return true;
  }
}
