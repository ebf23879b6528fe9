/** Questions tests ask of one render: a workload's pod, its container's environment, who may reach whom. */
import { type Container, type EnvVar, type K8sObject, type NetworkPolicy, type PodTemplate, type Workload, envOf, find, ofKind, workloadsOf } from './manifests';
import { type Endpoint, isAllowed, otherPod, podEndpoint } from './network';

export const NAMESPACE = 'emm';

export function workload(objects: K8sObject[], kind: string, name: string): Workload {
  return workloadsOf([find(objects, kind, name)])[0];
}

export function podTemplate(objects: K8sObject[], kind: string, name: string): PodTemplate {
  return workload(objects, kind, name).template;
}

/** The first container of a Deployment (or another kind's pod). */
export function mainContainer(objects: K8sObject[], name: string, kind = 'Deployment'): Container {
  return podTemplate(objects, kind, name).spec.containers[0];
}

export function env(container: Container): Map<string, EnvVar> {
  return envOf(container);
}

export function envValue(container: Container, name: string): string | undefined {
  return envOf(container).get(name)?.value;
}

export function secretRef(container: Container, name: string): { name: string; key: string; optional?: boolean } | undefined {
  return envOf(container).get(name)?.valueFrom?.secretKeyRef;
}

/** Network questions about one render (hook policies included, for test pods). */
export function network(objects: K8sObject[], namespace = NAMESPACE) {
  const policies = ofKind<NetworkPolicy>(objects, 'NetworkPolicy');
  const pod = (kind: string, name: string): Endpoint => podEndpoint(workload(objects, kind, name), namespace);
  const allowed = (from: Endpoint, to: Endpoint, port: number, protocol: 'TCP' | 'UDP' = 'TCP') => isAllowed(policies, namespace, { from, to, port, protocol });
  return { pod, allowed };
}

export const kubeDns = otherPod('kube-dns', 'kube-system', { 'k8s-app': 'kube-dns' });
export const clusterPrometheus = otherPod('prometheus', 'monitoring', { 'app.kubernetes.io/name': 'prometheus' });
