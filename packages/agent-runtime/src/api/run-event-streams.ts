import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { AgentRuntime } from '../agent-runtime';
import type { RunEvent } from '../runs/run-events';
import { FINAL_RUN_STATES, type RunView } from '../workflow';

const HEARTBEAT_MS = 15_000;

/**
 * GET /runs/:id/events as Server-Sent Events: `snapshot` (the run now), then
 * `item` per finished item and `state` per state change, then `end` with the
 * final run, and the stream closes. A heartbeat comment keeps proxies from
 * timing the stream out. On shutdown every stream ends, so clients reconnect
 * to another replica instead of holding this one up.
 */
@Injectable()
export class RunEventStreams implements OnModuleDestroy {
  private readonly open = new Set<() => void>();

  constructor(private readonly runtime: AgentRuntime) {}

  async stream(id: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
    // Listen before the snapshot, so nothing that happens in between is missed.
    const queue: RunEvent[] = [];
    const sink: { deliver?: (event: RunEvent) => void } = {};
    const stopListening = await this.runtime.events.listen(id, (event) => (sink.deliver === undefined ? queue.push(event) : sink.deliver(event)));
    let run: RunView;
    try {
      run = await this.runtime.runs.find(id);
    } catch (error) {
      stopListening();
      throw error;
    }
    res.writeHead(200, { 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-cache', Connection: 'keep-alive', 'X-Accel-Buffering': 'no' });
    const send = (event: string, data: unknown): void => {
      res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
    };
    const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), HEARTBEAT_MS);
    const close = (): void => {
      clearInterval(heartbeat);
      stopListening();
      this.open.delete(close);
      if (!res.writableEnded) res.end();
    };
    this.open.add(close);
    req.once('close', close);
    const end = async (): Promise<void> => {
      send('end', await this.runtime.runs.find(id).catch(() => run));
      close();
    };

    send('snapshot', run);
    if (FINAL_RUN_STATES.includes(run.state)) {
      await end();
      return;
    }
    const deliver = (event: RunEvent): void => {
      if (res.writableEnded) return;
      send(event.type, event);
      if (event.type === 'state' && FINAL_RUN_STATES.includes(event.state)) void end();
    };
    for (const event of queue.splice(0)) deliver(event);
    sink.deliver = deliver;
  }

  onModuleDestroy(): void {
    for (const close of [...this.open]) close();
  }
}
