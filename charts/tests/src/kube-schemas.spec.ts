import { validateAgainstSchemas } from './kube-schemas';
import { type K8sObject } from './manifests';

describe('Kubernetes schema validation', () => {
  it('accepts a valid object and names what is wrong in an invalid one', async () => {
    const valid: K8sObject = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'ok' }, data: { a: 'b' } };
    const invalid = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'bad' },
      spec: { selector: {}, template: { spec: { containers: [{ name: 'a', ports: [{ containerPort: 'eighty' }] }] } } },
    } as unknown as K8sObject;
    expect(await validateAgainstSchemas([{ label: 'test', objects: [valid, invalid] }])).toEqual([
      { object: 'test: Deployment/bad', problems: ['/spec/template/spec/containers/0/ports/0/containerPort must be integer'] },
    ]);
  });

  it('knows the Prometheus Operator kinds and refuses unknown ones', async () => {
    const monitor = {
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'ServiceMonitor',
      metadata: { name: 'm' },
      spec: { selector: {}, endpoints: [{ port: 'http', interval: 'often' }] },
    } as unknown as K8sObject;
    const unknown: K8sObject = { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' } };
    const problems = await validateAgainstSchemas([{ label: 'test', objects: [monitor, unknown] }]);
    expect(problems).toEqual([
      { object: 'test: ServiceMonitor/m', problems: [expect.stringContaining('/spec/endpoints/0/interval')] },
      { object: 'test: Widget/w', problems: ['no schema for example.com/v1 Widget'] },
    ]);
  });
});
