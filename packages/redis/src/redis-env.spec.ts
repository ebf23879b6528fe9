import { ConfigValidationError, loadConfig } from '@emm/config';
import { z } from 'zod';
import { redisEnvRules, redisEnvSchema, redisSettingsFromEnv, type RedisSettings } from './redis-env';

function settings(env: Record<string, string>): RedisSettings {
  return redisSettingsFromEnv(loadConfig(redisEnvSchema, env));
}

function problems(env: Record<string, string>): readonly string[] {
  try {
    loadConfig(redisEnvSchema, env);
  } catch (error) {
    if (error instanceof ConfigValidationError) return error.problems;
    throw error;
  }
  throw new Error('expected the configuration to be rejected');
}

describe('redisEnvSchema', () => {
  it('defaults to redis://127.0.0.1:6379 and uses it for the cache too', () => {
    const result = settings({});
    expect(result.main).toEqual({ host: '127.0.0.1', port: 6379, db: 0, tls: false });
    expect(result.cache).toEqual(result.main);
  });

  it('reads credentials, database and TLS from the URL', () => {
    expect(settings({ REDIS_URL: 'rediss://app:p%40ss@redis.internal:6380/2' }).main).toEqual({
      host: 'redis.internal',
      port: 6380,
      username: 'app',
      password: 'p@ss',
      db: 2,
      tls: true,
    });
  });

  it('combines a URL without credentials with REDIS_PASSWORD/REDIS_USERNAME and REDIS_TLS', () => {
    expect(
      settings({ REDIS_URL: 'redis://redis:6379', REDIS_USERNAME: 'emm', REDIS_PASSWORD: 'from-secret', REDIS_TLS: 'true' }).main,
    ).toEqual({ host: 'redis', port: 6379, username: 'emm', password: 'from-secret', db: 0, tls: true });
  });

  it('uses REDIS_HOST/REDIS_PORT instead of the default URL', () => {
    expect(settings({ REDIS_HOST: 'redis-master', REDIS_PORT: '6390', REDIS_PASSWORD: 'pw' }).main).toEqual({
      host: 'redis-master',
      port: 6390,
      password: 'pw',
      db: 0,
      tls: false,
    });
    expect(settings({ REDIS_PORT: '7000' }).main).toMatchObject({ host: '127.0.0.1', port: 7000 });
  });

  it('reads Sentinel settings', () => {
    const { main } = settings({
      REDIS_SENTINELS: 'sentinel-0:26379, sentinel-1:26379,[::1]:26380',
      REDIS_SENTINEL_NAME: 'mymaster',
      REDIS_SENTINEL_PASSWORD: 'sentinel-pw',
      REDIS_PASSWORD: 'master-pw',
    });
    expect(main).toMatchObject({
      sentinels: [
        { host: 'sentinel-0', port: 26379 },
        { host: 'sentinel-1', port: 26379 },
        { host: '::1', port: 26380 },
      ],
      sentinelName: 'mymaster',
      sentinelPassword: 'sentinel-pw',
      password: 'master-pw',
    });
  });

  it('gives caches their own Redis with CACHE_REDIS_URL', () => {
    const result = settings({ REDIS_URL: 'redis://queues:6379', CACHE_REDIS_URL: 'redis://:cachepw@cache:6379/1' });
    expect(result.main).toMatchObject({ host: 'queues' });
    expect(result.cache).toEqual({ host: 'cache', port: 6379, password: 'cachepw', db: 1, tls: false });
  });

  it('treats empty variables as unset', () => {
    expect(settings({ REDIS_URL: '', REDIS_HOST: ' ', CACHE_REDIS_URL: '' }).main).toMatchObject({ host: '127.0.0.1', port: 6379 });
  });

  it('names each bad value and the rule it broke, never echoing secrets', () => {
    const found = problems({
      REDIS_URL: 'http://redis:6379',
      REDIS_PORT: '99999',
      REDIS_TLS: 'maybe',
      REDIS_SENTINELS: 'sentinel-0',
      CACHE_REDIS_URL: 'not a url',
    });
    expect(found).toEqual(
      expect.arrayContaining([
        'REDIS_URL: must be a redis:// or rediss:// URL',
        'REDIS_PORT: must be an integer between 1 and 65535',
        'REDIS_TLS: must be one of true, false, 1, 0, yes, no',
        'REDIS_SENTINELS: must be a comma separated list of host:port',
        'CACHE_REDIS_URL: must be a redis:// or rediss:// URL',
      ]),
    );
  });

  it('rejects contradicting combinations with one line each', () => {
    expect(problems({ REDIS_URL: 'redis://a:6379', REDIS_HOST: 'b' })).toEqual([
      'REDIS_URL: set either REDIS_URL or REDIS_HOST/REDIS_PORT, not both',
    ]);
    expect(problems({ REDIS_SENTINELS: 's:26379' })).toEqual(['REDIS_SENTINEL_NAME: is required when REDIS_SENTINELS is set']);
    expect(problems({ REDIS_SENTINEL_NAME: 'mymaster' })).toEqual(['REDIS_SENTINEL_NAME: is only used together with REDIS_SENTINELS']);
    expect(problems({ REDIS_SENTINELS: 's:26379', REDIS_SENTINEL_NAME: 'm', REDIS_HOST: 'h' })).toEqual([
      'REDIS_SENTINELS: cannot be combined with REDIS_URL, REDIS_HOST or REDIS_PORT (Sentinel names the master)',
    ]);
    const secretClash = problems({ REDIS_URL: 'redis://:hunter2@a:6379', REDIS_PASSWORD: 'other' });
    expect(secretClash).toEqual(['REDIS_PASSWORD: REDIS_URL already holds a password; set it in one place']);
    expect(secretClash.join()).not.toContain('hunter2');
    expect(problems({ REDIS_URL: 'redis://a:6379/cache' })).toEqual([
      'REDIS_URL: database (the URL path) must be a number, e.g. redis://host:6379/0',
    ]);
  });

  it('keeps its combination rules in an app schema built from its shape with redisEnvRules', () => {
    const appSchema = z.object({ PORT: z.string(), ...redisEnvSchema.shape }).superRefine(redisEnvRules);
    expect(() => loadConfig(appSchema, { PORT: '8080', REDIS_URL: 'redis://a:6379', REDIS_HOST: 'b' })).toThrow(
      'REDIS_URL: set either REDIS_URL or REDIS_HOST/REDIS_PORT, not both',
    );
    expect(loadConfig(appSchema, { PORT: '8080', REDIS_HOST: 'b' })).toMatchObject({ PORT: '8080', REDIS_HOST: 'b' });
  });

  it('redisSettingsFromEnv rejects a bad combination that bypassed the schema', () => {
    const env = loadConfig(redisEnvSchema, {});
    expect(() => redisSettingsFromEnv({ ...env, REDIS_URL: 'redis://a:6379', REDIS_HOST: 'b' })).toThrow(
      'invalid Redis configuration: REDIS_URL: set either REDIS_URL or REDIS_HOST/REDIS_PORT, not both',
    );
  });
});
