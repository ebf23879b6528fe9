import type { Redis } from 'ioredis';
import type { ItemOutcome, RunCounts, RunState } from '../workflow';

/** What a run's SSE stream carries besides the first snapshot. */
export type RunEvent =
  | { type: 'item'; runId: string; item: ItemOutcome; counts: RunCounts }
  | { type: 'state'; runId: string; state: RunState; counts: RunCounts; error?: string };

type Listener = (event: RunEvent) => void;

/**
 * Run progress over Redis pub/sub, so an API replica streams what any
 * worker replica does. One channel per agent; each API process subscribes
 * once and hands events to the listeners of their run. Best effort: a
 * client that missed events (a reconnect) gets a fresh snapshot from GET.
 */
export class RunEvents {
  private readonly listeners = new Map<string, Set<Listener>>();
  private subscribed: Promise<unknown> | undefined;

  constructor(
    private readonly channel: string,
    private readonly publisher: Redis,
    private readonly subscriber: () => Redis,
  ) {}

  async publish(event: RunEvent): Promise<void> {
    await this.publisher.publish(this.channel, JSON.stringify(event));
  }

  /** Listens to one run's events until the returned function is called. */
  async listen(runId: string, listener: Listener): Promise<() => void> {
    this.subscribed ??= this.subscribe();
    await this.subscribed;
    let set = this.listeners.get(runId);
    if (set === undefined) this.listeners.set(runId, (set = new Set()));
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0) this.listeners.delete(runId);
    };
  }

  private async subscribe(): Promise<unknown> {
    const connection = this.subscriber();
    connection.on('message', (_channel: string, message: string) => {
      let event: RunEvent;
      try {
        event = JSON.parse(message) as RunEvent;
      } catch {
        return;
      }
      for (const listener of this.listeners.get(event.runId) ?? []) listener(event);
    });
    return connection.subscribe(this.channel);
  }
}
