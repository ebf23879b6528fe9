/** The parts of Kubernetes objects the chart tests look at. */

export type Labels = Record<string, string>;

export interface ObjectMeta {
  name: string;
  namespace?: string;
  labels?: Labels;
  annotations?: Record<string, string>;
}

export interface LabelSelector {
  matchLabels?: Labels;
  matchExpressions?: { key: string; operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist'; values?: string[] }[];
}

export interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: {
    secretKeyRef?: { name: string; key: string };
    configMapKeyRef?: { name: string; key: string };
    fieldRef?: { fieldPath: string };
  };
}

export interface Probe {
  httpGet?: { path: string; port: number | string };
  exec?: { command: string[] };
  tcpSocket?: { port: number | string };
  periodSeconds?: number;
  failureThreshold?: number;
}

export interface SecurityContext {
  runAsNonRoot?: boolean;
  runAsUser?: number;
  runAsGroup?: number;
  fsGroup?: number;
  allowPrivilegeEscalation?: boolean;
  readOnlyRootFilesystem?: boolean;
  privileged?: boolean;
  capabilities?: { drop?: string[]; add?: string[] };
  seccompProfile?: { type: string };
}

export interface Container {
  name: string;
  image: string;
  command?: string[];
  args?: string[];
  ports?: { name?: string; containerPort: number; protocol?: string }[];
  env?: EnvVar[];
  envFrom?: unknown[];
  startupProbe?: Probe;
  livenessProbe?: Probe;
  readinessProbe?: Probe;
  lifecycle?: { preStop?: { sleep?: { seconds: number }; exec?: unknown; httpGet?: unknown } };
  resources?: { requests?: Record<string, string | number>; limits?: Record<string, string | number> };
  securityContext?: SecurityContext;
  volumeMounts?: { name: string; mountPath: string; subPath?: string; readOnly?: boolean }[];
}

export interface Volume {
  name: string;
  hostPath?: { path: string; type?: string };
  projected?: { sources: { serviceAccountToken?: { audience?: string; path: string; expirationSeconds?: number } }[] };
  configMap?: { name: string; items?: { key: string; path: string }[] };
  secret?: { secretName: string };
  emptyDir?: { sizeLimit?: string; medium?: string };
  persistentVolumeClaim?: { claimName: string };
}

export interface PodSpec {
  containers: Container[];
  initContainers?: Container[];
  volumes?: Volume[];
  securityContext?: SecurityContext;
  automountServiceAccountToken?: boolean;
  serviceAccountName?: string;
  terminationGracePeriodSeconds?: number;
  topologySpreadConstraints?: { topologyKey: string; labelSelector?: LabelSelector }[];
  hostNetwork?: boolean;
  nodeSelector?: Labels;
  tolerations?: { key?: string; operator?: string; effect?: string; value?: string }[];
  affinity?: Record<string, unknown>;
  runtimeClassName?: string;
  hostPID?: boolean;
  hostIPC?: boolean;
}

export interface PodTemplate {
  metadata: { labels?: Labels; annotations?: Record<string, string> };
  spec: PodSpec;
}

export interface NetworkPolicyPeer {
  podSelector?: LabelSelector;
  namespaceSelector?: LabelSelector;
  ipBlock?: { cidr: string; except?: string[] };
}

export interface NetworkPolicyPort {
  port?: number | string;
  protocol?: string;
}

export interface NetworkPolicyRule {
  from?: NetworkPolicyPeer[];
  to?: NetworkPolicyPeer[];
  ports?: NetworkPolicyPort[];
}

/** Any rendered object; `spec` is read through the narrower views below. */
export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta;
  spec?: Record<string, unknown>;
  data?: Record<string, string>;
  stringData?: Record<string, string>;
  automountServiceAccountToken?: boolean;
}

export interface NetworkPolicy extends K8sObject {
  spec: {
    podSelector: LabelSelector;
    policyTypes?: ('Ingress' | 'Egress')[];
    ingress?: NetworkPolicyRule[];
    egress?: NetworkPolicyRule[];
  };
}

export interface Service extends K8sObject {
  spec: {
    type?: string;
    clusterIP?: string;
    selector?: Labels;
    ports: { name?: string; port: number; targetPort?: number | string }[];
  };
}

/** A Deployment, StatefulSet or bare Pod, seen as the pod it runs. */
export interface Workload {
  object: K8sObject;
  /** "Deployment/jd-classifier-service" */
  ref: string;
  template: PodTemplate;
}

export function refOf(object: K8sObject): string {
  return `${object.kind}/${object.metadata.name}`;
}

export function isHook(object: K8sObject): boolean {
  return object.metadata.annotations?.['helm.sh/hook'] !== undefined;
}

export function ofKind<T extends K8sObject = K8sObject>(objects: K8sObject[], kind: string): T[] {
  return objects.filter((object) => object.kind === kind) as T[];
}

export function find<T extends K8sObject = K8sObject>(objects: K8sObject[], kind: string, name: string): T {
  const found = objects.find((object) => object.kind === kind && object.metadata.name === name);
  if (!found) throw new Error(`${kind}/${name} is not rendered; rendered: ${objects.map(refOf).join(', ')}`);
  return found as T;
}

/** Every pod the objects would run: Deployment, StatefulSet, Job and CronJob templates, and bare Pods (helm tests). */
export function workloadsOf(objects: K8sObject[]): Workload[] {
  return objects.flatMap((object): Workload[] => {
    if (object.kind === 'Deployment' || object.kind === 'StatefulSet' || object.kind === 'Job') {
      return [{ object, ref: refOf(object), template: object.spec?.template as PodTemplate }];
    }
    if (object.kind === 'CronJob') {
      const jobTemplate = object.spec?.jobTemplate as { spec: { template: PodTemplate } };
      return [{ object, ref: refOf(object), template: jobTemplate.spec.template }];
    }
    if (object.kind === 'Pod') {
      return [{ object, ref: refOf(object), template: { metadata: object.metadata, spec: object.spec as unknown as PodSpec } }];
    }
    return [];
  });
}

export function selectorMatches(selector: LabelSelector | undefined, labels: Labels = {}): boolean {
  if (!selector) return false;
  const byLabels = Object.entries(selector.matchLabels ?? {}).every(([key, value]) => labels[key] === value);
  const byExpressions = (selector.matchExpressions ?? []).every(({ key, operator, values = [] }) => {
    switch (operator) {
      case 'In':
        return key in labels && values.includes(labels[key]);
      case 'NotIn':
        return !(key in labels) || !values.includes(labels[key]);
      case 'Exists':
        return key in labels;
      case 'DoesNotExist':
        return !(key in labels);
    }
  });
  return byLabels && byExpressions;
}

export function envOf(container: Container): Map<string, EnvVar> {
  return new Map((container.env ?? []).map((variable) => [variable.name, variable]));
}

/** The container port a probe, Service or NetworkPolicy port (number or name) points at. */
export function resolvePort(container: Container, port: number | string | undefined): number | undefined {
  if (typeof port === 'number') return port;
  return container.ports?.find((candidate) => candidate.name === port)?.containerPort;
}
