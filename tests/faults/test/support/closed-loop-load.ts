/** One kind of request the load sends, e.g. a tool call on one service. */
export interface LoadTarget {
  name: string;
  /** Resolves on success; rejects with what the caller would see. */
  call: (sequence: number) => Promise<unknown>;
}

export interface TargetTally {
  ok: number;
  failed: number;
  /** The first few failures, for the assertion message. */
  errors: string[];
}

const KEPT_ERRORS = 10;

/**
 * A closed loop of clients: each of `clientsPerTarget` loops per target
 * sends its next request as soon as the last one answered, so the load is
 * constant and follows the services' own speed. Every answer is tallied.
 */
export class ClosedLoopLoad {
  private running = true;
  private readonly loops: Array<Promise<void>> = [];
  readonly tallies = new Map<string, TargetTally>();

  constructor(targets: readonly LoadTarget[], clientsPerTarget: number) {
    let sequence = 0;
    for (const target of targets) {
      const tally: TargetTally = { ok: 0, failed: 0, errors: [] };
      this.tallies.set(target.name, tally);
      for (let client = 0; client < clientsPerTarget; client++) {
        this.loops.push(
          (async () => {
            while (this.running) {
              try {
                await target.call(sequence++);
                tally.ok += 1;
              } catch (error) {
                tally.failed += 1;
                if (tally.errors.length < KEPT_ERRORS) tally.errors.push(`${new Date().toISOString()} ${error instanceof Error ? error.message : String(error)}`);
              }
            }
          })(),
        );
      }
    }
  }

  ok(target: string): number {
    return this.tallies.get(target)?.ok ?? 0;
  }

  /** Failures of every target, `target: message` per line kept. */
  failures(): string[] {
    return [...this.tallies].flatMap(([name, tally]) => (tally.failed === 0 ? [] : [`${name}: ${tally.failed} failed`, ...tally.errors.map((error) => `  ${error}`)]));
  }

  /** Lets every loop finish its request in flight, then stops. */
  async stop(): Promise<void> {
    this.running = false;
    await Promise.all(this.loops);
  }
}
