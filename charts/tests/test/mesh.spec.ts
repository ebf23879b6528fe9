/**
 * Canaries (a second Deployment per app, track: canary, weighted by an Istio
 * VirtualService) and the Istio policies: STRICT mTLS and AuthorizationPolicies
 * that allow what the NetworkPolicies allow, by workload identity.
 */
import { resolve } from 'node:path';
import { render, renderError } from '../src/helm';
import { envValue, mainContainer, network, podTemplate } from '../src/inspect';
import { type K8sObject, type LabelSelector, type Service, find, ofKind, selectorMatches } from '../src/manifests';
import { otherPod } from '../src/network';
import { UMBRELLA } from '../src/paths';

const CANARY = resolve(UMBRELLA, 'ci/canary-istio-values.yaml');
const principal = (serviceAccount: string) => `cluster.local/ns/emm/sa/${serviceAccount}`;

interface AuthorizationPolicy extends K8sObject {
  spec: {
    selector?: { matchLabels: Record<string, string> };
    action?: string;
    rules?: { from?: { source: { principals?: string[]; namespaces?: string[] } }[]; to?: { operation: { ports?: string[]; paths?: string[]; methods?: string[] } }[] }[];
  };
}

let objects: K8sObject[];
beforeAll(async () => {
  ({ objects } = await render({ values: [CANARY] }));
});

const selectorOf = (name: string): LabelSelector => (find(objects, 'Deployment', name).spec as { selector: LabelSelector }).selector;
const labelsOf = (name: string) => podTemplate(objects, 'Deployment', name).metadata.labels;

describe('canary', () => {
  it('runs the canary image next to the stable one, each Deployment owning only its own pods', () => {
    expect(mainContainer(objects, 'jd-classifier-service').image).toBe('ghcr.io/emm/jd-classifier-service:0.1.0');
    expect(mainContainer(objects, 'jd-classifier-service-canary').image).toBe('ghcr.io/emm/jd-classifier-service:0.2.0-rc.1');
    expect(envValue(mainContainer(objects, 'jd-classifier-service-canary'), 'SERVICE_VERSION')).toBe('0.2.0-rc.1');
    expect(labelsOf('jd-classifier-service')).toMatchObject({ track: 'stable' });
    expect(labelsOf('jd-classifier-service-canary')).toMatchObject({ track: 'canary' });
    expect(selectorMatches(selectorOf('jd-classifier-service'), labelsOf('jd-classifier-service-canary'))).toBe(false);
    expect(selectorMatches(selectorOf('jd-classifier-service-canary'), labelsOf('jd-classifier-service'))).toBe(false);
    expect((find(objects, 'Deployment', 'jd-classifier-service-canary').spec as { replicas: number }).replicas).toBe(1);
  });

  it('serves both tracks behind the one Service, PodDisruptionBudget and NetworkPolicy', () => {
    const service = find<Service>(objects, 'Service', 'jd-classifier-service');
    for (const name of ['jd-classifier-service', 'jd-classifier-service-canary']) {
      expect(selectorMatches({ matchLabels: service.spec.selector }, labelsOf(name))).toBe(true);
      const pdb = find(objects, 'PodDisruptionBudget', 'jd-classifier-service').spec as { selector: LabelSelector };
      expect(selectorMatches(pdb.selector, labelsOf(name))).toBe(true);
    }
    const { pod, allowed } = network(objects);
    expect(allowed(pod('Deployment', 'content-classifier-service'), pod('Deployment', 'jd-classifier-service-canary'), 8080)).toBe(true);
    expect(allowed(otherPod('intruder', 'emm', { app: 'x' }), pod('Deployment', 'jd-classifier-service-canary'), 8080)).toBe(false);
  });

  it('weights the requests: 90 % stable, 10 % canary, by the track subsets', () => {
    const host = 'jd-classifier-service.emm.svc.cluster.local';
    expect(find(objects, 'DestinationRule', 'jd-classifier-service').spec).toEqual({
      host,
      subsets: [
        { name: 'stable', labels: { track: 'stable' } },
        { name: 'canary', labels: { track: 'canary' } },
      ],
    });
    expect(find(objects, 'VirtualService', 'jd-classifier-service').spec).toEqual({
      hosts: [host],
      http: [
        {
          route: [
            { destination: { host, subset: 'stable', port: { number: 8080 } }, weight: 90 },
            { destination: { host, subset: 'canary', port: { number: 8080 } }, weight: 10 },
          ],
        },
      ],
    });
  });

  it('gives an agent a canary API (weighted) and canary workers (sharing the queue)', () => {
    expect(mainContainer(objects, 'file-system-agent-api-canary').image).toBe('ghcr.io/emm/file-system-agent:0.2.0-rc.1');
    expect(envValue(mainContainer(objects, 'file-system-agent-worker-canary'), 'ROLE')).toBe('worker');
    expect(find(objects, 'VirtualService', 'file-system-agent').spec).toMatchObject({ http: [{ route: [{ weight: 75 }, { weight: 25 }] }] });
    // Workers take no requests: no traffic split for them.
    expect(ofKind(objects, 'VirtualService').map((service) => service.metadata.name).sort()).toEqual(['file-system-agent', 'jd-classifier-service']);
  });

  it('needs the canary image', async () => {
    expect(await renderError({ set: { 'jd-classifier-service.canary.enabled': 'true' } })).toContain('jd-classifier-service: canary.enabled needs canary.image.tag');
  });

  it('without Istio: the canary Deployment only, requests split by pod count', async () => {
    const plain = await render({ set: { 'jd-classifier-service.canary.enabled': 'true', 'jd-classifier-service.canary.image.tag': '0.2.0' } });
    expect(ofKind(plain.objects, 'VirtualService')).toEqual([]);
    find(plain.objects, 'Deployment', 'jd-classifier-service-canary');
  });
});

