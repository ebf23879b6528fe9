import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { CompositePropagator, W3CBaggagePropagator, W3CTraceContextPropagator } from '@opentelemetry/core';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { IORedisInstrumentation } from '@opentelemetry/instrumentation-ioredis';
import { NestInstrumentation } from '@opentelemetry/instrumentation-nestjs-core';
import { UndiciInstrumentation } from '@opentelemetry/instrumentation-undici';
import { defaultResource, resourceFromAttributes } from '@opentelemetry/resources';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { ATTR_SERVICE_NAME, ATTR_SERVICE_VERSION } from '@opentelemetry/semantic-conventions';
import { type Env, kubernetesAttributes } from './environment';
import { isProbeOrScrape } from './probes';
import type { OutgoingRequestTarget } from './start-telemetry';

export interface SdkSettings {
  serviceName: string;
  serviceVersion: string | undefined;
  env: Env;
  /** Full OTLP/HTTP traces URL. */
  tracesUrl: string;
  ignoreOutgoingRequest?: (target: OutgoingRequestTarget) => boolean;
}

/** The NodeSDK for traces only: OTLP/HTTP export in batches, W3C propagation, the instrumentations EMM needs. */
export function createSdk({ serviceName, serviceVersion, env, tracesUrl, ignoreOutgoingRequest }: SdkSettings): NodeSDK {
  const ignoreOutgoing = ignoreOutgoingRequest ?? (() => false);
  return new NodeSDK({
    // Lowest priority: OTEL_RESOURCE_ATTRIBUTES and OTEL_SERVICE_NAME, read by the SDK's detectors, override these.
    resource: defaultResource().merge(
      resourceFromAttributes({
        [ATTR_SERVICE_NAME]: serviceName,
        ...(serviceVersion ? { [ATTR_SERVICE_VERSION]: serviceVersion } : {}),
        ...kubernetesAttributes(env),
      }),
    ),
    traceExporter: new OTLPTraceExporter({ url: tracesUrl }),
    textMapPropagator: new CompositePropagator({
      propagators: [new W3CTraceContextPropagator(), new W3CBaggagePropagator()],
    }),
    // Prometheus scrapes metrics and logs go to stdout: no OTLP metrics or logs.
    metricReaders: [],
    logRecordProcessors: [],
    instrumentations: [
      new HttpInstrumentation({
        ignoreIncomingRequestHook: (request) => isProbeOrScrape(request.url),
        ignoreOutgoingRequestHook: (request) =>
          ignoreOutgoing({ origin: `${request.protocol ?? 'http:'}//${request.hostname ?? request.host ?? ''}${request.port ? `:${request.port}` : ''}`, path: request.path ?? '/' }),
      }),
      new UndiciInstrumentation({ ignoreRequestHook: (request) => ignoreOutgoing({ origin: request.origin, path: request.path }) }),
      new IORedisInstrumentation(),
      new NestInstrumentation(),
    ],
  });
}
