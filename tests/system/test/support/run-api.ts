import type { RunDetail } from '@emm/agent-runtime';

/** `GET /runs/:id` on an agent's run API, as any client (a dashboard, a script) reads it. */
export async function getRun(agentUrl: string, token: string, id: string): Promise<RunDetail> {
  const response = await fetch(`${agentUrl}/runs/${id}`, { headers: { authorization: `Bearer ${token}` } });
  const text = await response.text();
  if (response.status !== 200) throw new Error(`GET ${agentUrl}/runs/${id} answered ${response.status}: ${text}`);
  return JSON.parse(text) as RunDetail;
}