describe('Istio', () => {
  const policies = () => ofKind<AuthorizationPolicy>(objects, 'AuthorizationPolicy');
  const policy = (name: string) => find<AuthorizationPolicy>(objects, 'AuthorizationPolicy', name);

  it('injects a sidecar into every EMM pod and enforces mTLS for the release', () => {
    for (const name of ['jd-classifier-service', 'file-system-agent-worker', 'jd-classifier-service-canary']) {
      expect(labelsOf(name)).toMatchObject({ 'sidecar.istio.io/inject': 'true' });
    }
    expect(podTemplate(objects, 'StatefulSet', 'redis').metadata.labels).toMatchObject({ 'sidecar.istio.io/inject': 'true' });
    // helm test pods too: they call the apps through mTLS (native sidecars let them finish).
    expect(find(objects, 'Pod', 'jd-classifier-service-test-ready').metadata.labels).toMatchObject({ 'sidecar.istio.io/inject': 'true' });
    expect(find(objects, 'PeerAuthentication', 'emm-mtls').spec).toEqual({
      selector: { matchLabels: { 'app.kubernetes.io/instance': 'emm', 'app.kubernetes.io/part-of': 'emm' } },
      mtls: { mode: 'STRICT' },
    });
  });

  it('denies everything it does not allow', () => {
    expect(policy('emm-allow-nothing').spec).toEqual({ selector: { matchLabels: { 'app.kubernetes.io/instance': 'emm', 'app.kubernetes.io/part-of': 'emm' } } });
  });

  it('lets exactly the apps that call a service in, by their identity', () => {
    const jd = policy('jd-classifier-service');
    expect(jd.spec.selector?.matchLabels).toEqual({ 'app.kubernetes.io/name': 'jd-classifier-service', 'app.kubernetes.io/instance': 'emm', 'app.kubernetes.io/component': 'mcp-server' });
    expect(jd.spec.rules?.[0]).toEqual({
      from: [{ source: { principals: ['bookmark-classifier-service', 'bookmark-scraper', 'content-classifier-service', 'file-system-agent'].map(principal) } }],
      to: [{ operation: { ports: ['8080'] } }],
    });
    const fileSystem = policy('file-system-service').spec.rules?.[0].from?.[0].source.principals;
    expect(fileSystem).toEqual(['bookmark-scraper', 'file-system-agent'].map(principal));
    // Nobody calls the web scraper but the bookmark scraper.
    expect(policy('web-scraper-service').spec.rules?.[0].from?.[0].source.principals).toEqual([principal('bookmark-scraper')]);
  });

  it("lets Prometheus read /metrics and the helm test pod /health/ready, nothing else", () => {
    expect(policy('jd-classifier-service-metrics').spec.rules).toEqual([{ from: [{ source: { namespaces: ['monitoring'] } }], to: [{ operation: { methods: ['GET'], paths: ['/metrics'] } }] }]);
    expect(policy('jd-classifier-service').spec.rules?.[1]).toEqual({ from: [{ source: { principals: [principal('default')] } }], to: [{ operation: { methods: ['GET'], paths: ['/health/ready'] } }] });
  });

  it('lets the Redis clients into Redis, and Prometheus to its exporter', () => {
    const redis = policy('redis').spec.rules ?? [];
    const clients = redis[0].from?.[0].source.principals ?? [];
    expect(clients).toContain(principal('file-system-agent'));
    expect(clients).toContain(principal('web-scraper-service'));
    expect(redis[0].to).toEqual([{ operation: { ports: ['6379'] } }]);
    expect(redis[1]).toEqual({ from: [{ source: { namespaces: ['monitoring'] } }], to: [{ operation: { ports: ['9121'] } }] });
  });

  it('keeps the NetworkPolicies working with sidecars: istiod reachable, Prometheus on the merged-metrics port', () => {
    const { pod, allowed } = network(objects);
    const istiod = otherPod('istiod', 'istio-system', { app: 'istiod' });
    const prometheus = otherPod('prometheus', 'monitoring', { 'app.kubernetes.io/name': 'prometheus' });
    expect(allowed(pod('Deployment', 'jd-classifier-service'), istiod, 15012)).toBe(true);
    expect(allowed(prometheus, pod('Deployment', 'jd-classifier-service'), 15020)).toBe(true);
    expect(allowed(otherPod('x', 'emm', {}), pod('Deployment', 'jd-classifier-service'), 15020)).toBe(false);
    expect(allowed(pod('StatefulSet', 'redis'), istiod, 15012)).toBe(true);
    expect(allowed(prometheus, pod('StatefulSet', 'redis'), 15020)).toBe(true);
  });

  it('renders no mesh object without Istio', async () => {
    const { objects: plain } = await render({});
    expect(plain.filter((object) => object.apiVersion.includes('istio.io'))).toEqual([]);
    expect(policies().length).toBeGreaterThan(0);
  });
});
