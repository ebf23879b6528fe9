export { isProbeOrScrape } from './probes';
export { extractTraceContext, injectTraceContext, type TraceCarrier, withSpan } from './spans';
export {
  shutdownTelemetry,
  startTelemetry,
  type TelemetryHandle,
  type OutgoingRequestTarget,
  type TelemetryOptions,
} from './start-telemetry';
export { TelemetryModule } from './telemetry.module';
