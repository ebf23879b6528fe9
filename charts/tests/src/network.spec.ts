import { type NetworkPolicy } from './manifests';
import { address, cidrContains, isAllowed, otherPod } from './network';

const web = otherPod('web', 'shop', { app: 'web' });
const db = { ...otherPod('db', 'shop', { app: 'db' }), containers: [{ name: 'db', image: 'db', ports: [{ name: 'sql', containerPort: 5432 }] }] };
const monitor = otherPod('prometheus', 'monitoring', { app: 'prometheus' });

function policy(name: string, spec: NetworkPolicy['spec']): NetworkPolicy {
  return { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name }, spec };
}

const denyAll = policy('deny', { podSelector: {}, policyTypes: ['Ingress', 'Egress'] });
const dbIngress = policy('db', {
  podSelector: { matchLabels: { app: 'db' } },
  policyTypes: ['Ingress'],
  ingress: [
    { from: [{ podSelector: { matchLabels: { app: 'web' } } }], ports: [{ port: 'sql' }] },
    { from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } } }], ports: [{ port: 9187 }] },
  ],
});
const webEgress = policy('web', {
  podSelector: { matchLabels: { app: 'web' } },
  policyTypes: ['Egress'],
  egress: [
    { to: [{ podSelector: { matchLabels: { app: 'db' } } }] },
    { to: [{ ipBlock: { cidr: '0.0.0.0/0', except: ['10.0.0.0/8'] } }], ports: [{ port: 443 }] },
  ],
});

describe('NetworkPolicy evaluation', () => {
  it('allows everything without policies and nothing under default deny', () => {
    expect(isAllowed([], 'shop', { from: web, to: db, port: 5432 })).toBe(true);
    expect(isAllowed([denyAll], 'shop', { from: web, to: db, port: 5432 })).toBe(false);
  });

  it('needs both the egress and the ingress side to allow a connection', () => {
    const policies = [denyAll, dbIngress, webEgress];
    expect(isAllowed(policies, 'shop', { from: web, to: db, port: 5432 })).toBe(true);
    expect(isAllowed(policies, 'shop', { from: web, to: db, port: 5433 })).toBe(false);
    expect(isAllowed([denyAll, dbIngress], 'shop', { from: web, to: db, port: 5432 })).toBe(false);
    expect(isAllowed(policies, 'shop', { from: db, to: web, port: 8080 })).toBe(false);
  });

  it('matches namespace selectors and UDP separately from TCP', () => {
    const policies = [denyAll, dbIngress];
    expect(isAllowed(policies, 'shop', { from: monitor, to: db, port: 9187 })).toBe(true);
    expect(isAllowed(policies, 'shop', { from: monitor, to: db, port: 9187, protocol: 'UDP' })).toBe(false);
    expect(isAllowed(policies, 'shop', { from: otherPod('web', 'elsewhere', { app: 'web' }), to: db, port: 5432 })).toBe(false);
  });

  it('matches ipBlocks with their exceptions', () => {
    const policies = [denyAll, webEgress];
    expect(isAllowed(policies, 'shop', { from: web, to: address('93.184.216.34'), port: 443 })).toBe(true);
    expect(isAllowed(policies, 'shop', { from: web, to: address('10.3.2.1'), port: 443 })).toBe(false);
    expect(isAllowed(policies, 'shop', { from: web, to: address('93.184.216.34'), port: 80 })).toBe(false);
  });

  it('computes CIDR membership', () => {
    expect(cidrContains('10.20.30.0/24', '10.20.30.255')).toBe(true);
    expect(cidrContains('10.20.30.0/24', '10.20.31.0')).toBe(false);
    expect(cidrContains('0.0.0.0/0', '1.2.3.4')).toBe(true);
    expect(cidrContains('169.254.0.0/16', '169.254.169.254')).toBe(true);
  });

  it('computes IPv6 CIDR membership and never mixes the families', () => {
    expect(cidrContains('::/0', '2606:4700::6810:84e5')).toBe(true);
    expect(cidrContains('fc00::/7', 'fd12:3456::1')).toBe(true);
    expect(cidrContains('fc00::/7', '2606:4700::1')).toBe(false);
    expect(cidrContains('fe80::/10', 'fe80::1')).toBe(true);
    expect(cidrContains('::1/128', '::1')).toBe(true);
    expect(cidrContains('::/0', '1.2.3.4')).toBe(false);
    expect(cidrContains('0.0.0.0/0', '::1')).toBe(false);
  });
});
