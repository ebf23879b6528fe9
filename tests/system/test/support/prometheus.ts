/** One sample of the Prometheus text format: `name{label="value",…} value`. */
export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** Every sample of a `/metrics` page (comments and blank lines skipped). */
export function parseMetrics(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})?\s+(\S+)(?:\s+\d+)?$/.exec(line);
    if (match === null) continue;
    const labels = Object.fromEntries(Array.from((match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g), (pair) => [pair[1], pair[2].replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c))]));
    samples.push({ name: match[1], labels, value: Number(match[3]) });
  }
  return samples;
}

/** A scraped `/metrics` page, queried like a tiny PromQL `sum(name{labels})`. */
export class Metrics {
  constructor(readonly samples: Sample[]) {}

  static async scrape(baseUrl: string): Promise<Metrics> {
    const response = await fetch(`${baseUrl}/metrics`);
    if (!response.ok) throw new Error(`GET ${baseUrl}/metrics answered ${response.status}`);
    return new Metrics(parseMetrics(await response.text()));
  }

  /** The sum of every series of `name` carrying all of `labels` (0 when there is none). */
  sum(name: string, labels: Record<string, string> = {}): number {
    return this.matching(name, labels).reduce((total, sample) => total + sample.value, 0);
  }

  /** The series of `name` carrying all of `labels`, with their values, keyed by the values of `by`. */
  sumBy(name: string, by: string, labels: Record<string, string> = {}): Record<string, number> {
    const sums: Record<string, number> = {};
    for (const sample of this.matching(name, labels)) {
      const key = sample.labels[by] ?? '';
      sums[key] = (sums[key] ?? 0) + sample.value;
    }
    return sums;
  }

  /** The distinct values of label `label` on the series of `name` with `labels`. */
  labelValues(name: string, label: string, labels: Record<string, string> = {}): string[] {
    return [...new Set(this.matching(name, labels).flatMap((sample) => (sample.labels[label] === undefined ? [] : [sample.labels[label]])))].sort();
  }

  private matching(name: string, labels: Record<string, string>): Sample[] {
    return this.samples.filter((sample) => sample.name === name && Object.entries(labels).every(([key, value]) => sample.labels[key] === value));
  }
}
