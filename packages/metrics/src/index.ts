export { getOrCreateCounter, getOrCreateGauge, getOrCreateHistogram, LATENCY_BUCKETS } from './registry';
export { MetricsModule, METRICS_PATH, type MetricsModuleOptions } from './metrics.module';
export { UNMATCHED_ROUTE, routeTemplate } from './http-metrics';
export { registerQueueCounts, type QueueCount, type QueueCountSource } from './queue-jobs';
export { registerGaugeSource, type GaugeReading, type GaugeSource } from './sourced-gauge';
