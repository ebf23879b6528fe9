import { kubernetesAttributes, tracesEndpoint } from './environment';
import { isProbeOrScrape } from './probes';

describe('tracesEndpoint', () => {
  it('is off when no endpoint is set, or it is empty', () => {
    expect(tracesEndpoint({})).toBeUndefined();
    expect(tracesEndpoint({ OTEL_EXPORTER_OTLP_ENDPOINT: '  ' })).toBeUndefined();
  });

  it('appends /v1/traces to the base endpoint', () => {
    expect(tracesEndpoint({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://otel-collector:4318' })).toBe(
      'http://otel-collector:4318/v1/traces',
    );
    expect(tracesEndpoint({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://otel-collector:4318/prefix/' })).toBe(
      'http://otel-collector:4318/prefix/v1/traces',
    );
  });

  it('takes the traces endpoint as given, ahead of the base endpoint', () => {
    expect(
      tracesEndpoint({
        OTEL_EXPORTER_OTLP_ENDPOINT: 'http://base:4318',
        OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'https://tempo.example/otlp/traces',
      }),
    ).toBe('https://tempo.example/otlp/traces');
  });

  it('honours the standard switches that turn tracing off', () => {
    const endpoint = { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' };
    expect(tracesEndpoint({ ...endpoint, OTEL_SDK_DISABLED: 'true' })).toBeUndefined();
    expect(tracesEndpoint({ ...endpoint, OTEL_TRACES_EXPORTER: 'none' })).toBeUndefined();
    expect(tracesEndpoint({ ...endpoint, OTEL_SDK_DISABLED: 'false' })).toBe('http://collector:4318/v1/traces');
  });
});

describe('kubernetesAttributes', () => {
  it('maps the downward-API variables that are set', () => {
    expect(kubernetesAttributes({ K8S_POD_NAME: 'pod-1', K8S_NAMESPACE: 'emm', K8S_NODE_NAME: '', PATH: '/bin' })).toEqual({
      'k8s.pod.name': 'pod-1',
      'k8s.namespace.name': 'emm',
    });
  });
});

describe('isProbeOrScrape', () => {
  it.each(['/health/live', '/health/ready?verbose=1', '/health', '/metrics'])('matches %s', (url) => {
    expect(isProbeOrScrape(url)).toBe(true);
  });

  it.each(['/mcp', '/healthy', '/metrics-export', '/tools/health', undefined])('leaves %s alone', (url) => {
    expect(isProbeOrScrape(url)).toBe(false);
  });
});
