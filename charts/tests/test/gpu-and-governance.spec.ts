/**
 * The in-chart Ollama on a GPU pool, wired to the content classifier, and the
 * namespace the chart can make: Pod Security "restricted", a quota, defaults.
 */
import { resolve } from 'node:path';
import { parse } from 'yaml';
import { readFileSync } from 'node:fs';
import { render, renderError } from '../src/helm';
import { envValue, mainContainer, network, podTemplate } from '../src/inspect';
import { type K8sObject, find, ofKind, workloadsOf } from '../src/manifests';
import { address, otherPod } from '../src/network';
import { UMBRELLA } from '../src/paths';
import { prodOptions } from '../src/scenarios';

const ci = (file: string) => resolve(UMBRELLA, 'ci', file);

let gpu: K8sObject[];
beforeAll(async () => {
  ({ objects: gpu } = await render({ values: [ci('gpu-ollama-values.yaml')] }));
});

describe('Ollama on GPUs', () => {
  it('runs on the GPU pool with a GPU requested and limited', () => {
    const pod = podTemplate(gpu, 'StatefulSet', 'ollama').spec;
    expect(pod.nodeSelector).toEqual({ 'nvidia.com/gpu.present': 'true' });
    expect(pod.tolerations).toEqual([{ key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' }]);
    const resources = pod.containers[0].resources;
    expect(resources?.requests?.['nvidia.com/gpu']).toBe(1);
    expect(resources?.limits?.['nvidia.com/gpu']).toBe(1);
  });

  it('keeps its models on a PersistentVolumeClaim per server', () => {
    const spec = find(gpu, 'StatefulSet', 'ollama').spec as { volumeClaimTemplates: { metadata: { name: string }; spec: { resources: { requests: { storage: string } } } }[] };
    expect(spec.volumeClaimTemplates.map((claim) => [claim.metadata.name, claim.spec.resources.requests.storage])).toEqual([['models', '50Gi']]);
    const container = podTemplate(gpu, 'StatefulSet', 'ollama').spec.containers[0];
    expect(container.volumeMounts).toContainEqual({ name: 'models', mountPath: '/models' });
    expect(envValue(container, 'OLLAMA_MODELS')).toBe('/models');
  });

  it('pulls the configured model into every server with `ollama pull`', () => {
    const [job] = ofKind(gpu, 'Job');
    expect(job.metadata.name).toMatch(/^ollama-pull-[0-9a-f]{8}$/);
    const command = workloadsOf([job])[0].template.spec.containers[0].command ?? [];
    expect(command.join(' ')).toContain('ollama pull "$model"');
    expect(command.slice(-3)).toEqual(['http://ollama-0.ollama-headless:11434', '--', 'llama3.2:3b']);
  });

  it('is what the content classifier talks to, and only it', () => {
    const classifier = mainContainer(gpu, 'content-classifier-service');
    expect(envValue(classifier, 'OLLAMA_URL')).toBe('http://ollama:11434');
    expect(envValue(classifier, 'LLM_PROVIDER')).toBe('ollama');
    const { pod, allowed } = network(gpu);
    const ollama = pod('StatefulSet', 'ollama');
    expect(allowed(pod('Deployment', 'content-classifier-service'), ollama, 11434)).toBe(true);
    expect(allowed(pod('Job', ofKind(gpu, 'Job')[0].metadata.name), ollama, 11434)).toBe(true);
    expect(allowed(pod('Deployment', 'web-scraper-service'), ollama, 11434)).toBe(false);
    expect(allowed(otherPod('x', 'other', {}), ollama, 11434)).toBe(false);
    // The server downloads models from the public registry, nothing private.
    expect(allowed(ollama, address('104.21.0.1'), 443)).toBe(true);
    expect(allowed(ollama, address('10.0.0.1'), 443)).toBe(false);
  });

  it('refuses an app that wants the in-chart Ollama when it is off', async () => {
    const message = await renderError({ set: { 'content-classifier-service.needs.ollama': 'true' } });
    expect(message).toContain('content-classifier-service uses the in-chart Ollama (needs.ollama) but ollama.enabled is false');
  });
});

describe('every workload accepts scheduling constraints', () => {
  it('nodeSelector, tolerations and affinity reach the pods of apps, workers and Redis', async () => {
    const toleration = { key: 'dedicated', operator: 'Equal', value: 'emm', effect: 'NoSchedule' };
    const affinity = { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'pool', operator: 'In', values: ['emm'] }] }] } } };
    const { objects } = await render({
      setJson: {
        'web-scraper-service.nodeSelector': { pool: 'egress' },
        'file-system-agent.worker.tolerations': [toleration],
        'file-system-agent.worker.affinity': affinity,
        'redis.nodeSelector': { pool: 'stateful' },
      },
    });
    expect(podTemplate(objects, 'Deployment', 'web-scraper-service').spec.nodeSelector).toEqual({ pool: 'egress' });
    expect(podTemplate(objects, 'Deployment', 'file-system-agent-worker').spec.tolerations).toEqual([toleration]);
    expect(podTemplate(objects, 'Deployment', 'file-system-agent-worker').spec.affinity).toEqual(affinity);
    expect(podTemplate(objects, 'Deployment', 'file-system-agent-api').spec.tolerations).toBeUndefined();
    expect(podTemplate(objects, 'StatefulSet', 'redis').spec.nodeSelector).toEqual({ pool: 'stateful' });
  });
});

