// The file-system-agent's run API as the stack benches drive it: start a
// file-import run, follow it until it has ended.
import { sleep } from '@emm/testing';

const FINAL_STATES = ['completed', 'completed_with_errors', 'failed', 'cancelled'];

export interface RunItem {
  label: string;
  status: string;
  finishedAt?: string;
  error?: string;
}

/** A run as GET /runs/:id shows it (the fields the benches read). */
export interface RunView {
  id: string;
  state: string;
  createdAt: string;
  startedAt?: string;
  finishedAt?: string;
  counts: { total: number; done: number; failed: number; skipped: number; needsReview: number; pending: number };
  /** With `?status=pending`, only the items still pending. */
  items: RunItem[];
}

/** A JSON call to an app's API with the stack's bearer token. */
export async function api<T>(url: string, token: string, init: RequestInit = {}): Promise<T> {
  const response = await fetch(url, { ...init, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' } });
  if (!response.ok) throw new Error(`${init.method ?? 'GET'} ${url}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

/** Starts a file-import run on the agent at `agentUrl`; its id. */
export async function startFileImport(agentUrl: string, token: string): Promise<string> {
  const { id } = await api<{ id: string }>(`${agentUrl}/runs`, token, { method: 'POST', body: JSON.stringify({ workflow: 'file-import', input: {} }) });
  return id;
}

/**
 * Polls the run (with only its pending items, which keeps each answer small)
 * every `pollMs` until it has ended, handing each view to `onPoll`; the last view.
 */
export async function runEnded(agentUrl: string, token: string, id: string, pollMs: number, onPoll: (run: RunView) => void = () => undefined): Promise<RunView> {
  for (;;) {
    const run = await api<RunView>(`${agentUrl}/runs/${id}?status=pending`, token);
    onPoll(run);
    if (FINAL_STATES.includes(run.state)) return run;
    await sleep(pollMs);
  }
}
