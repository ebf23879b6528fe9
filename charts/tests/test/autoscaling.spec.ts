/**
 * Agent workers scale on queue depth: KEDA on the BullMQ wait list (when the
 * cluster has KEDA, or when forced), an HPA on queue_jobs through
 * prometheus-adapter, or CPU when neither is there.
 */
import { resolve } from 'node:path';
import { render, renderError } from '../src/helm';
import { network } from '../src/inspect';
import { type K8sObject, find, ofKind } from '../src/manifests';
import { otherPod } from '../src/network';
import { UMBRELLA } from '../src/paths';
import { prodOptions } from '../src/scenarios';

const QUEUES = resolve(UMBRELLA, 'ci/queue-autoscaling-values.yaml');
const kedaOperator = otherPod('keda-operator', 'keda', { app: 'keda-operator' });

interface ScaledObjectSpec {
  scaleTargetRef: { name: string };
  minReplicaCount: number;
  maxReplicaCount: number;
  advanced?: { horizontalPodAutoscalerConfig?: { behavior?: unknown } };
  triggers: { type: string; metadata: Record<string, string>; authenticationRef?: { name: string } }[];
}

let forced: K8sObject[];
let prodWithKeda: K8sObject[];
let prodWithoutKeda: K8sObject[];
beforeAll(async () => {
  [forced, prodWithKeda, prodWithoutKeda] = await Promise.all([
    render({ values: [QUEUES] }).then((r) => r.objects),
    render(prodOptions({ apiVersions: ['keda.sh/v1alpha1'] })).then((r) => r.objects),
    render(prodOptions()).then((r) => r.objects),
  ]);
});

