/**
 * Where the vault and UNSORTED live (global.storage), as file-system-service
 * sees it: a node directory, a PersistentVolumeClaim (made by the chart or
 * existing, ReadWriteMany for several nodes), or an S3 bucket with credentials
 * by IRSA or an existing Secret.
 */
import { resolve } from 'node:path';
import { render, renderError } from '../src/helm';
import { env, envValue, mainContainer, network, podTemplate, secretRef, workload } from '../src/inspect';
import { type K8sObject, find, ofKind } from '../src/manifests';
import { address } from '../src/network';
import { UMBRELLA } from '../src/paths';
import { securityViolations } from '../src/policies';
import { prodOptions } from '../src/scenarios';

const ci = (file: string) => resolve(UMBRELLA, 'ci', file);
const APP = 'file-system-service';

let byMode: Record<'pvc' | 'hostPath' | 'rwx' | 'minio' | 'irsa', K8sObject[]>;
beforeAll(async () => {
  const [pvc, hostPath, rwx, minio, irsa] = await Promise.all([
    render({}),
    render({ values: [ci('storage-hostpath-values.yaml')] }),
    render({ values: [ci('storage-rwx-values.yaml')] }),
    render({ values: [ci('storage-s3-minio-values.yaml')] }),
    render(prodOptions()),
  ]);
  byMode = { pvc: pvc.objects, hostPath: hostPath.objects, rwx: rwx.objects, minio: minio.objects, irsa: irsa.objects };
});

const container = (objects: K8sObject[]) => mainContainer(objects, APP);
const pod = (objects: K8sObject[]) => podTemplate(objects, 'Deployment', APP).spec;

describe('local storage', () => {
  it('pvc: the vault and the inbox on a claim the chart makes and keeps on uninstall', () => {
    const objects = byMode.pvc;
    expect(envValue(container(objects), 'STORAGE_BACKEND')).toBe('local');
    expect(envValue(container(objects), 'VAULT_DIR')).toBe('/var/lib/emm/vault');
    expect(envValue(container(objects), 'UNSORTED_DIR')).toBe('/var/lib/emm/unsorted');
    const volume = pod(objects).volumes?.find((candidate) => candidate.name === 'storage');
    expect(volume?.persistentVolumeClaim?.claimName).toBe('emm-vault');
    const claim = find(objects, 'PersistentVolumeClaim', 'emm-vault');
    expect(claim.metadata.annotations?.['helm.sh/resource-policy']).toBe('keep');
    expect(claim.spec).toMatchObject({ accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '10Gi' } } });
    expect(container(objects).volumeMounts).toContainEqual({ name: 'storage', mountPath: '/var/lib/emm' });
  });

  it('creates both roots before the app starts, as the app user, without a shell', () => {
    const init = pod(byMode.pvc).initContainers ?? [];
    expect(init.map((candidate) => candidate.name)).toEqual(['storage-dirs']);
    expect(init[0].image).toBe(container(byMode.pvc).image);
    expect(init[0].command?.slice(0, 2)).toEqual(['node', '-e']);
    expect(init[0].command?.slice(-2)).toEqual(['/var/lib/emm/vault', '/var/lib/emm/unsorted']);
    expect(init[0].securityContext).toMatchObject({ runAsUser: 10001, readOnlyRootFilesystem: true, allowPrivilegeEscalation: false });
  });

  it('pvc with ReadWriteMany: several pods share an existing claim and nothing new is made', () => {
    const objects = byMode.rwx;
    expect(pod(objects).volumes?.find((candidate) => candidate.name === 'storage')?.persistentVolumeClaim?.claimName).toBe('emm-vault-nfs');
    expect(ofKind(objects, 'PersistentVolumeClaim')).toEqual([]);
    expect((find(objects, 'Deployment', APP).spec as { replicas: number }).replicas).toBe(3);
  });

  it('hostPath: one node directory, which must already exist; the only pod with a hostPath volume', () => {
    const objects = byMode.hostPath;
    const volume = pod(objects).volumes?.find((candidate) => candidate.name === 'storage');
    expect(volume?.hostPath).toEqual({ path: '/srv/emm', type: 'Directory' });
    expect(envValue(container(objects), 'VAULT_DIR')).toBe('/var/lib/emm/vault');
    // The deployment rules flag it unless the hostPath exception is granted (see scenarios.ts).
    expect(securityViolations(workload(objects, 'Deployment', APP))).toEqual([`Deployment/${APP}: hostPath volume storage is not allowed`]);
    expect(ofKind(objects, 'PersistentVolumeClaim')).toEqual([]);
  });

  it('hostPath is refused where the chart enforces Pod Security restricted, and in prod', async () => {
    const restricted = await renderError({ values: [ci('storage-hostpath-values.yaml'), ci('namespace-governance-values.yaml')] });
    expect(restricted).toContain('global.storage.mode hostPath cannot run in a namespace that enforces Pod Security "restricted"');
    const prod = await renderError(prodOptions({ set: { 'global.storage.mode': 'hostPath' } }));
    expect(prod).toContain('prod: global.storage.mode hostPath ties the vault to one node');
  });

  it('keeps local storage inside the cluster: no egress to S3', () => {
    const { pod: endpoint, allowed } = network(byMode.pvc);
    expect(allowed(endpoint('Deployment', APP), address('52.216.0.1'), 443)).toBe(false);
  });
});

