/**
 * The umbrella chart rendered the ways operators install it (each values-<env>.yaml,
 * each ci/ scenario, the defaults): every object against the Kubernetes schemas,
 * every workload against EMM's deployment rules, and what each scenario promises.
 * Each scenario is rendered once, before all tests.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { type Rendered, render } from '../src/helm';
import { type SchemaProblem, validateAgainstSchemas } from '../src/kube-schemas';
import {
  type Container,
  type K8sObject,
  type NetworkPolicy,
  type PodTemplate,
  type Service,
  type Workload,
  envOf,
  find,
  isHook,
  ofKind,
  workloadsOf,
} from '../src/manifests';
import { type Endpoint, address, isAllowed, otherPod, podEndpoint } from '../src/network';
import { REPO_ROOT, UMBRELLA } from '../src/paths';
import { allViolations, isAppDeployment } from '../src/policies';
import { OPERATOR_JD_STRUCTURE, SCENARIOS } from '../src/scenarios';

const NAMESPACE = 'emm';
const renders = new Map<string, Rendered>();
let schemaProblems: SchemaProblem[] = [];

beforeAll(async () => {
  const results = await Promise.all(SCENARIOS.map(async ({ name, options }) => [name, await render(options)] as const));
  for (const [name, rendered] of results) renders.set(name, rendered);
  schemaProblems = await validateAgainstSchemas(results.map(([label, rendered]) => ({ label, objects: rendered.objects })));
});

function objectsOf(name: string): K8sObject[] {
  const rendered = renders.get(name);
  if (!rendered) throw new Error(`scenario ${name} was not rendered`);
  return rendered.objects;
}

function workload(objects: K8sObject[], kind: string, name: string): Workload {
  const object = find(objects, kind, name);
  return { object, ref: `${kind}/${name}`, template: (object.spec as { template: PodTemplate }).template };
}

function mainContainer(objects: K8sObject[], name: string): Container {
  return workload(objects, 'Deployment', name).template.spec.containers[0];
}

function envValue(container: Container, name: string): string | undefined {
  return envOf(container).get(name)?.value;
}

function policiesOf(objects: K8sObject[]): NetworkPolicy[] {
  return ofKind<NetworkPolicy>(objects, 'NetworkPolicy').filter((policy) => !isHook(policy));
}

/** Network questions about one render: pods by workload, plus hook policies for test pods. */
function network(objects: K8sObject[]) {
  const policies = ofKind<NetworkPolicy>(objects, 'NetworkPolicy');
  const pod = (kind: string, name: string): Endpoint => podEndpoint(workload(objects, kind, name), NAMESPACE);
  const allowed = (from: Endpoint, to: Endpoint, port: number, protocol: 'TCP' | 'UDP' = 'TCP') =>
    isAllowed(policies, NAMESPACE, { from, to, port, protocol });
  return { pod, allowed };
}

/** The apps the umbrella installs by default (Confluence's two need a Confluence first). */
const DEFAULT_APPS = [
  'jd-classifier-service',
  'content-classifier-service',
  'bookmark-classifier-service',
  'file-system-service',
  'web-scraper-service',
  'notifications-service',
  'file-system-agent',
  'bookmark-scraper',
];

const kubeDns = otherPod('kube-dns', 'kube-system', { 'k8s-app': 'kube-dns' });
const prometheus = otherPod('prometheus', 'monitoring', { 'app.kubernetes.io/name': 'prometheus' });
const intruder = otherPod('intruder', NAMESPACE, { app: 'intruder' });
const otherNamespacePod = otherPod('shop', 'shop', { 'app.kubernetes.io/name': 'shop' });

describe('every scenario', () => {
  const names = SCENARIOS.map(({ name }) => name);

  it.each(names)('%s: every object matches the Kubernetes schemas', (name) => {
    expect(objectsOf(name).length).toBeGreaterThan(0);
    expect(schemaProblems.filter((problem) => problem.object.startsWith(`${name}: `))).toEqual([]);
  });

  it.each(SCENARIOS)('$name: every workload follows the deployment rules', ({ name, networkPolicies, exceptions }) => {
    expect(allViolations(objectsOf(name), { networkPolicies, exceptions })).toEqual([]);
  });

  it.each(SCENARIOS)('$name: NetworkPolicies are rendered exactly when enabled', ({ name, networkPolicies }) => {
    expect(policiesOf(objectsOf(name)).length > 0).toBe(networkPolicies);
  });

  it.each(names)('%s: every app has a helm test pod that asks its Service for readiness', (name) => {
    const objects = objectsOf(name);
    const services = ofKind<Service>(objects, 'Service').map((service) => service.metadata.name);
    const apps = objects.filter(isAppDeployment).map((deployment) => deployment.metadata.labels?.['app.kubernetes.io/name']);
    const testPods = ofKind(objects, 'Pod').filter((pod) => pod.metadata.annotations?.['helm.sh/hook'] === 'test');
    const urls = testPods.flatMap((pod) => workloadsOf([pod])[0].template.spec.containers[0].command ?? []).filter((arg) => arg.startsWith('http://'));
    for (const app of apps) {
      expect(urls).toContainEqual(expect.stringMatching(new RegExp(`^http://[a-z-]*${app}:8080/health/ready$`)));
    }
    for (const url of urls) expect(services).toContain(new URL(url).hostname);
  });
});

