/**
 * Redis backups (the CronJob, and the backup/restore procedure proved with real
 * redis-servers) and the Secrets: made from a local .env file by
 * scripts/secrets-from-env, or by ExternalSecrets or SealedSecrets.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { render, renderError } from '../src/helm';
import { envValue, network, secretRef, workload } from '../src/inspect';
import { type K8sObject, envOf, find, ofKind } from '../src/manifests';
import { address } from '../src/network';
import { REPO_ROOT, UMBRELLA } from '../src/paths';
import { prodOptions } from '../src/scenarios';

const ci = (file: string) => resolve(UMBRELLA, 'ci', file);
const SECRETS_FROM_ENV = resolve(REPO_ROOT, 'scripts/secrets-from-env');
const BACKUP_RESTORE = resolve(REPO_ROOT, 'scripts/redis-backup-restore');
const STAGING = resolve(UMBRELLA, 'values-staging.yaml');

function run(command: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolvePromise, reject) => {
    execFile(command, args, { maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error && typeof error.code !== 'number') reject(new Error(`cannot run ${command}: ${error.message}`));
      else resolvePromise({ code: error ? (error.code as number) : 0, stdout, stderr });
    });
  });
}

describe('Redis backup CronJob', () => {
  let toPvc: K8sObject[];
  let toS3: K8sObject[];
  beforeAll(async () => {
    [toPvc, toS3] = await Promise.all([render({ values: [STAGING] }).then((r) => r.objects), render({ values: [ci('backup-s3-values.yaml')] }).then((r) => r.objects)]);
  });

  const cronJob = (objects: K8sObject[]) =>
    find(objects, 'CronJob', 'redis-backup').spec as {
      schedule: string;
      timeZone?: string;
      concurrencyPolicy: string;
      jobTemplate: { spec: { template: { spec: { initContainers: { command: string[] }[]; containers: { name: string; image: string; command: string[] }[]; volumes: { name: string; persistentVolumeClaim?: { claimName: string } }[] } } } };
    };

  it('snapshots with redis-cli --rdb onto a kept PVC and keeps the newest ones', () => {
    const spec = cronJob(toPvc);
    expect(spec.schedule).toBe('17 3 * * *');
    expect(spec.concurrencyPolicy).toBe('Forbid');
    const pod = spec.jobTemplate.spec.template.spec;
    expect(pod.initContainers[0].command.join(' ')).toContain('redis-cli -h "$REDIS_HOST" -p "$REDIS_PORT" --rdb "$file.partial"');
    expect(pod.containers.map((container) => container.name)).toEqual(['prune']);
    expect(pod.containers[0].command.join(' ')).toContain('tail -n +8');
    expect(pod.volumes).toContainEqual({ name: 'snapshots', persistentVolumeClaim: { claimName: 'redis-backup' } });
    expect(find(toPvc, 'PersistentVolumeClaim', 'redis-backup').metadata.annotations).toEqual({ 'helm.sh/resource-policy': 'keep' });
  });

  it('authenticates with the Redis Secret through REDISCLI_AUTH, never a literal', () => {
    const snapshot = workload(toPvc, 'CronJob', 'redis-backup').template.spec.initContainers?.[0];
    expect(snapshot && secretRef(snapshot, 'REDISCLI_AUTH')).toEqual({ name: 'emm-redis', key: 'redis-password' });
    expect(snapshot && envValue(snapshot, 'REDIS_HOST')).toBe('redis');
  });

  it('uploads to S3 with its own IRSA role, and may reach Redis and public S3 only', () => {
    const spec = cronJob(toS3);
    expect([spec.schedule, spec.timeZone]).toEqual(['0 */6 * * *', 'Europe/Berlin']);
    const upload = workload(toS3, 'CronJob', 'redis-backup').template.spec.containers[0];
    expect(upload.image).toBe('docker.io/amazon/aws-cli:2.22.35');
    expect(envValue(upload, 'S3_BUCKET')).toBe('acme-emm-backups');
    expect(envValue(upload, 'S3_PREFIX')).toBe('redis/prod/');
    expect(envValue(upload, 'AWS_ROLE_ARN')).toBe('arn:aws:iam::123456789012:role/emm-redis-backup');
    expect(find(toS3, 'ServiceAccount', 'redis-backup').metadata.annotations).toEqual({ 'eks.amazonaws.com/role-arn': 'arn:aws:iam::123456789012:role/emm-redis-backup' });
    const { pod, allowed } = network(toS3);
    const job = pod('CronJob', 'redis-backup');
    expect(allowed(job, pod('StatefulSet', 'redis'), 6379)).toBe(true);
    expect(allowed(job, address('52.216.0.1'), 443)).toBe(true);
    expect(allowed(job, address('10.0.0.9'), 443)).toBe(false);
    expect(allowed(job, pod('Deployment', 'jd-classifier-service'), 8080)).toBe(false);
  });

  it('refuses S3 without a bucket', async () => {
    expect(await renderError({ set: { 'redis.backup.enabled': 'true', 'redis.backup.destination': 's3' } })).toContain('redis.backup.s3.bucket is empty');
  });

  it('the procedure works: a snapshot restored into a fresh Redis like EMM\'s has every key', async () => {
    const result = await run(BACKUP_RESTORE, ['verify']);
    expect(result).toMatchObject({ code: 0 });
    expect(result.stderr).toContain('ok: queue order (bull:file-import:wait)');
    expect(result.stderr).toContain('ok: cache entry keeps its TTL');
    expect(result.stderr).toMatch(/verified: backup with redis-cli --rdb, restore into a fresh data directory, all 7 keys back/);
  }, 60_000);

  it('a restore from a missing snapshot stops with a clear message', async () => {
    const result = await run(BACKUP_RESTORE, ['restore', '--rdb', '/nonexistent/redis.rdb', '--data-dir', join(tmpdir(), 'emm-never')]);
    expect(result).toEqual({ code: 1, stdout: '', stderr: 'redis-backup-restore: restore: /nonexistent/redis.rdb is missing or empty\n' });
  });
});

