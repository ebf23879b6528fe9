// Imported first by main.ts: instrumentation must patch http, express and
// ioredis before anything else loads them.
import { startTelemetry } from '@emm/telemetry';
import { SERVICE_NAME } from './service-name';

startTelemetry({ serviceName: SERVICE_NAME });
