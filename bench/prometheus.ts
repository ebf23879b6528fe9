// Reading the apps' /metrics pages (Prometheus text format) in benches.

export interface Sample {
  labels: Record<string, string>;
  value: number;
}

/** Every sample of one metric (e.g. `mcp_tool_duration_seconds_sum`) with its labels. */
export function metricSamples(page: string, name: string): Sample[] {
  const samples: Sample[] = [];
  const line = new RegExp(`^${name}(?:\\{([^}]*)\\})? ([\\d.e+-]+|NaN|[+-]Inf)$`);
  for (const text of page.split('\n')) {
    const parsed = line.exec(text);
    if (parsed === null) continue;
    const labels: Record<string, string> = {};
    for (const [, key, value] of (parsed[1] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) labels[key] = value;
    samples.push({ labels, value: Number(parsed[2]) });
  }
  return samples;
}

/** Sums a metric's samples per value of one label (e.g. per `server`). */
export function sumByLabel(samples: Sample[], label: string): Record<string, number> {
  const sums: Record<string, number> = {};
  for (const sample of samples) {
    const key = sample.labels[label] ?? '';
    sums[key] = (sums[key] ?? 0) + sample.value;
  }
  return sums;
}

/** An app's /metrics page. */
export async function metricsPage(baseUrl: string): Promise<string> {
  const response = await fetch(`${baseUrl}/metrics`);
  if (!response.ok) throw new Error(`GET ${baseUrl}/metrics: ${response.status}`);
  return response.text();
}

/** A quantile from a Prometheus histogram's cumulative buckets, linear within the bucket. */
export function histogramQuantile(metrics: string, name: string, q: number): number {
  const buckets: Array<{ le: number; count: number }> = [];
  for (const line of metrics.split('\n')) {
    const parsed = new RegExp(`^${name}_bucket\\{[^}]*le="([^"]+)"[^}]*\\} ([\\d.e+-]+)$`).exec(line);
    if (parsed !== null) buckets.push({ le: parsed[1] === '+Inf' ? Infinity : Number(parsed[1]), count: Number(parsed[2]) });
  }
  buckets.sort((a, b) => a.le - b.le);
  const total = buckets.at(-1)?.count ?? 0;
  const rank = q * total;
  let previous = { le: 0, count: 0 };
  for (const bucket of buckets) {
    if (bucket.count >= rank) {
      if (bucket.le === Infinity) return previous.le;
      const inBucket = bucket.count - previous.count;
      return previous.le + (inBucket === 0 ? 0 : ((rank - previous.count) / inBucket) * (bucket.le - previous.le));
    }
    previous = bucket;
  }
  return NaN;
}