describe('KEDA', () => {
  it('scales the worker Deployment on the length of the BullMQ wait list', () => {
    const scaled = find(forced, 'ScaledObject', 'file-system-agent-worker').spec as unknown as ScaledObjectSpec;
    expect(scaled.scaleTargetRef.name).toBe('file-system-agent-worker');
    expect([scaled.minReplicaCount, scaled.maxReplicaCount]).toEqual([1, 12]);
    expect(scaled.triggers).toEqual([
      {
        type: 'redis',
        metadata: {
          address: 'redis.emm.svc.cluster.local:6379',
          enableTLS: 'false',
          databaseIndex: '0',
          listName: 'bull:file-import:wait',
          listLength: '10',
          activationListLength: '2',
        },
        authenticationRef: { name: 'file-system-agent-worker' },
      },
    ]);
    expect(scaled.advanced?.horizontalPodAutoscalerConfig?.behavior).toEqual({ scaleDown: { stabilizationWindowSeconds: 300 } });
    // KEDA owns the replica count: no replicas in the Deployment, no second autoscaler.
    expect((find(forced, 'Deployment', 'file-system-agent-worker').spec as { replicas?: number }).replicas).toBeUndefined();
    expect(ofKind(forced, 'HorizontalPodAutoscaler').map((hpa) => hpa.metadata.name)).not.toContain('file-system-agent-worker');
  });

  it('reads the Redis password from the Redis Secret through a TriggerAuthentication', () => {
    expect(find(forced, 'TriggerAuthentication', 'file-system-agent-worker').spec).toEqual({
      secretTargetRef: [{ parameter: 'password', name: 'emm-redis', key: 'redis-password' }],
    });
  });

  it("lets KEDA's operator, and only it from outside the release, reach Redis", () => {
    const { pod, allowed } = network(forced);
    expect(allowed(kedaOperator, pod('StatefulSet', 'redis'), 6379)).toBe(true);
    expect(allowed(otherPod('other', 'keda', { app: 'something-else' }), pod('StatefulSet', 'redis'), 6379)).toBe(false);
    const { pod: defaultsPod, allowed: defaultsAllowed } = network(prodWithoutKeda);
    expect(defaultsAllowed(kedaOperator, defaultsPod('StatefulSet', 'redis'), 6379)).toBe(false);
  });

  it('prod: every agent\'s workers on KEDA from 3 to 20 pods, where the cluster serves KEDA', () => {
    for (const agent of ['file-system-agent', 'bookmark-scraper']) {
      const spec = find(prodWithKeda, 'ScaledObject', `${agent}-worker`).spec as unknown as ScaledObjectSpec;
      expect([spec.minReplicaCount, spec.maxReplicaCount]).toEqual([3, 20]);
      expect(spec.triggers[0].metadata.listLength).toBe('20');
    }
    expect(find(prodWithKeda, 'ScaledObject', 'bookmark-scraper-worker').spec).toMatchObject({ triggers: [{ metadata: { listName: 'bull:bookmark-import:wait' } }] });
  });

  it('prod without KEDA: a CPU autoscaler stands in and no KEDA object is rendered', () => {
    expect(ofKind(prodWithoutKeda, 'ScaledObject')).toEqual([]);
    expect(ofKind(prodWithoutKeda, 'TriggerAuthentication')).toEqual([]);
    const hpa = find(prodWithoutKeda, 'HorizontalPodAutoscaler', 'file-system-agent-worker');
    expect(hpa.spec).toMatchObject({ minReplicas: 3, maxReplicas: 20, metrics: [{ type: 'Resource', resource: { name: 'cpu' } }, { type: 'Resource', resource: { name: 'memory' } }] });
  });

  it('never when turned off, even where KEDA is installed', async () => {
    const { objects } = await render({ values: [QUEUES], set: { 'global.keda.enabled': 'false' }, apiVersions: ['keda.sh/v1alpha1'] });
    expect(ofKind(objects, 'ScaledObject')).toEqual([]);
    expect(find(objects, 'HorizontalPodAutoscaler', 'file-system-agent-worker').spec).toMatchObject({ metrics: [{ resource: { name: 'cpu' } }, { resource: { name: 'memory' } }] });
  });

  it('reaches a managed Redis by its URL host and port, with TLS for rediss://', async () => {
    const { objects } = await render({
      values: [QUEUES],
      set: {
        'redis.enabled': 'false',
        'global.redis.url': 'rediss://queues.example.internal:6380/2',
        'global.networkPolicy.externalRedis.cidrs[0]': '10.9.0.0/24',
      },
    });
    const spec = find(objects, 'ScaledObject', 'file-system-agent-worker').spec as unknown as ScaledObjectSpec;
    expect(spec.triggers[0].metadata).toMatchObject({ address: 'queues.example.internal:6380', enableTLS: 'true', databaseIndex: '2' });
  });

  it('refuses a Redis URL it cannot read (from a Secret) and queue scaling without queues', async () => {
    const fromSecret = await renderError({ values: [QUEUES, resolve(UMBRELLA, 'ci/external-redis-values.yaml')] });
    expect(fromSecret).toContain('autoscaling.mode keda needs the Redis address in the clear');
    const noQueues = await renderError({ values: [QUEUES], set: { 'file-system-agent.worker.autoscaling.queue.names': 'null' } });
    expect(noQueues).toContain('file-system-agent-worker: autoscaling.mode keda scales on queue depth: list the BullMQ queues in autoscaling.queue.names');
  });
});

describe('prometheus-adapter', () => {
  it('scales on the External metric queue_jobs{queue, state="waiting"}, 20 waiting jobs per pod', () => {
    const hpa = find(forced, 'HorizontalPodAutoscaler', 'bookmark-scraper-worker');
    expect(hpa.spec).toEqual({
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'bookmark-scraper-worker' },
      minReplicas: 1,
      maxReplicas: 8,
      metrics: [
        {
          type: 'External',
          external: {
            metric: { name: 'queue_jobs', selector: { matchLabels: { queue: 'bookmark-import', state: 'waiting' } } },
            target: { type: 'AverageValue', averageValue: '20' },
          },
        },
      ],
    });
  });
});