describe('jd-classifier-service (defaults)', () => {
  const objects = () => objectsOf('defaults');
  const container = () => mainContainer(objects(), 'jd-classifier-service');

  it('listens on 8080 behind the Service its clients call (http://jd-classifier-service:8080/mcp)', () => {
    const service = find<Service>(objects(), 'Service', 'jd-classifier-service');
    expect(service.spec.ports).toEqual([{ name: 'http', port: 8080, targetPort: 'http', protocol: 'TCP' }]);
    expect(envValue(container(), 'PORT')).toBe('8080');
    expect(container().image).toBe('ghcr.io/emm/jd-classifier-service:0.1.0');
  });

  it('accepts its own Service names as Host for DNS-rebinding protection', () => {
    const hosts = (envValue(container(), 'MCP_ALLOWED_HOSTS') ?? '').split(',');
    expect(hosts).toEqual(
      expect.arrayContaining([
        'jd-classifier-service',
        'jd-classifier-service:8080',
        'jd-classifier-service.emm',
        'jd-classifier-service.emm.svc',
        'jd-classifier-service.emm.svc.cluster.local',
        'jd-classifier-service.emm.svc.cluster.local:8080',
      ]),
    );
    expect(hosts).not.toContain('');
  });

  it('gets Redis, shutdown timing, version and the downward API from the chart', () => {
    const env = envOf(container());
    expect(envValue(container(), 'REDIS_HOST')).toBe('redis');
    expect(envValue(container(), 'REDIS_PORT')).toBe('6379');
    expect(envValue(container(), 'SHUTDOWN_DRAIN_MS')).toBe('5000');
    expect(envValue(container(), 'SHUTDOWN_TIMEOUT_MS')).toBe('20000');
    expect(envValue(container(), 'SERVICE_VERSION')).toBe('0.1.0');
    expect(envValue(container(), 'LOG_LEVEL')).toBe('info');
    expect(env.get('K8S_POD_NAME')?.valueFrom?.fieldRef?.fieldPath).toBe('metadata.name');
    expect(env.get('K8S_NAMESPACE')?.valueFrom?.fieldRef?.fieldPath).toBe('metadata.namespace');
    expect(env.get('K8S_NODE_NAME')?.valueFrom?.fieldRef?.fieldPath).toBe('spec.nodeName');
    // Nothing configured, nothing set: no token, no trace export.
    expect(env.has('MCP_AUTH_TOKEN')).toBe(false);
    expect(env.has('OTEL_EXPORTER_OTLP_ENDPOINT')).toBe(false);
    expect(env.has('REDIS_PASSWORD')).toBe(false);
  });

  it('waits 5 s before SIGTERM and gives the app its 20 s plus a margin', () => {
    const pod = workload(objects(), 'Deployment', 'jd-classifier-service').template.spec;
    expect(container().lifecycle?.preStop).toEqual({ sleep: { seconds: 5 } });
    expect(pod.terminationGracePeriodSeconds).toBe(30);
  });

  it('mounts the JD structure ConfigMap as a directory, so updates reach the running pod', () => {
    const pod = workload(objects(), 'Deployment', 'jd-classifier-service').template.spec;
    const path = envValue(container(), 'JD_STRUCTURE_PATH');
    expect(path).toBe('/etc/emm/jd/jd.yaml');
    const mount = container().volumeMounts?.find((candidate) => candidate.mountPath === '/etc/emm/jd');
    expect(mount).toBeDefined();
    expect(mount?.subPath).toBeUndefined();
    const volume = pod.volumes?.find((candidate) => candidate.name === mount?.name);
    expect(volume?.configMap?.items).toEqual([{ key: 'jd.yaml', path: 'jd.yaml' }]);
    const configMap = find(objects(), 'ConfigMap', volume?.configMap?.name ?? '');
    expect(configMap.data?.['jd.yaml']).toBe(readFileSync(resolve(UMBRELLA, 'files/jd.yaml'), 'utf8'));
  });

  it('ships the repository example as the default JD structure', () => {
    expect(readFileSync(resolve(UMBRELLA, 'files/jd.yaml'), 'utf8')).toBe(readFileSync(resolve(REPO_ROOT, 'examples/jd.yaml'), 'utf8'));
  });

  it('is scraped by Prometheus through pod annotations (no ServiceMonitor without the Operator)', () => {
    const annotations = workload(objects(), 'Deployment', 'jd-classifier-service').template.metadata.annotations;
    expect(annotations).toMatchObject({ 'prometheus.io/scrape': 'true', 'prometheus.io/port': '8080', 'prometheus.io/path': '/metrics' });
    expect(ofKind(objects(), 'ServiceMonitor')).toEqual([]);
    expect(ofKind(objects(), 'PrometheusRule')).toEqual([]);
  });
});

