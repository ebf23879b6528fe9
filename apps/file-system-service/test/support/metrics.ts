/** The value of one sample in Prometheus text format: the line named `name` that carries all `labels` (others may be there too). */
export function metricValue(text: string, name: string, labels: Record<string, string> = {}): number {
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (match?.[1] !== name) continue;
    const present = new Map(Array.from((match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g), (pair) => [pair[1], pair[2]]));
    if (Object.entries(labels).every(([key, value]) => present.get(key) === value)) return Number(match[3]);
  }
  return 0;
}
