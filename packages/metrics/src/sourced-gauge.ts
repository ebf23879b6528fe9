import type { GaugeConfiguration } from 'prom-client';
import { getOrCreateGauge } from './registry';

/** One value of a gauge, with its labels. */
export interface GaugeReading<L extends string> {
  labels: Record<L, string>;
  value: number;
}

/** Something a running app reads at scrape time (from Redis, say). */
export type GaugeSource<L extends string> = () => Promise<Array<GaugeReading<L>>>;

const sourcesByGauge = new Map<string, Set<GaugeSource<string>>>();

/**
 * Adds a source to a gauge that is read at scrape time. prom-client's registry
 * is process-wide and a metric is made once, so the gauge reads from
 * whichever sources are registered now rather than closing over one app's
 * (tests run several apps in one process); it is made by the first source, so
 * an app that registers none never shows it. When every source fails (Redis
 * unreachable) the gauge keeps its last values rather than report zeros.
 * Returns the function that removes the source again.
 */
export function registerGaugeSource<L extends string>(config: Pick<GaugeConfiguration<L>, 'name' | 'help' | 'labelNames'>, source: GaugeSource<L>): () => void {
  // One set per gauge name; a name always comes with the same label names.
  let sources = sourcesByGauge.get(config.name) as Set<GaugeSource<L>> | undefined;
  if (sources === undefined) {
    const registered = new Set<GaugeSource<L>>();
    sourcesByGauge.set(config.name, registered);
    sources = registered;
    getOrCreateGauge<L>({
      ...config,
      async collect() {
        const results = await Promise.allSettled([...registered].map((read) => read()));
        const readings = results.flatMap((result) => (result.status === 'fulfilled' ? result.value : []));
        if (results.length > 0 && readings.length === 0) return;
        this.reset();
        for (const { labels, value } of readings) this.set(labels as Partial<Record<L, string>>, value);
      },
    });
  }
  const known = sources;
  known.add(source);
  return () => known.delete(source);
}
