// Imported first by main.ts: instrumentation must patch http, express, undici
// and ioredis before anything else loads them.
import { startTelemetry } from '@emm/telemetry';
import { SERVICE_NAME } from './service-name';

startTelemetry({
  serviceName: SERVICE_NAME,
  // Every outgoing HTTP request of this service goes to a third-party site:
  // our trace ids (and a span per fetch) stay inside the cluster.
  ignoreOutgoingRequest: () => true,
});