describe('Redis (defaults)', () => {
  const objects = () => objectsOf('defaults');

  it('is a StatefulSet with a PersistentVolumeClaim for its AOF, never evicting keys', () => {
    const statefulSet = find(objects(), 'StatefulSet', 'redis');
    const spec = statefulSet.spec as { volumeClaimTemplates: { metadata: { name: string } }[]; template: PodTemplate };
    expect(spec.volumeClaimTemplates.map((claim) => claim.metadata.name)).toEqual(['data']);
    const redis = spec.template.spec.containers.find((container) => container.name === 'redis');
    expect(redis?.image).toMatch(/redis:7\./);
    expect(redis?.volumeMounts).toContainEqual(expect.objectContaining({ name: 'data', mountPath: '/data' }));
    const config = find(objects(), 'ConfigMap', 'redis-config').data?.['redis.conf'] ?? '';
    expect(config).toMatch(/^appendonly yes$/m);
    expect(config).toMatch(/^appendfsync everysec$/m);
    expect(config).toMatch(/^maxmemory-policy noeviction$/m);
    expect(config).toMatch(/^dir \/data$/m);
  });

  it('exposes redis_exporter metrics next to Redis', () => {
    const template = workload(objects(), 'StatefulSet', 'redis').template;
    const exporter = template.spec.containers.find((container) => container.name === 'redis-exporter');
    expect(exporter?.ports).toEqual([{ name: 'metrics', containerPort: 9121, protocol: 'TCP' }]);
    expect(template.metadata.annotations).toMatchObject({ 'prometheus.io/scrape': 'true', 'prometheus.io/port': '9121' });
    const service = find<Service>(objects(), 'Service', 'redis');
    expect(service.spec.ports.map((port) => port.name)).toEqual(['redis', 'metrics']);
    expect(find<Service>(objects(), 'Service', 'redis-headless').spec.clusterIP).toBe('None');
  });
});

describe('NetworkPolicies (defaults)', () => {
  const net = () => network(objectsOf('defaults'));

  it('let the app reach Redis and DNS, and nothing else', () => {
    const { pod, allowed } = net();
    const app = pod('Deployment', 'jd-classifier-service');
    expect(allowed(app, pod('StatefulSet', 'redis'), 6379)).toBe(true);
    expect(allowed(app, kubeDns, 53, 'UDP')).toBe(true);
    expect(allowed(app, kubeDns, 53, 'TCP')).toBe(true);
    expect(allowed(app, address('93.184.216.34'), 443)).toBe(false);
    expect(allowed(app, otherNamespacePod, 8080)).toBe(false);
    expect(allowed(app, otherPod('collector', 'observability', {}), 4318)).toBe(false);
  });

  it('let Prometheus scrape the metrics ports only', () => {
    const { pod, allowed } = net();
    expect(allowed(prometheus, pod('Deployment', 'jd-classifier-service'), 8080)).toBe(true);
    expect(allowed(prometheus, pod('StatefulSet', 'redis'), 9121)).toBe(true);
    expect(allowed(prometheus, pod('StatefulSet', 'redis'), 6379)).toBe(false);
  });

  it('keep other pods away from the app and from Redis', () => {
    const { pod, allowed } = net();
    for (const stranger of [intruder, otherNamespacePod]) {
      expect(allowed(stranger, pod('Deployment', 'jd-classifier-service'), 8080)).toBe(false);
      expect(allowed(stranger, pod('StatefulSet', 'redis'), 6379)).toBe(false);
    }
    // Redis itself talks to nobody.
    expect(allowed(pod('StatefulSet', 'redis'), address('93.184.216.34'), 443)).toBe(false);
  });

  it('let the helm test pod ask the app for readiness', () => {
    const { pod, allowed } = net();
    const testPod = podEndpoint(workloadsOf([find(objectsOf('defaults'), 'Pod', 'jd-classifier-service-test-ready')])[0], NAMESPACE);
    expect(allowed(testPod, pod('Deployment', 'jd-classifier-service'), 8080)).toBe(true);
    expect(allowed(testPod, kubeDns, 53, 'UDP')).toBe(true);
    expect(allowed(testPod, pod('StatefulSet', 'redis'), 6379)).toBe(false);
  });
});

