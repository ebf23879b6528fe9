import type { ItemOutcome, RunDetail, RunState, RunView } from '@emm/agent-runtime';
import { setTimeout as sleep } from 'node:timers/promises';
import type { RunApiClient } from './run-api-client';
import { Interrupted, RunApiError } from './run-api-error';
import type { RunStreamEvent } from './run-events';
import { formatLimit } from './run-output';

/** The states a run ends in (the agent runtime's FINAL_RUN_STATES; a type-only dependency keeps the CLI light). */
const FINAL_STATES: readonly RunState[] = ['completed', 'completed_with_errors', 'failed', 'cancelled'];

export function isFinal(state: RunState): boolean {
  return FINAL_STATES.includes(state);
}

export interface FollowObserver {
  /** The run as it is now; `item` is the item that just finished, when one did. */
  progress(run: RunView, item?: ItemOutcome): void;
  /** Something worth a line of its own: the stream dropped, the agent is away. */
  notice(text: string): void;
}

export interface FollowOptions {
  /** How often to ask GET /runs/:id once the event stream is gone (default 1 s). */
  pollIntervalMs?: number;
  /** How long the agent may stay unreachable while being polled before giving up (default 60 s: a rolling update). */
  outageToleranceMs?: number;
  signal?: AbortSignal;
}

function apply(view: RunView | undefined, event: RunStreamEvent): RunView | undefined {
  switch (event.type) {
    case 'snapshot':
    case 'end':
      return event.run;
    case 'item':
      return view === undefined ? undefined : { ...view, counts: event.counts };
    case 'state':
      return view === undefined ? undefined : { ...view, state: event.state, counts: event.counts, ...(event.error !== undefined && { error: event.error }) };
  }
}

/**
 * Follows a run until it ends and returns it with every item: live from the
 * SSE stream, then (or, when the stream fails or drops, instead) from GET
 * /runs/:id, which also gives the final item list.
 */
export async function followRun(client: RunApiClient, id: string, observer: FollowObserver, options: FollowOptions = {}): Promise<RunDetail> {
  const pollIntervalMs = options.pollIntervalMs ?? 1_000;
  const every = `every ${formatLimit(pollIntervalMs)}`;
  let view: RunView | undefined;
  let ended = false;
  try {
    for await (const event of client.events(id)) {
      view = apply(view, event);
      if (view !== undefined) observer.progress(view, event.type === 'item' ? event.item : undefined);
      if (event.type === 'end') {
        ended = true;
        break;
      }
    }
    if (!ended) observer.notice(`the event stream of ${client.target.name} closed before the run ended; asking ${every} instead`);
  } catch (error) {
    if (!(error instanceof RunApiError) || !error.transient) throw error;
    observer.notice(`${error.message}; asking ${every} instead`);
  }
  return poll(client, id, observer, pollIntervalMs, options);
}

async function poll(client: RunApiClient, id: string, observer: FollowObserver, intervalMs: number, options: FollowOptions): Promise<RunDetail> {
  const tolerance = options.outageToleranceMs ?? 60_000;
  let outageSince: number | undefined;
  for (;;) {
    try {
      const run = await client.get(id);
      if (outageSince !== undefined) observer.notice(`${client.target.name} answers again`);
      outageSince = undefined;
      observer.progress(run);
      if (isFinal(run.state)) return run;
    } catch (error) {
      if (!(error instanceof RunApiError) || !error.transient) throw error;
      if (outageSince === undefined) {
        outageSince = Date.now();
        observer.notice(`${error.message}; trying again for up to ${formatLimit(tolerance)}`);
      } else if (Date.now() - outageSince >= tolerance) {
        throw error;
      }
    }
    try {
      await sleep(intervalMs, undefined, options.signal === undefined ? {} : { signal: options.signal });
    } catch {
      throw new Interrupted('interrupted');
    }
  }
}
