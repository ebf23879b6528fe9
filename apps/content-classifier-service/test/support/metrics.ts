import { register } from 'prom-client';

/** The current value of a counter (or a histogram's count) with exactly these labels; 0 when never set. */
export async function metricValue(name: string, labels: Record<string, string>): Promise<number> {
  const metric = register.getSingleMetric(name);
  if (metric === undefined) return 0;
  const { values } = await metric.get();
  const wanted = Object.entries(labels);
  const matching = values.filter(
    (value) =>
      (value as { metricName?: string }).metricName !== `${name}_bucket` &&
      (value as { metricName?: string }).metricName !== `${name}_sum` &&
      wanted.every(([key, expected]) => String(value.labels[key]) === expected),
  );
  return matching.reduce((sum, value) => sum + value.value, 0);
}
