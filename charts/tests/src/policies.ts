/**
 * EMM's deployment rules as checks over rendered objects. Each check returns
 * the violations it found as "<Kind/name>: <what is wrong>" lines, so a failing
 * test lists every problem at once.
 */
import {
  type Container,
  type K8sObject,
  type NetworkPolicy,
  type PodSpec,
  type Service,
  type Workload,
  envOf,
  isHook,
  ofKind,
  refOf,
  resolvePort,
  selectorMatches,
  workloadsOf,
} from './manifests';

const HEALTH_PATHS = { startupProbe: '/health/startup', livenessProbe: '/health/live', readinessProbe: '/health/ready' } as const;
const SECRET_NAME = /PASSWORD|PASSWD|SECRET|TOKEN|API_?KEY|PRIVATE_?KEY|CREDENTIAL/i;
/** Names that look like secrets but hold none: the path of the projected IRSA token file. */
const NOT_SECRETS = new Set(['AWS_WEB_IDENTITY_TOKEN_FILE']);

function allContainers(spec: PodSpec): Container[] {
  return [...(spec.initContainers ?? []), ...spec.containers];
}

/**
 * The one rule a component may break, and why: the monitoring subchart's
 * Prometheus discovers the pods it scrapes through the Kubernetes API
 * (kubernetes_sd_configs), so it mounts its ServiceAccount token; its Role only
 * reads pods, services and endpoints of the release's namespace. Every other
 * pod of every chart, third-party images included, keeps every rule.
 */
export function needsKubernetesApi({ template }: Workload): boolean {
  const labels = template.metadata.labels ?? {};
  return labels['app.kubernetes.io/name'] === 'prometheus' && labels['app.kubernetes.io/component'] === 'monitoring';
}

export interface SecurityExceptions {
  /** hostPath volumes: only the single-node storage mode (global.storage.mode=hostPath) uses one, in namespaces that do not enforce "restricted". */
  hostPath?: boolean;
}

/** Pod Security Standard "restricted", plus a read-only root filesystem and UID/GID 10001. */
export function securityViolations(workload: Workload, exceptions: SecurityExceptions = {}): string[] {
  const { ref, template } = workload;
  const spec = template.spec;
  const pod = spec.securityContext ?? {};
  const found: string[] = [];
  if (pod.runAsNonRoot !== true) found.push(`${ref}: pod securityContext.runAsNonRoot must be true`);
  if (pod.runAsUser !== 10001 || pod.runAsGroup !== 10001) found.push(`${ref}: pod must run as UID/GID 10001`);
  if (pod.fsGroup !== 10001) found.push(`${ref}: pod fsGroup must be 10001`);
  if (pod.seccompProfile?.type !== 'RuntimeDefault') found.push(`${ref}: pod seccompProfile must be RuntimeDefault`);
  if (spec.hostNetwork || spec.hostPID || spec.hostIPC) found.push(`${ref}: must not share host namespaces`);
  if (spec.automountServiceAccountToken !== false && !needsKubernetesApi(workload)) found.push(`${ref}: automountServiceAccountToken must be false`);
  for (const container of allContainers(spec)) {
    const where = `${ref} container ${container.name}`;
    const context = container.securityContext ?? {};
    if (context.allowPrivilegeEscalation !== false) found.push(`${where}: allowPrivilegeEscalation must be false`);
    if (context.privileged) found.push(`${where}: must not be privileged`);
    if (context.readOnlyRootFilesystem !== true) found.push(`${where}: readOnlyRootFilesystem must be true`);
    if (!(context.capabilities?.drop ?? []).includes('ALL')) found.push(`${where}: must drop ALL capabilities`);
    if ((context.capabilities?.add ?? []).length > 0) found.push(`${where}: must not add capabilities`);
    if (context.runAsNonRoot === false || (context.runAsUser !== undefined && context.runAsUser === 0)) {
      found.push(`${where}: must not run as root`);
    }
  }
  for (const volume of spec.volumes ?? []) {
    if ('hostPath' in volume && !exceptions.hostPath) found.push(`${ref}: hostPath volume ${volume.name} is not allowed`);
  }
  return found;
}