describe('scripts/secrets-from-env', () => {
  let dir: string;
  let envFile: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'emm-secrets-test-'));
    envFile = join(dir, '.env');
    writeFileSync(
      envFile,
      [
        '# the local .env of an operator',
        'MCP_AUTH_TOKEN=3f1c9e0a7b5d',
        "export REDIS_PASSWORD='s3cret with spaces'",
        'OPENAI_API_KEY="sk-test-\\"quoted\\""',
        'SLACK_WEBHOOK_URL=https://hooks.slack.com/services/T0/B0/XYZ   # comment',
        'NOT_READ_BY_THE_CHART=whatever',
        '',
      ].join('\n'),
    );
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('makes exactly the Secrets and keys the chart reads, with the file\'s values', async () => {
    const result = await run(SECRETS_FROM_ENV, [envFile, '-n', 'knowledge', '-f', STAGING, '--dry-run']);
    expect(result.code).toBe(0);
    const secrets = parseAllDocuments(result.stdout).map((document) => document.toJS() as K8sObject & { data: Record<string, string> });
    const decoded = Object.fromEntries(
      secrets.map((secret) => [`${secret.metadata.namespace}/${secret.metadata.name}`, Object.fromEntries(Object.entries(secret.data).map(([key, value]) => [key, Buffer.from(value, 'base64').toString('utf8')]))]),
    );
    expect(decoded).toEqual({
      'knowledge/emm-mcp-auth': { 'mcp-auth-token': '3f1c9e0a7b5d' },
      'knowledge/emm-redis': { 'redis-password': 's3cret with spaces' },
      'knowledge/emm-llm': { 'openai-api-key': 'sk-test-"quoted"' },
      'knowledge/emm-notifications': { 'slack-webhook-url': 'https://hooks.slack.com/services/T0/B0/XYZ' },
    });
    for (const secret of secrets) expect(secret).toMatchObject({ apiVersion: 'v1', kind: 'Secret' });

    // The same names and keys the rendered pods reference.
    const { objects } = await render({ values: [STAGING], namespace: 'knowledge' });
    const references = new Set(
      objects.flatMap((object) =>
        ['Deployment', 'StatefulSet', 'CronJob'].includes(object.kind)
          ? [...workload(objects, object.kind, object.metadata.name).template.spec.containers, ...(workload(objects, object.kind, object.metadata.name).template.spec.initContainers ?? [])].flatMap((container) =>
              [...envOf(container).values()].flatMap((variable) => (variable.valueFrom?.secretKeyRef ? [`${variable.valueFrom.secretKeyRef.name}/${variable.valueFrom.secretKeyRef.key}`] : [])),
            )
          : [],
      ),
    );
    for (const secret of secrets) for (const key of Object.keys(secret.data)) expect(references).toContain(`${secret.metadata.name}/${key}`);
    expect(result.stdout).not.toContain('s3cret');
  });

  it('refuses when a key the chart needs has no value, naming the variable', async () => {
    const partial = join(dir, 'partial.env');
    writeFileSync(partial, 'MCP_AUTH_TOKEN=abc\n');
    const result = await run(SECRETS_FROM_ENV, [partial, '-f', STAGING, '--dry-run']);
    expect(result).toEqual({ code: 1, stdout: '', stderr: 'secrets-from-env: cannot make the Secrets:\n  emm-redis/redis-password: set REDIS_PASSWORD or REDISCLI_AUTH in the env file\n' });
  });

  it('has nothing to do when the chart makes its Secrets itself', async () => {
    const result = await run(SECRETS_FROM_ENV, [envFile, '-f', ci('external-secrets-values.yaml'), '--dry-run']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('the chart makes its Secrets itself (ExternalSecret');
  });
});