describe('namespace governance', () => {
  let governed: K8sObject[];
  beforeAll(async () => {
    ({ objects: governed } = await render({ values: [ci('namespace-governance-values.yaml')] }));
  });

  it('makes the namespace with Pod Security admission enforcing "restricted", kept on uninstall', () => {
    const namespace = find(governed, 'Namespace', 'emm');
    expect(namespace.metadata.labels).toMatchObject({
      'pod-security.kubernetes.io/enforce': 'restricted',
      'pod-security.kubernetes.io/enforce-version': 'latest',
      'pod-security.kubernetes.io/audit': 'restricted',
      'pod-security.kubernetes.io/warn': 'restricted',
      team: 'knowledge',
    });
    expect(namespace.metadata.annotations).toEqual({ 'helm.sh/resource-policy': 'keep' });
  });

  it('caps the namespace, GPUs included, and gives containers defaults', () => {
    const quota = find(governed, 'ResourceQuota', 'emm-quota').spec as { hard: Record<string, string> };
    expect(quota.hard).toMatchObject({ 'requests.nvidia.com/gpu': '1', 'requests.cpu': '16', 'limits.memory': '96Gi', pods: '150' });
    expect(find(governed, 'LimitRange', 'emm-limits').spec).toEqual({
      limits: [{ type: 'Container', default: { cpu: '500m', memory: '512Mi' }, defaultRequest: { cpu: '50m', memory: '64Mi' } }],
    });
  });

  it('has room for prod at its full autoscaling size inside the default quota', async () => {
    const { objects } = await render(prodOptions({ apiVersions: ['keda.sh/v1alpha1'], set: { 'namespace.create': 'true' } }));
    const hard = (find(objects, 'ResourceQuota', 'emm-quota').spec as { hard: Record<string, string> }).hard;
    const maxPods = (object: K8sObject): number => {
      const name = object.metadata.name;
      const scaled = [...ofKind(objects, 'HorizontalPodAutoscaler'), ...ofKind(objects, 'ScaledObject')].find(
        (candidate) => (candidate.spec as { scaleTargetRef: { name: string } }).scaleTargetRef.name === name,
      );
      if (scaled) return Number((scaled.spec as { maxReplicas?: number; maxReplicaCount?: number }).maxReplicas ?? (scaled.spec as { maxReplicaCount: number }).maxReplicaCount);
      return Number((object.spec as { replicas?: number }).replicas ?? 1);
    };
    const total = { 'requests.cpu': 0, 'requests.memory': 0, 'limits.cpu': 0, 'limits.memory': 0 };
    let pods = 0;
    for (const object of objects.filter((candidate) => candidate.kind === 'Deployment' || candidate.kind === 'StatefulSet')) {
      const count = maxPods(object);
      pods += count;
      for (const container of workloadsOf([object])[0].template.spec.containers) {
        for (const kind of ['requests', 'limits'] as const) {
          total[`${kind}.cpu`] += count * cpu(String(container.resources?.[kind]?.cpu));
          total[`${kind}.memory`] += count * bytes(String(container.resources?.[kind]?.memory));
        }
      }
    }
    expect(pods).toBeLessThanOrEqual(Number(hard.pods));
    expect(total['requests.cpu']).toBeLessThanOrEqual(cpu(hard['requests.cpu']));
    expect(total['limits.cpu']).toBeLessThanOrEqual(cpu(hard['limits.cpu']));
    expect(total['requests.memory']).toBeLessThanOrEqual(bytes(hard['requests.memory']));
    expect(total['limits.memory']).toBeLessThanOrEqual(bytes(hard['limits.memory']));
  });

  it('renders no namespace objects unless asked', async () => {
    const { objects } = await render({});
    expect(objects.filter((object) => ['Namespace', 'ResourceQuota', 'LimitRange'].includes(object.kind))).toEqual([]);
  });

  it('ships quota keys Kubernetes knows', () => {
    const values = parse(readFileSync(resolve(UMBRELLA, 'values.yaml'), 'utf8')) as { namespace: { resourceQuota: { hard: Record<string, string> } } };
    for (const key of Object.keys(values.namespace.resourceQuota.hard)) {
      expect(key).toMatch(/^(requests|limits)\.(cpu|memory|storage|nvidia\.com\/gpu)$|^(pods|persistentvolumeclaims|services\.loadbalancers|services\.nodeports)$/);
    }
  });
});

function cpu(quantity: string): number {
  return quantity.endsWith('m') ? Number(quantity.slice(0, -1)) / 1000 : Number(quantity);
}

function bytes(quantity: string): number {
  const units: Record<string, number> = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40 };
  const match = /^([0-9.]+)(Ki|Mi|Gi|Ti)?$/.exec(quantity);
  if (!match) throw new Error(`unexpected memory quantity ${quantity}`);
  return Number(match[1]) * (units[match[2] ?? ''] ?? 1);
}