export function resourceViolations({ ref, template }: Workload): string[] {
  return allContainers(template.spec).flatMap((container) =>
    ['requests', 'limits'].flatMap((kind) =>
      ['cpu', 'memory']
        .filter((resource) => container.resources?.[kind as 'requests' | 'limits']?.[resource] === undefined)
        .map((resource) => `${ref} container ${container.name}: resources.${kind}.${resource} is missing`),
    ),
  );
}

/** Long-running workloads need all three probes on every container. */
export function probeViolations({ ref, template }: Workload): string[] {
  return template.spec.containers.flatMap((container) =>
    (['startupProbe', 'livenessProbe', 'readinessProbe'] as const)
      .filter((probe) => !container[probe])
      .map((probe) => `${ref} container ${container.name}: ${probe} is missing`),
  );
}

function durationSeconds(milliseconds: string | undefined): number | undefined {
  if (milliseconds === undefined || !/^\d+$/.test(milliseconds)) return undefined;
  return Math.ceil(Number(milliseconds) / 1000);
}

/**
 * An EMM app Deployment: health-endpoint probes, zero-downtime rollouts and a
 * shutdown that fits the grace period (preStop sleep + the app's own deadline).
 */
export function appDeploymentViolations(deployment: K8sObject): string[] {
  const ref = refOf(deployment);
  const found: string[] = [];
  const spec = deployment.spec as {
    strategy?: { type?: string; rollingUpdate?: { maxUnavailable?: number | string } };
    template: { spec: PodSpec };
  };
  if (spec.strategy?.type !== 'RollingUpdate' || spec.strategy.rollingUpdate?.maxUnavailable !== 0) {
    found.push(`${ref}: must roll out with RollingUpdate maxUnavailable 0`);
  }
  const pod = spec.template.spec;
  if (!(pod.topologySpreadConstraints ?? []).some((constraint) => constraint.topologyKey === 'kubernetes.io/hostname')) {
    found.push(`${ref}: pods must spread across nodes (topologySpreadConstraints on kubernetes.io/hostname)`);
  }
  for (const container of pod.containers) {
    for (const [probe, path] of Object.entries(HEALTH_PATHS)) {
      const actual = container[probe as keyof typeof HEALTH_PATHS]?.httpGet?.path;
      if (actual !== path) found.push(`${ref}: ${probe} must GET ${path} (got ${actual ?? 'none'})`);
    }
    const preStop = container.lifecycle?.preStop?.sleep?.seconds;
    if (preStop === undefined) {
      found.push(`${ref}: needs a preStop sleep so endpoints drop the pod before SIGTERM`);
      continue;
    }
    const shutdown = durationSeconds(envOf(container).get('SHUTDOWN_TIMEOUT_MS')?.value);
    if (shutdown === undefined) {
      found.push(`${ref}: SHUTDOWN_TIMEOUT_MS must be set`);
      continue;
    }
    const grace = pod.terminationGracePeriodSeconds ?? 30;
    if (grace <= preStop + shutdown) {
      found.push(`${ref}: terminationGracePeriodSeconds ${grace} must exceed preStop ${preStop}s + shutdown timeout ${shutdown}s`);
    }
  }
  return found;
}

export function uniqueNameViolations(objects: K8sObject[]): string[] {
  const seen = new Map<string, number>();
  for (const object of objects) seen.set(refOf(object), (seen.get(refOf(object)) ?? 0) + 1);
  return [...seen].filter(([, count]) => count > 1).map(([ref, count]) => `${ref}: rendered ${count} times`);
}

