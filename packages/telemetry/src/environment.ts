import type { Attributes } from '@opentelemetry/api';

export type Env = Record<string, string | undefined>;

function valueOf(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  return value ? value : undefined;
}

/**
 * Where spans go, following the OTLP exporter spec: the traces endpoint as
 * given, or `/v1/traces` under the base endpoint. `undefined` means tracing
 * is off — also when the SDK or the traces exporter is switched off by the
 * standard variables.
 */
export function tracesEndpoint(env: Env): string | undefined {
  if (valueOf(env, 'OTEL_SDK_DISABLED')?.toLowerCase() === 'true') return undefined;
  if (valueOf(env, 'OTEL_TRACES_EXPORTER')?.toLowerCase() === 'none') return undefined;
  const tracesUrl = valueOf(env, 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT');
  if (tracesUrl) return tracesUrl;
  const baseUrl = valueOf(env, 'OTEL_EXPORTER_OTLP_ENDPOINT');
  return baseUrl ? `${baseUrl.replace(/\/+$/, '')}/v1/traces` : undefined;
}

/** The variable a bad endpoint came from, for the error line. */
export function endpointVariable(env: Env): string {
  return valueOf(env, 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT')
    ? 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT'
    : 'OTEL_EXPORTER_OTLP_ENDPOINT';
}

export function isHttpUrl(text: string): boolean {
  return URL.canParse(text) && ['http:', 'https:'].includes(new URL(text).protocol);
}

/** The pod's identity, set by the chart through the downward API. */
const KUBERNETES_ATTRIBUTES_FROM_ENV: Record<string, string> = {
  K8S_POD_NAME: 'k8s.pod.name',
  K8S_NAMESPACE: 'k8s.namespace.name',
  K8S_NODE_NAME: 'k8s.node.name',
  K8S_DEPLOYMENT: 'k8s.deployment.name',
};

export function kubernetesAttributes(env: Env): Attributes {
  const attributes: Attributes = {};
  for (const [variable, attribute] of Object.entries(KUBERNETES_ATTRIBUTES_FROM_ENV)) {
    const value = valueOf(env, variable);
    if (value) attributes[attribute] = value;
  }
  return attributes;
}