describe('environments', () => {
  it('dev runs one replica of each app, logs at debug and needs no Secrets', () => {
    const objects = objectsOf('values-dev');
    expect((find(objects, 'Deployment', 'jd-classifier-service').spec as { replicas?: number }).replicas).toBe(1);
    expect(ofKind(objects, 'HorizontalPodAutoscaler')).toEqual([]);
    expect(envValue(mainContainer(objects, 'jd-classifier-service'), 'LOG_LEVEL')).toBe('debug');
    expect(envOf(mainContainer(objects, 'jd-classifier-service')).has('MCP_AUTH_TOKEN')).toBe(false);
  });

  it('staging runs two replicas with a PodDisruptionBudget and Secrets by reference', () => {
    const objects = objectsOf('values-staging');
    expect((find(objects, 'Deployment', 'jd-classifier-service').spec as { replicas?: number }).replicas).toBe(2);
    expect(find(objects, 'PodDisruptionBudget', 'jd-classifier-service').spec).toMatchObject({ maxUnavailable: 1 });
    const env = envOf(mainContainer(objects, 'jd-classifier-service'));
    expect(env.get('MCP_AUTH_TOKEN')?.valueFrom?.secretKeyRef).toEqual({ name: 'emm-mcp-auth', key: 'mcp-auth-token' });
    expect(env.get('REDIS_PASSWORD')?.valueFrom?.secretKeyRef).toEqual({ name: 'emm-redis', key: 'redis-password' });
  });

  it('prod scales each app with an HPA from 3 replicas and keeps 2 up during disruptions', () => {
    const objects = objectsOf('values-prod');
    const deployment = find(objects, 'Deployment', 'jd-classifier-service');
    expect((deployment.spec as { replicas?: number }).replicas).toBeUndefined();
    const hpa = find(objects, 'HorizontalPodAutoscaler', 'jd-classifier-service');
    expect(hpa.spec).toMatchObject({ minReplicas: 3, maxReplicas: 10, scaleTargetRef: { kind: 'Deployment', name: 'jd-classifier-service' } });
    expect(find(objects, 'PodDisruptionBudget', 'jd-classifier-service').spec).toMatchObject({ minAvailable: 2 });
    expect(find(objects, 'PodDisruptionBudget', 'jd-classifier-service').spec).not.toHaveProperty('maxUnavailable');
  });

  it('prod takes the Redis password and the MCP token from existing Secrets only', () => {
    const objects = objectsOf('values-prod');
    const env = envOf(mainContainer(objects, 'jd-classifier-service'));
    expect(env.get('MCP_AUTH_TOKEN')?.valueFrom?.secretKeyRef).toEqual({ name: 'emm-mcp-auth', key: 'mcp-auth-token' });
    const redis = workload(objects, 'StatefulSet', 'redis').template.spec.containers.find((container) => container.name === 'redis');
    expect(redis?.args).toEqual(['--requirepass', '$(REDIS_PASSWORD)']);
    expect(envOf(redis as Container).get('REDIS_PASSWORD')?.valueFrom?.secretKeyRef).toEqual({ name: 'emm-redis', key: 'redis-password' });
    expect(ofKind(objects, 'Secret')).toEqual([]);
  });

  it("prod serves the operator's JD structure, not the sample", () => {
    const objects = objectsOf('values-prod');
    expect(find(objects, 'ConfigMap', 'jd-structure').data?.['jd.yaml']).toBe(readFileSync(OPERATOR_JD_STRUCTURE, 'utf8'));
  });
});