/** Every pod is selected by a default-deny policy and by at least one policy of its own. */
export function networkPolicyCoverageViolations(objects: K8sObject[]): string[] {
  const policies = ofKind<NetworkPolicy>(objects, 'NetworkPolicy');
  const isDenyAll = (policy: NetworkPolicy) =>
    (policy.spec.policyTypes ?? []).includes('Ingress') &&
    (policy.spec.policyTypes ?? []).includes('Egress') &&
    (policy.spec.ingress ?? []).length === 0 &&
    (policy.spec.egress ?? []).length === 0;
  return workloadsOf(objects).flatMap(({ ref, template }) => {
    const selecting = policies.filter((policy) => selectorMatches(policy.spec.podSelector, template.metadata.labels));
    const found: string[] = [];
    if (!selecting.some(isDenyAll)) found.push(`${ref}: no default-deny NetworkPolicy selects it`);
    if (!selecting.some((policy) => !isDenyAll(policy))) found.push(`${ref}: no NetworkPolicy of its own selects it`);
    return found;
  });
}

/** A Service's targetPort reaches the port its pods answer readiness on. */
export function serviceTargetPortViolations(objects: K8sObject[]): string[] {
  const workloads = workloadsOf(objects).filter(({ object }) => !isHook(object));
  return ofKind<Service>(objects, 'Service').flatMap((service) => {
    const ref = refOf(service);
    const pods = workloads.filter(({ template }) => selectorMatches({ matchLabels: service.spec.selector }, template.metadata.labels));
    if (pods.length === 0) return [`${ref}: selects no pod`];
    return pods.flatMap(({ ref: podRef, template }) => {
      const main = template.spec.containers[0];
      const readiness = main.readinessProbe;
      const probePort = resolvePort(main, readiness?.httpGet?.port ?? readiness?.tcpSocket?.port);
      const first = service.spec.ports[0];
      const target = template.spec.containers.map((container) => resolvePort(container, first.targetPort ?? first.port)).find((port) => port !== undefined);
      if (target === undefined) return [`${ref}: targetPort ${String(first.targetPort)} is no port of ${podRef}`];
      if (probePort !== undefined && probePort !== target) {
        return [`${ref}: targetPort resolves to ${target} but ${podRef} answers readiness on ${probePort}`];
      }
      return [];
    });
  });
}

/** Secrets only by reference: no Secret objects, no secret-looking env var with a literal value. */
export function secretValueViolations(objects: K8sObject[]): string[] {
  const secrets = ofKind(objects, 'Secret').map((secret) => `${refOf(secret)}: the chart must not render Secrets (reference existing ones)`);
  const literals = workloadsOf(objects).flatMap(({ ref, template }) =>
    allContainers(template.spec).flatMap((container) =>
      (container.env ?? [])
        .filter((variable) => SECRET_NAME.test(variable.name) && !NOT_SECRETS.has(variable.name) && variable.value !== undefined)
        .map((variable) => `${ref} container ${container.name}: ${variable.name} has a literal value; it must come from a secretKeyRef`),
    ),
  );
  return [...secrets, ...literals];
}

/** The components of EMM's own app Deployments (emm-lib): their rules are the platform contract. */
const APP_COMPONENTS = new Set(['mcp-server', 'api', 'worker']);

export function isAppDeployment(object: K8sObject): boolean {
  return object.kind === 'Deployment' && APP_COMPONENTS.has(object.metadata.labels?.['app.kubernetes.io/component'] ?? '');
}

/** Every rule above, over one render. */
export function allViolations(objects: K8sObject[], { networkPolicies, exceptions = {} }: { networkPolicies: boolean; exceptions?: SecurityExceptions }): string[] {
  const workloads = workloadsOf(objects);
  const longRunning = workloads.filter(({ object }) => object.kind === 'Deployment' || object.kind === 'StatefulSet');
  const appDeployments = objects.filter(isAppDeployment);
  return [
    ...workloads.flatMap((workload) => securityViolations(workload, exceptions)),
    ...workloads.flatMap(resourceViolations),
    ...longRunning.flatMap(probeViolations),
    ...appDeployments.flatMap(appDeploymentViolations),
    ...uniqueNameViolations(objects),
    ...serviceTargetPortViolations(objects),
    ...secretValueViolations(objects),
    ...(networkPolicies ? networkPolicyCoverageViolations(objects) : []),
  ];
}