describe('S3 storage', () => {
  it('S3-compatible store: bucket, prefixes, endpoint and an access key from an existing Secret', () => {
    const objects = byMode.minio;
    const app = container(objects);
    expect(Object.fromEntries(['STORAGE_BACKEND', 'S3_BUCKET', 'S3_VAULT_PREFIX', 'S3_UNSORTED_PREFIX', 'S3_ENDPOINT', 'S3_FORCE_PATH_STYLE'].map((name) => [name, envValue(app, name)]))).toEqual({
      STORAGE_BACKEND: 's3',
      S3_BUCKET: 'emm-vault',
      S3_VAULT_PREFIX: 'vault/',
      S3_UNSORTED_PREFIX: 'inbox/',
      S3_ENDPOINT: 'https://minio.storage.svc:9000',
      S3_FORCE_PATH_STYLE: 'true',
    });
    expect(secretRef(app, 'AWS_ACCESS_KEY_ID')).toEqual({ name: 'emm-minio', key: 'aws-access-key-id' });
    expect(secretRef(app, 'AWS_SECRET_ACCESS_KEY')).toEqual({ name: 'emm-minio', key: 'aws-secret-access-key' });
    expect(env(app).has('VAULT_DIR')).toBe(false);
    expect(pod(objects).initContainers ?? []).toEqual([]);
    expect(ofKind(objects, 'PersistentVolumeClaim')).toEqual([]);
  });

  it('reaches the private store on its port only', () => {
    const { pod: endpoint, allowed } = network(byMode.minio);
    const app = endpoint('Deployment', APP);
    expect(allowed(app, address('10.30.4.5'), 9000)).toBe(true);
    expect(allowed(app, address('10.30.4.5'), 443)).toBe(false);
    expect(allowed(app, address('52.216.0.1'), 443)).toBe(false);
  });

  it('IRSA: the role on the ServiceAccount, the STS token projected, no API token and no keys', () => {
    const objects = byMode.irsa;
    const serviceAccount = find(objects, 'ServiceAccount', APP);
    expect(serviceAccount.metadata.annotations).toEqual({ 'eks.amazonaws.com/role-arn': 'arn:aws:iam::123456789012:role/emm-file-system' });
    expect(serviceAccount.automountServiceAccountToken).toBe(false);
    const spec = pod(objects);
    expect(spec.automountServiceAccountToken).toBe(false);
    expect(spec.serviceAccountName).toBe(APP);
    const token = spec.volumes?.find((volume) => volume.name === 'aws-iam-token');
    expect(token?.projected?.sources).toEqual([{ serviceAccountToken: { audience: 'sts.amazonaws.com', expirationSeconds: 86400, path: 'token' } }]);
    const app = container(objects);
    expect(app.volumeMounts).toContainEqual({ name: 'aws-iam-token', mountPath: '/var/run/secrets/eks.amazonaws.com/serviceaccount', readOnly: true });
    expect(envValue(app, 'AWS_ROLE_ARN')).toBe('arn:aws:iam::123456789012:role/emm-file-system');
    expect(envValue(app, 'AWS_WEB_IDENTITY_TOKEN_FILE')).toBe('/var/run/secrets/eks.amazonaws.com/serviceaccount/token');
    expect(envValue(app, 'S3_REGION')).toBe('eu-central-1');
    expect(env(app).has('AWS_ACCESS_KEY_ID')).toBe(false);
  });

  it('is the only app with a role: the other ServiceAccounts carry no annotations', () => {
    const annotated = ofKind(byMode.irsa, 'ServiceAccount').filter((account) => account.metadata.annotations);
    expect(annotated.map((account) => account.metadata.name)).toEqual([APP]);
  });

  it('reaches S3 and STS on public addresses over HTTPS only', () => {
    const { pod: endpoint, allowed } = network(byMode.irsa);
    const app = endpoint('Deployment', APP);
    expect(allowed(app, address('52.216.0.1'), 443)).toBe(true);
    expect(allowed(app, address('52.216.0.1'), 80)).toBe(false);
    expect(allowed(app, address('169.254.169.254'), 443)).toBe(false);
  });

  it('names what is missing or contradictory', async () => {
    expect(await renderError({ set: { 'global.storage.mode': 's3' } })).toContain('global.storage.s3.bucket is empty');
    const both = await renderError({
      values: [ci('storage-s3-minio-values.yaml')],
      set: { 'global.storage.s3.irsa.roleArn': 'arn:aws:iam::123456789012:role/x' },
    });
    expect(both).toContain('use either irsa.roleArn or credentials.existingSecret');
    expect(await renderError({ set: { 'global.storage.mode': 's3', 'global.storage.s3.bucket': 'b', 'global.storage.s3.irsa.roleArn': 'admin' } })).toContain('/global/storage/s3/irsa/roleArn');
  });
});
