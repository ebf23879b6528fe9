import { Module, type OnApplicationShutdown } from '@nestjs/common';
import { shutdownTelemetry } from './start-telemetry';

/**
 * Flushes buffered spans when the application shuts down (SIGTERM with
 * `enableShutdownHooks()`, or `app.close()`), so the last requests' traces
 * are not lost with the pod.
 */
@Module({})
export class TelemetryModule implements OnApplicationShutdown {
  async onApplicationShutdown(): Promise<void> {
    await shutdownTelemetry();
  }
}