describe('ci scenarios', () => {
  it('external-redis: no Redis StatefulSet; the URL comes from a Secret and egress reaches only its addresses', () => {
    const objects = objectsOf('ci/external-redis-values.yaml');
    expect(ofKind(objects, 'StatefulSet')).toEqual([]);
    const env = envOf(mainContainer(objects, 'jd-classifier-service'));
    expect(env.get('REDIS_URL')?.valueFrom?.secretKeyRef).toEqual({ name: 'emm-managed-redis', key: 'redis-url' });
    expect(env.has('REDIS_HOST')).toBe(false);
    const { pod, allowed } = network(objects);
    const app = pod('Deployment', 'jd-classifier-service');
    expect(allowed(app, address('10.20.30.7'), 6380)).toBe(true);
    expect(allowed(app, address('10.20.31.7'), 6380)).toBe(false);
    expect(allowed(app, address('10.20.30.7'), 22)).toBe(false);
  });

  it('monitoring-crds-on: ServiceMonitors for the app and Redis, alerts, and egress to the trace collector', () => {
    const objects = objectsOf('ci/monitoring-crds-on-values.yaml');
    const monitors = ofKind(objects, 'ServiceMonitor');
    expect(monitors.map((monitor) => monitor.metadata.name).sort()).toEqual([...DEFAULT_APPS, 'redis'].sort());
    for (const monitor of monitors) expect(monitor.metadata.labels).toMatchObject({ release: 'kube-prometheus-stack' });
    expect(find(objects, 'ServiceMonitor', 'redis').spec).toMatchObject({ endpoints: [expect.objectContaining({ port: 'metrics' })] });
    expect(ofKind(objects, 'PrometheusRule')).toHaveLength(1);
    const container = mainContainer(objects, 'jd-classifier-service');
    expect(envValue(container, 'OTEL_EXPORTER_OTLP_ENDPOINT')).toBe('http://otel-collector.observability:4318');
    const { pod, allowed } = network(objects);
    expect(allowed(pod('Deployment', 'jd-classifier-service'), otherPod('collector', 'observability', { app: 'otel' }), 4318)).toBe(true);
  });

  it('a cluster with the Prometheus Operator gets ServiceMonitors and the PrometheusRule without asking', () => {
    const objects = objectsOf('defaults with monitoring.coreos.com/v1 served');
    expect(ofKind(objects, 'ServiceMonitor')).toHaveLength(DEFAULT_APPS.length + 1);
    expect(ofKind(objects, 'PrometheusRule')).toHaveLength(1);
  });

  it('existing-configmap: mounts the operator\'s ConfigMap under its own key and renders none', () => {
    const objects = objectsOf('ci/existing-configmap-values.yaml');
    expect(ofKind(objects, 'ConfigMap').map((configMap) => configMap.metadata.name)).not.toContain('jd-structure');
    const volume = workload(objects, 'Deployment', 'jd-classifier-service').template.spec.volumes?.find((candidate) => candidate.configMap?.name === 'team-jd-structure');
    expect(volume?.configMap?.items).toEqual([{ key: 'structure.yaml', path: 'jd.yaml' }]);
  });

  it('name-prefix: every name carries the prefix and the app finds Redis and its ConfigMap under it', () => {
    const objects = objectsOf('ci/name-prefix-values.yaml');
    for (const object of objects) expect(object.metadata.name).toMatch(/^blue-/);
    const container = mainContainer(objects, 'blue-jd-classifier-service');
    expect(envValue(container, 'REDIS_HOST')).toBe('blue-redis');
    expect(envValue(container, 'MCP_ALLOWED_HOSTS')?.split(',')).toContain('blue-jd-classifier-service:8080');
    const volumes = workload(objects, 'Deployment', 'blue-jd-classifier-service').template.spec.volumes ?? [];
    expect(volumes.map((volume) => volume.configMap?.name)).toContain('blue-jd-structure');
    find(objects, 'ConfigMap', 'blue-jd-structure');
  });

  it('secured: private registry by digest, pull Secret, extra Host and an Ingress controller allowed in', () => {
    const objects = objectsOf('ci/secured-values.yaml');
    const template = workload(objects, 'Deployment', 'jd-classifier-service').template;
    expect(template.spec.containers[0].image).toBe(`registry.example.com/platform/emm-jd-classifier-service@sha256:${'0'.repeat(64)}`);
    expect((template.spec as { imagePullSecrets?: unknown }).imagePullSecrets).toEqual([{ name: 'emm-registry' }]);
    expect(envValue(template.spec.containers[0], 'MCP_ALLOWED_HOSTS')?.split(',')).toContain('jd.emm.example.com');
    const { pod, allowed } = network(objects);
    expect(allowed(otherPod('ingress', 'ingress-nginx', { app: 'ingress-nginx' }), pod('Deployment', 'jd-classifier-service'), 8080)).toBe(true);
    expect(allowed(otherPod('ingress', 'ingress-nginx', { app: 'ingress-nginx' }), pod('StatefulSet', 'redis'), 6379)).toBe(false);
  });
});
