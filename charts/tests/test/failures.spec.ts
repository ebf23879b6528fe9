/**
 * Misconfiguration stops the render with a message that says what to fix,
 * before anything reaches the cluster.
 */
import { resolve } from 'node:path';
import { renderError } from '../src/helm';
import { UMBRELLA } from '../src/paths';
import { OPERATOR_JD_STRUCTURE, OPERATOR_PROD_VALUES } from '../src/scenarios';

const prod = resolve(UMBRELLA, 'values-prod.yaml');
const withOperatorJd = { 'global.jd.structure': OPERATOR_JD_STRUCTURE };

describe('values schemas reject typos', () => {
  it("names the app and the unknown key in an app's values", async () => {
    const message = await renderError({ set: { 'jd-classifier-service.replicaCont': '2' } });
    expect(message).toContain('jd-classifier-service');
    expect(message).toContain("additional properties 'replicaCont' not allowed");
  });

  it('catches a typo deep inside an app setting', async () => {
    const message = await renderError({ set: { 'jd-classifier-service.resources.limit.memory': '1Gi' } });
    expect(message).toMatch(/at '\/resources': additional properties 'limit' not allowed/);
  });

  it('catches a typo in the global settings', async () => {
    const message = await renderError({ set: { 'global.netwrkPolicy.enabled': 'false' } });
    expect(message).toMatch(/at '\/global': additional properties 'netwrkPolicy' not allowed/);
  });

  it('catches a typo at the top of the umbrella values', async () => {
    const message = await renderError({ set: { 'jd-clasifier-service.enabled': 'false' } });
    expect(message).toContain("additional properties 'jd-clasifier-service' not allowed");
  });

  it('rejects an unknown environment and an unknown app kind', async () => {
    expect(await renderError({ set: { 'global.environment': 'production' } })).toMatch(/\/global\/environment.*(dev|staging|prod)/);
    expect(await renderError({ set: { 'jd-classifier-service.kind': 'worker' } })).toMatch(/\/kind/);
  });

  it('rejects an unknown storage mode, secrets provider or autoscaling mode', async () => {
    expect(await renderError({ set: { 'global.storage.mode': 'nfs' } })).toMatch(/\/global\/storage\/mode/);
    expect(await renderError({ set: { 'secrets.provider': 'vault' } })).toMatch(/\/secrets\/provider/);
    expect(await renderError({ set: { 'file-system-agent.worker.autoscaling.mode': 'queue' } })).toMatch(/file-system-agent.*\/worker\/autoscaling\/mode/s);
  });

  it('rejects a Redis setting that would stop BullMQ from working', async () => {
    const message = await renderError({ set: { 'redis.extraConfig': 'maxmemory-policy allkeys-lru' } });
    expect(message).toContain('redis.extraConfig may not set "maxmemory-policy"');
  });
});

describe('required configuration', () => {
  it('prod without a JD structure says how to provide one', async () => {
    const message = await renderError({ values: [prod, OPERATOR_PROD_VALUES] });
    expect(message).toContain('global.jd: no JD structure');
    expect(message).toContain('global.jd.existingConfigMap');
    expect(message).toContain('--set-file global.jd.structure=');
  });

  it('refuses a JD structure given twice', async () => {
    const message = await renderError({ setFile: withOperatorJd, set: { 'global.jd.existingConfigMap': 'mine' } });
    expect(message).toContain('set either jd.structure (inline YAML) or jd.existingConfigMap, not both');
  });

  it('names a missing default structure file', async () => {
    const message = await renderError({ set: { 'global.jd.defaultFile': 'files/nope.yaml' } });
    expect(message).toContain('the chart file "files/nope.yaml" is missing or empty');
  });

  it('prod without the MCP auth Secret', async () => {
    const message = await renderError({ values: [prod, OPERATOR_PROD_VALUES], setFile: withOperatorJd, set: { 'global.auth.existingSecret': '' } });
    expect(message).toContain('prod: global.auth.existingSecret is required');
  });

  it('prod without the Redis password Secret', async () => {
    const message = await renderError({ values: [prod, OPERATOR_PROD_VALUES], setFile: withOperatorJd, set: { 'global.redis.auth.existingSecret': '' } });
    expect(message).toContain('prod: global.redis.auth.existingSecret is required');
  });

  it('Redis disabled with no external Redis, or both at once', async () => {
    expect(await renderError({ set: { 'redis.enabled': 'false' } })).toContain('set global.redis.url (or global.redis.urlSecret)');
    const both = { 'global.redis.url': 'redis://cache.example:6379', 'global.networkPolicy.externalRedis.cidrs[0]': '10.0.0.0/24' };
    expect(await renderError({ set: both })).toContain('set redis.enabled=false');
  });

  it('an external Redis behind NetworkPolicies needs its addresses', async () => {
    const message = await renderError({ set: { 'redis.enabled': 'false', 'global.redis.url': 'redis://cache.example:6379' } });
    expect(message).toContain('global.networkPolicy.externalRedis.cidrs');
  });
});

describe('secrets stay out of values', () => {
  it('refuses a secret-looking env var with a literal value', async () => {
    const message = await renderError({ set: { 'jd-classifier-service.env.SLACK_TOKEN': 'xoxb-123' } });
    expect(message).toContain('env.SLACK_TOKEN looks like a secret');
    expect(message).toContain('secretKeyRef');
    expect(message).not.toContain('xoxb-123');
  });

  it('refuses overriding what the chart sets itself', async () => {
    const message = await renderError({ set: { 'jd-classifier-service.env.LOG_LEVEL': 'trace' } });
    expect(message).toContain('env.LOG_LEVEL is set by the chart');
  });

  it('refuses an external Redis URL with credentials in it', async () => {
    const message = await renderError({
      set: { 'redis.enabled': 'false', 'global.redis.url': 'redis://:hunter2@cache.example:6379', 'global.networkPolicy.enabled': 'false' },
    });
    expect(message).toContain('/global/redis/url');
  });
});