describe('Secrets made by operators', () => {
  it('external-secrets: one ExternalSecret per Secret the release reads, from the ClusterSecretStore', async () => {
    const { objects } = await render({ values: [ci('external-secrets-values.yaml')] });
    const externalSecrets = ofKind(objects, 'ExternalSecret');
    expect(externalSecrets.map((secret) => secret.metadata.name).sort()).toEqual(['emm-llm', 'emm-mcp-auth', 'emm-notifications', 'emm-redis']);
    expect(find(objects, 'ExternalSecret', 'emm-mcp-auth').spec).toEqual({
      refreshInterval: '1h',
      secretStoreRef: { kind: 'ClusterSecretStore', name: 'vault-backend' },
      target: { name: 'emm-mcp-auth', creationPolicy: 'Owner' },
      dataFrom: [{ extract: { key: 'platform/emm/emm-mcp-auth' } }],
    });
    expect(find(objects, 'ExternalSecret', 'emm-redis').spec).toMatchObject({ dataFrom: [{ extract: { key: 'platform/shared/redis' } }] });
    expect(ofKind(objects, 'Secret')).toEqual([]);
  });

  it('prod reads every Secret through ExternalSecrets', async () => {
    const { objects } = await render(prodOptions());
    expect(ofKind(objects, 'ExternalSecret').map((secret) => secret.metadata.name).sort()).toEqual(['emm-llm', 'emm-mcp-auth', 'emm-notifications', 'emm-redis']);
    expect(await renderError(prodOptions({ set: { 'secrets.externalSecrets.storeRef.name': '' } }))).toContain('name the SecretStore or ClusterSecretStore');
  });

  it('sealed-secrets: SealedSecrets from the ciphertext in the values, for every Secret the release reads', async () => {
    const { objects } = await render({ values: [ci('sealed-secrets-values.yaml')] });
    const sealed = find(objects, 'SealedSecret', 'emm-mcp-auth').spec as { encryptedData: Record<string, string>; template: { metadata: { name: string } } };
    expect(Object.keys(sealed.encryptedData)).toEqual(['mcp-auth-token']);
    expect(sealed.template.metadata.name).toBe('emm-mcp-auth');
    expect(ofKind(objects, 'SealedSecret').map((secret) => secret.metadata.name).sort()).toEqual(['emm-llm', 'emm-mcp-auth', 'emm-notifications']);
  });

  it('sealed-secrets: refuses plaintext and a Secret it has no ciphertext for', async () => {
    const plaintext = await renderError({ values: [ci('sealed-secrets-values.yaml')], set: { 'secrets.sealedSecrets.encryptedData.emm-llm.openai-api-key': 'sk-live-123' } });
    expect(plaintext).toMatch(/encryptedData\/emm-llm\/openai-api-key.*does not match pattern/);
    const missing = await renderError({ values: [ci('sealed-secrets-values.yaml')], set: { 'global.redis.auth.existingSecret': 'emm-redis' } });
    expect(missing).toContain('secrets.sealedSecrets.encryptedData has nothing for the Secret "emm-redis" (keys: redis-password)');
  });
});
