/**
 * A small NetworkPolicy evaluator (the networking.k8s.io/v1 semantics): would
 * a connection from one endpoint to another be allowed by the policies?
 * Lets tests ask what an operator cares about ("can the app reach Redis?",
 * "can any other pod?") instead of inspecting YAML.
 */
import {
  type Container,
  type Labels,
  type NetworkPolicy,
  type NetworkPolicyPeer,
  type NetworkPolicyPort,
  type NetworkPolicyRule,
  type Workload,
  resolvePort,
  selectorMatches,
} from './manifests';

/** A pod (namespace + labels + containers for named ports) or an address outside the cluster. */
export type Endpoint =
  | { kind: 'pod'; name: string; namespace: string; labels: Labels; containers?: Container[] }
  | { kind: 'address'; name: string; ip: string };

/** Namespace labels by name; every namespace carries kubernetes.io/metadata.name. */
function namespaceLabels(namespace: string): Labels {
  return { 'kubernetes.io/metadata.name': namespace };
}

export function podEndpoint(workload: Workload, namespace: string): Endpoint {
  return {
    kind: 'pod',
    name: workload.ref,
    namespace,
    labels: workload.template.metadata.labels ?? {},
    containers: workload.template.spec.containers,
  };
}

export function otherPod(name: string, namespace: string, labels: Labels): Endpoint {
  return { kind: 'pod', name, namespace, labels };
}

export function address(ip: string): Endpoint {
  return { kind: 'address', name: ip, ip };
}

/** An IPv4 or IPv6 address as a number and its width in bits; undefined when it is neither. */
function parseAddress(ip: string): { value: bigint; bits: 32 | 128 } | undefined {
  if (ip.includes(':')) {
    const halves = ip.split('::');
    if (halves.length > 2) return undefined;
    const groups = (part: string) => (part === '' ? [] : part.split(':'));
    const head = groups(halves[0]);
    const tail = halves.length === 2 ? groups(halves[1]) : [];
    const missing = 8 - head.length - tail.length;
    if (missing < 0 || (halves.length === 1 && missing !== 0)) return undefined;
    const all = [...head, ...Array<string>(missing).fill('0'), ...tail];
    if (all.some((group) => !/^[0-9a-fA-F]{1,4}$/.test(group))) return undefined;
    return { value: all.reduce((value, group) => (value << 16n) + BigInt(parseInt(group, 16)), 0n), bits: 128 };
  }
  const parts = ip.split('.').map(Number);
  if (parts.length !== 4 || parts.some((part) => !Number.isInteger(part) || part < 0 || part > 255)) return undefined;
  return { value: parts.reduce((value, part) => value * 256n + BigInt(part), 0n), bits: 32 };
}

/** Whether `ip` is inside `cidr`; addresses of the other family never are. */
export function cidrContains(cidr: string, ip: string): boolean {
  const [base, prefix] = cidr.split('/');
  const network = parseAddress(base);
  const address = parseAddress(ip);
  if (network === undefined || address === undefined || network.bits !== address.bits) return false;
  const shift = BigInt(network.bits - Number(prefix));
  return network.value >> shift === address.value >> shift;
}

/** Does `peer`, written in a policy of `policyNamespace`, match `endpoint`? */
function peerMatches(peer: NetworkPolicyPeer, endpoint: Endpoint, policyNamespace: string): boolean {
  if (peer.ipBlock) {
    if (endpoint.kind !== 'address') return false;
    const { cidr, except = [] } = peer.ipBlock;
    return cidrContains(cidr, endpoint.ip) && !except.some((excluded) => cidrContains(excluded, endpoint.ip));
  }
  if (endpoint.kind !== 'pod') return false;
  const namespaceOk = peer.namespaceSelector
    ? selectorMatches(peer.namespaceSelector, namespaceLabels(endpoint.namespace))
    : endpoint.namespace === policyNamespace;
  const podOk = peer.podSelector ? selectorMatches(peer.podSelector, endpoint.labels) : true;
  return namespaceOk && podOk;
}

/** Named ports resolve against the destination pod's containers. */
function portMatches(ports: NetworkPolicyPort[] | undefined, port: number, protocol: string, destination: Endpoint): boolean {
  if (!ports || ports.length === 0) return true;
  return ports.some((candidate) => {
    if ((candidate.protocol ?? 'TCP') !== protocol) return false;
    if (candidate.port === undefined) return true;
    if (typeof candidate.port === 'number') return candidate.port === port;
    if (destination.kind !== 'pod') return false;
    return (destination.containers ?? []).some((container) => resolvePort(container, candidate.port) === port);
  });
}

function ruleAllows(
  rule: NetworkPolicyRule,
  peers: NetworkPolicyPeer[] | undefined,
  other: Endpoint,
  policyNamespace: string,
  port: number,
  protocol: string,
  destination: Endpoint,
): boolean {
  const peerOk = !peers || peers.length === 0 || peers.some((peer) => peerMatches(peer, other, policyNamespace));
  return peerOk && portMatches(rule.ports, port, protocol, destination);
}

function policyTypes(policy: NetworkPolicy): string[] {
  return policy.spec.policyTypes ?? ['Ingress', ...(policy.spec.egress ? ['Egress'] : [])];
}

export interface Connection {
  from: Endpoint;
  to: Endpoint;
  port: number;
  protocol?: 'TCP' | 'UDP';
}

/**
 * `policies` are those of `namespace` (the release's). Endpoints elsewhere are
 * taken as unrestricted on their side (their own policies are not ours).
 */
export function isAllowed(policies: NetworkPolicy[], namespace: string, { from, to, port, protocol = 'TCP' }: Connection): boolean {
  const selecting = (endpoint: Endpoint, type: string) =>
    endpoint.kind === 'pod' && endpoint.namespace === namespace
      ? policies.filter((policy) => policyTypes(policy).includes(type) && selectorMatches(policy.spec.podSelector, endpoint.labels))
      : [];

  const egressPolicies = selecting(from, 'Egress');
  const egressOk =
    egressPolicies.length === 0 ||
    egressPolicies.some((policy) => (policy.spec.egress ?? []).some((rule) => ruleAllows(rule, rule.to, to, namespace, port, protocol, to)));

  const ingressPolicies = selecting(to, 'Ingress');
  const ingressOk =
    ingressPolicies.length === 0 ||
    ingressPolicies.some((policy) => (policy.spec.ingress ?? []).some((rule) => ruleAllows(rule, rule.from, from, namespace, port, protocol, to)));

  return egressOk && ingressOk;
}
