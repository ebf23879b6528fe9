/**
 * The library's agent path (kind: agent → api + worker Deployments), through a
 * fixture app chart built like every EMM app chart, installed next to the
 * umbrella's jd-classifier-service it calls. Also the 63-character name limit.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse, stringify } from 'yaml';
import { type RenderOptions, render, renderError } from '../src/helm';
import { validateAgainstSchemas } from '../src/kube-schemas';
import { type Container, type K8sObject, type NetworkPolicy, type PodTemplate, type Service, envOf, find, ofKind, selectorMatches, workloadsOf } from '../src/manifests';
import { address, isAllowed, otherPod, podEndpoint } from '../src/network';
import { AGENT_FIXTURE, UMBRELLA } from '../src/paths';
import { allViolations, uniqueNameViolations } from '../src/policies';

const NAMESPACE = 'emm';
let workDir: string;
let agentOptions: RenderOptions;
let agent: K8sObject[];
let umbrella: K8sObject[];

beforeAll(async () => {
  // The fixture gets the umbrella's global defaults, as it would as a subchart.
  workDir = mkdtempSync(join(tmpdir(), 'emm-agent-'));
  const globals = join(workDir, 'globals.yaml');
  const umbrellaValues = parse(readFileSync(resolve(UMBRELLA, 'values.yaml'), 'utf8')) as { global: unknown };
  writeFileSync(globals, stringify({ global: umbrellaValues.global }));
  agentOptions = { chart: AGENT_FIXTURE, values: [globals] };
  [agent, umbrella] = await Promise.all([render(agentOptions).then((r) => r.objects), render({}).then((r) => r.objects)]);
});

afterAll(() => rmSync(workDir, { recursive: true, force: true }));

function template(name: string): PodTemplate {
  return (find(agent, 'Deployment', name).spec as { template: PodTemplate }).template;
}

function container(name: string): Container {
  return template(name).spec.containers[0];
}

describe('an agent app', () => {
  it('runs as an api and a worker Deployment from one image', () => {
    expect(ofKind(agent, 'Deployment').map((deployment) => deployment.metadata.name).sort()).toEqual(['example-agent-api', 'example-agent-worker']);
    expect(container('example-agent-api').image).toBe(container('example-agent-worker').image);
    expect(envOf(container('example-agent-api')).get('ROLE')?.value).toBe('api');
    expect(envOf(container('example-agent-worker')).get('ROLE')?.value).toBe('worker');
  });

  it('serves its API through the app Service and exposes workers to Prometheus through a headless one', () => {
    const api = find<Service>(agent, 'Service', 'example-agent');
    const workers = find<Service>(agent, 'Service', 'example-agent-worker');
    expect(selectorMatches({ matchLabels: api.spec.selector }, template('example-agent-api').metadata.labels)).toBe(true);
    expect(selectorMatches({ matchLabels: api.spec.selector }, template('example-agent-worker').metadata.labels)).toBe(false);
    expect(workers.spec.clusterIP).toBe('None');
    expect(selectorMatches({ matchLabels: workers.spec.selector }, template('example-agent-worker').metadata.labels)).toBe(true);
  });

  it('finds the MCP services it calls under their in-cluster names and is no MCP server itself', () => {
    for (const name of ['example-agent-api', 'example-agent-worker']) {
      const env = envOf(container(name));
      expect(env.get('MCP_JD_CLASSIFIER_URL')?.value).toBe('http://jd-classifier-service:8080/mcp');
      expect(env.has('MCP_ALLOWED_HOSTS')).toBe(false);
    }
  });

  it('gives workers their own scale, resources and a grace period fitting their longer shutdown', () => {
    const worker = find(agent, 'Deployment', 'example-agent-worker');
    expect((worker.spec as { replicas?: number }).replicas).toBeUndefined();
    expect(find(agent, 'HorizontalPodAutoscaler', 'example-agent-worker').spec).toMatchObject({ minReplicas: 2, maxReplicas: 8 });
    expect(envOf(container('example-agent-worker')).get('SHUTDOWN_TIMEOUT_MS')?.value).toBe('60000');
    expect(template('example-agent-worker').spec.terminationGracePeriodSeconds).toBe(70);
    // Only the memory limit differs; the rest is the app's.
    expect(container('example-agent-worker').resources).toEqual({ requests: { cpu: '50m', memory: '128Mi' }, limits: { cpu: '500m', memory: '512Mi' } });

    expect((find(agent, 'Deployment', 'example-agent-api').spec as { replicas?: number }).replicas).toBe(1);
    expect(ofKind(agent, 'HorizontalPodAutoscaler').map((hpa) => hpa.metadata.name)).toEqual(['example-agent-worker']);
    expect(template('example-agent-api').spec.terminationGracePeriodSeconds).toBe(30);
  });

  it('follows the deployment rules and the Kubernetes schemas', async () => {
    expect(allViolations(agent, { networkPolicies: false })).toEqual([]);
    expect(await validateAgainstSchemas([{ label: 'example-agent', objects: agent }])).toEqual([]);
  });

  it('reaches jd-classifier-service, Redis and public addresses, but no private ones', () => {
    const policies = ofKind<NetworkPolicy>([...agent, ...umbrella], 'NetworkPolicy');
    const allowed = (from: ReturnType<typeof podEndpoint>, to: ReturnType<typeof podEndpoint>, port: number) =>
      isAllowed(policies, NAMESPACE, { from, to, port });
    const pods = (objects: K8sObject[], name: string) => podEndpoint(workloadsOf([find(objects, name === 'redis' ? 'StatefulSet' : 'Deployment', name)])[0], NAMESPACE);
    const jd = pods(umbrella, 'jd-classifier-service');
    for (const role of ['example-agent-api', 'example-agent-worker']) {
      const agentPod = pods(agent, role);
      expect(allowed(agentPod, jd, 8080)).toBe(true);
      expect(allowed(agentPod, pods(umbrella, 'redis'), 6379)).toBe(true);
      expect(allowed(agentPod, address('93.184.216.34'), 443)).toBe(true);
      expect(allowed(agentPod, address('10.1.2.3'), 443)).toBe(false);
      expect(allowed(agentPod, address('169.254.169.254'), 80)).toBe(false);
      // The MCP service does not call agents back.
      expect(allowed(jd, agentPod, 8080)).toBe(false);
    }
    // Workers take no traffic but Prometheus' scrapes.
    expect(allowed(otherPod('peer', NAMESPACE, { 'calls.emm.dev/example-agent': 'true' }), pods(agent, 'example-agent-worker'), 8080)).toBe(false);
    expect(allowed(otherPod('prometheus', 'monitoring', { 'app.kubernetes.io/name': 'prometheus' }), pods(agent, 'example-agent-worker'), 8080)).toBe(true);
  });

  it('refuses worker settings on an MCP service', async () => {
    const message = await renderError({ set: { 'jd-classifier-service.worker.replicaCount': '2' } });
    expect(message).toContain('`worker` settings apply only to kind: agent');
  });
});

describe('names', () => {
  it('stay within 63 characters, suffixes included', async () => {
    const { objects } = await render({ ...agentOptions, set: { nameOverride: `a${'-very-long-name'.repeat(5)}` } });
    const names = objects.map((object) => object.metadata.name);
    expect(names.filter((name) => name.length > 63 || name.endsWith('-'))).toEqual([]);
    expect(names).toEqual(expect.arrayContaining([expect.stringMatching(/-worker$/), expect.stringMatching(/-api$/), expect.stringMatching(/-test-ready$/)]));
    expect(uniqueNameViolations(objects)).toEqual([]);
    const labelValues = objects.flatMap((object) => Object.values(object.metadata.labels ?? {}));
    expect(labelValues.filter((value) => value.length > 63)).toEqual([]);
  });
});
