import { collectDefaultMetrics, register } from 'prom-client';

/**
 * Node process metrics on prom-client's default registry. collectDefaultMetrics
 * throws "already registered" when called twice, and tests build several apps
 * per process, so it runs only while the registry lacks them (a test that
 * cleared the registry gets them back).
 */
export function ensureDefaultMetrics(): void {
  if (register.getSingleMetric('process_cpu_user_seconds_total') === undefined) {
    collectDefaultMetrics();
  }
}
