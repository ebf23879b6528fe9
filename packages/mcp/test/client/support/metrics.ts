import { register } from 'prom-client';

interface MetricValue {
  labels: Partial<Record<string, string | number>>;
  value: number;
  metricName?: string;
}

/** The current value of one series of a metric in the process registry (0 when it does not exist yet). */
export async function metricValue(name: string, labels: Record<string, string>, series = name): Promise<number> {
  const metric = register.getSingleMetric(name);
  const values: MetricValue[] = (await metric?.get())?.values ?? [];
  const match = values.find((value) => (value.metricName ?? name) === series && Object.entries(labels).every(([key, wanted]) => String(value.labels[key]) === wanted));
  return match?.value ?? 0;
}

/** Counts calls per `status` for one tool, plus how many durations were observed. */
export async function callCounts(server: string, tool: string): Promise<Record<string, number>> {
  const statuses = ['ok', 'invalid_argument', 'tool_error', 'unavailable', 'timeout', 'cancelled'];
  const counts: Record<string, number> = {};
  for (const status of statuses) counts[status] = await metricValue('mcp_tool_calls_total', { server, tool, status });
  counts.timed = await metricValue('mcp_tool_duration_seconds', { server, tool }, 'mcp_tool_duration_seconds_count');
  return counts;
}

/** What changed between two `callCounts`, leaving out what did not. */
export function delta(before: Record<string, number>, after: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.keys(after).map((key) => [key, after[key] - (before[key] ?? 0)]).filter(([, change]) => change !== 0));
}
