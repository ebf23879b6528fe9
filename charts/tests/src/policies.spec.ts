import { type K8sObject, type Workload, workloadsOf } from './manifests';
import {
  allViolations,
  appDeploymentViolations,
  networkPolicyCoverageViolations,
  probeViolations,
  resourceViolations,
  secretValueViolations,
  securityViolations,
  serviceTargetPortViolations,
  uniqueNameViolations,
} from './policies';

const labels = { 'app.kubernetes.io/name': 'demo', 'app.kubernetes.io/instance': 'emm', 'app.kubernetes.io/component': 'mcp-server' };

/** A Deployment that follows every rule; tests break one thing at a time. */
function goodDeployment(): K8sObject {
  const probe = (path: string) => ({ httpGet: { path, port: 'http' } });
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'demo', labels },
    spec: {
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } },
      template: {
        metadata: { labels },
        spec: {
          automountServiceAccountToken: false,
          terminationGracePeriodSeconds: 30,
          topologySpreadConstraints: [{ topologyKey: 'kubernetes.io/hostname' }],
          securityContext: { runAsNonRoot: true, runAsUser: 10001, runAsGroup: 10001, fsGroup: 10001, seccompProfile: { type: 'RuntimeDefault' } },
          containers: [
            {
              name: 'demo',
              image: 'demo:1',
              ports: [{ name: 'http', containerPort: 8080 }],
              env: [{ name: 'SHUTDOWN_TIMEOUT_MS', value: '20000' }],
              startupProbe: probe('/health/startup'),
              livenessProbe: probe('/health/live'),
              readinessProbe: probe('/health/ready'),
              lifecycle: { preStop: { sleep: { seconds: 5 } } },
              resources: { requests: { cpu: '50m', memory: '64Mi' }, limits: { cpu: '1', memory: '128Mi' } },
              securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } },
            },
          ],
        },
      },
    },
  };
}

type Mutable = { spec: { template: { spec: Record<string, unknown> & { containers: Record<string, unknown>[] } } } };

function broken(change: (deployment: Mutable) => void): K8sObject {
  const deployment = goodDeployment();
  change(deployment as unknown as Mutable);
  return deployment;
}

function only(deployment: K8sObject): Workload {
  return workloadsOf([deployment])[0];
}

const service: K8sObject = {
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name: 'demo' },
  spec: { selector: labels, ports: [{ name: 'http', port: 8080, targetPort: 'http' }] },
};

describe('deployment rules', () => {
  it('accept a Deployment that follows them all', () => {
    expect(allViolations([goodDeployment(), service], { networkPolicies: false })).toEqual([]);
  });

  it('flag a container that may escalate, write its root filesystem or keep capabilities', () => {
    const deployment = broken(({ spec }) => {
      spec.template.spec.containers[0].securityContext = { readOnlyRootFilesystem: false };
    });
    expect(securityViolations(only(deployment))).toEqual([
      'Deployment/demo container demo: allowPrivilegeEscalation must be false',
      'Deployment/demo container demo: readOnlyRootFilesystem must be true',
      'Deployment/demo container demo: must drop ALL capabilities',
    ]);
  });

  it('flag a pod running as root with a service-account token', () => {
    const deployment = broken(({ spec }) => {
      spec.template.spec.securityContext = { runAsUser: 0 };
      spec.template.spec.automountServiceAccountToken = true;
    });
    expect(securityViolations(only(deployment))).toEqual(
      expect.arrayContaining([
        'Deployment/demo: pod securityContext.runAsNonRoot must be true',
        'Deployment/demo: pod seccompProfile must be RuntimeDefault',
        'Deployment/demo: automountServiceAccountToken must be false',
      ]),
    );
  });

  it('flag missing limits and probes', () => {
    const deployment = broken(({ spec }) => {
      spec.template.spec.containers[0].resources = { requests: { cpu: '1', memory: '1Gi' } };
      delete spec.template.spec.containers[0].startupProbe;
    });
    expect(resourceViolations(only(deployment))).toEqual([
      'Deployment/demo container demo: resources.limits.cpu is missing',
      'Deployment/demo container demo: resources.limits.memory is missing',
    ]);
    expect(probeViolations(only(deployment))).toEqual(['Deployment/demo container demo: startupProbe is missing']);
  });

  it('flag a grace period too short for preStop plus the app shutdown timeout', () => {
    const deployment = broken(({ spec }) => {
      spec.template.spec.terminationGracePeriodSeconds = 25;
    });
    expect(appDeploymentViolations(deployment)).toEqual([
      'Deployment/demo: terminationGracePeriodSeconds 25 must exceed preStop 5s + shutdown timeout 20s',
    ]);
  });

  it('flag rollouts that may drop capacity and probes off the health endpoints', () => {
    const deployment = broken((d) => {
      (d.spec as { strategy?: unknown }).strategy = { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1 } };
      d.spec.template.spec.containers[0].readinessProbe = { httpGet: { path: '/', port: 'http' } };
    });
    expect(appDeploymentViolations(deployment)).toEqual([
      'Deployment/demo: must roll out with RollingUpdate maxUnavailable 0',
      'Deployment/demo: readinessProbe must GET /health/ready (got /)',
    ]);
  });

  it('flag a Service whose targetPort is not the readiness port', () => {
    const elsewhere = { ...service, spec: { selector: labels, ports: [{ port: 80, targetPort: 9090 }] } };
    expect(serviceTargetPortViolations([goodDeployment(), elsewhere])).toEqual([
      'Service/demo: targetPort resolves to 9090 but Deployment/demo answers readiness on 8080',
    ]);
    const nowhere = { ...service, spec: { selector: { app: 'other' }, ports: [{ port: 80 }] } };
    expect(serviceTargetPortViolations([goodDeployment(), nowhere])).toEqual(['Service/demo: selects no pod']);
  });

  it('flag rendered Secrets and secret values written into env', () => {
    const deployment = broken(({ spec }) => {
      spec.template.spec.containers[0].env = [{ name: 'MCP_AUTH_TOKEN', value: 'abc' }, { name: 'SHUTDOWN_TIMEOUT_MS', value: '20000' }];
    });
    const secret: K8sObject = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'leak' }, data: { token: 'YWJj' } };
    expect(secretValueViolations([deployment, secret])).toEqual([
      'Secret/leak: the chart must not render Secrets (reference existing ones)',
      'Deployment/demo container demo: MCP_AUTH_TOKEN has a literal value; it must come from a secretKeyRef',
    ]);
  });

  it('flag duplicate names and pods no NetworkPolicy covers', () => {
    expect(uniqueNameViolations([service, service])).toEqual(['Service/demo: rendered 2 times']);
    expect(networkPolicyCoverageViolations([goodDeployment()])).toEqual([
      'Deployment/demo: no default-deny NetworkPolicy selects it',
      'Deployment/demo: no NetworkPolicy of its own selects it',
    ]);
  });
});
