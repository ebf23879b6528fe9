import { Global, Injectable, Module, type DynamicModule, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { PrometheusModule } from '@willsoto/nestjs-prometheus';
import type { ServerResponse } from 'node:http';
import { ensureDefaultMetrics } from './default-metrics';
import { HttpMetricsRecorder, type RoutedRequest } from './http-metrics';

export interface MetricsModuleOptions {
  /** Value of the `service` label on every metric (the app's name). */
  service: string;
  /** Value of the `version` label on every metric. */
  version: string;
}

export const METRICS_PATH = '/metrics';

/**
 * Hooks the HTTP metrics into the HTTP adapter's request hook. That hook is the
 * first handler Nest's Express adapter installs — before body parsing, Nest
 * middleware and routing — so every request is timed, including ones a body
 * parser rejects or an exception filter answers. (A MiddlewareConsumer
 * middleware runs after the body parser and would miss malformed bodies.)
 */
@Injectable()
class HttpMetricsHook implements OnModuleInit {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  onModuleInit(): void {
    const adapter = this.adapterHost.httpAdapter;
    // An application context without HTTP (a CLI, a worker) has no adapter: nothing to measure.
    if (adapter === undefined) return;
    const recorder = new HttpMetricsRecorder(new Set([METRICS_PATH]));
    adapter.setOnRequestHook((req: RoutedRequest, res: ServerResponse, next: () => void) => {
      recorder.track(req, res);
      next();
    });
  }
}

/**
 * `GET /metrics` in Prometheus text format: default Node process metrics,
 * HTTP RED metrics (`http_requests_total`, `http_request_duration_seconds`)
 * and every metric created with `getOrCreateCounter`/`Histogram`/`Gauge`, all
 * labelled with `service` and `version`. Import once in the root module.
 */
@Global()
@Module({})
export class MetricsModule {
  static forRoot(options: MetricsModuleOptions): DynamicModule {
    ensureDefaultMetrics();
    return {
      module: MetricsModule,
      global: true,
      imports: [
        PrometheusModule.register({
          path: METRICS_PATH,
          // Collected by ensureDefaultMetrics: the library's own call is not idempotent.
          defaultMetrics: { enabled: false },
          defaultLabels: { service: options.service, version: options.version },
        }),
      ],
      providers: [HttpMetricsHook],
    };
  }
}

