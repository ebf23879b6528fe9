import { ConfigValidationError, loadConfig, platformEnvSchema } from '@emm/config/env';
import { mcpServerEnvSchema } from '../server/mcp-env';
import { mcpClientConfigFromEnv, mcpClientEnvSchema, mcpClientOptions } from './client-env';

const self = { caller: 'bookmark-scraper', version: '3.1.0' };

function problems(env: Record<string, string>): readonly string[] {
  try {
    loadConfig(mcpClientEnvSchema, env);
  } catch (error) {
    if (error instanceof ConfigValidationError) return error.problems;
    throw error;
  }
  return [];
}

describe('mcpClientEnvSchema', () => {
  it('defaults every service to its in-cluster URL and sensible policies', () => {
    const config = mcpClientConfigFromEnv(loadConfig(mcpClientEnvSchema, {}), self);
    expect(config.targets['jd-classifier']).toEqual({ url: 'http://jd-classifier-service:8080/mcp', authToken: undefined });
    expect(config.targets.notifications.url).toBe('http://notifications-service:8080/mcp');
    expect(config).toMatchObject({
      caller: 'bookmark-scraper',
      callerVersion: '3.1.0',
      timeoutMs: 10_000,
      retry: { retries: 2, baseDelayMs: 100, maxDelayMs: 2_000 },
      breaker: { threshold: 5, halfOpenAfterMs: 5_000 },
      cache: { enabled: true, timeoutMs: 100 },
    });
  });

  it('reads MCP_<SERVICE>_URL, MCP_AUTH_TOKEN and the per-service token override', () => {
    const env = loadConfig(mcpClientEnvSchema, {
      MCP_JD_CLASSIFIER_URL: 'http://127.0.0.1:9000/mcp',
      MCP_AUTH_TOKEN: 'shared-token',
      MCP_WEB_SCRAPER_AUTH_TOKEN: 'scraper-token',
      MCP_CLIENT_TIMEOUT_MS: '2s',
      MCP_CLIENT_RETRIES: '0',
      MCP_CLIENT_CACHE: 'false',
    });
    const config = mcpClientConfigFromEnv(env, self);
    expect(config.targets['jd-classifier']).toEqual({ url: 'http://127.0.0.1:9000/mcp', authToken: 'shared-token' });
    expect(config.targets['web-scraper'].authToken).toBe('scraper-token');
    expect(config.timeoutMs).toBe(2_000);
    expect(config.retry.retries).toBe(0);
    expect(mcpClientOptions(config, 'jd-classifier', { overrides: { timeoutMs: 60_000 } })).toMatchObject({
      service: 'jd-classifier',
      url: 'http://127.0.0.1:9000/mcp',
      authToken: 'shared-token',
      timeoutMs: 60_000,
      caller: 'bookmark-scraper',
      callerVersion: '3.1.0',
    });
    // MCP_CLIENT_CACHE=false: no cache even when a Redis is at hand.
    expect(mcpClientOptions(config, 'jd-classifier')).not.toHaveProperty('cache');
  });

  it('names every bad variable and the rule it broke, one line each, never echoing a value', () => {
    expect(
      problems({
        MCP_JD_CLASSIFIER_URL: 'jd-classifier-service:8080/mcp',
        MCP_CLIENT_TIMEOUT_MS: '0',
        MCP_CLIENT_RETRIES: '50',
        MCP_CLIENT_BREAKER_THRESHOLD: 'often',
      }),
    ).toEqual([
      'MCP_JD_CLASSIFIER_URL: must be an http:// or https:// URL',
      'MCP_CLIENT_TIMEOUT_MS: must be a duration of at least 1 ms',
      'MCP_CLIENT_RETRIES: must be an integer between 0 and 10',
      'MCP_CLIENT_BREAKER_THRESHOLD: must be an integer between 1 and 1000',
    ]);
  });

  it('composes with the platform and server schemas (one MCP_AUTH_TOKEN for both sides)', () => {
    const schema = platformEnvSchema.extend({ ...mcpServerEnvSchema.shape, ...mcpClientEnvSchema.shape });
    const env = loadConfig(schema, { MCP_AUTH_TOKEN: 'one-token', MCP_CONTENT_CLASSIFIER_URL: 'https://classifier.internal/mcp' });
    expect(env.MCP_AUTH_TOKEN).toBe('one-token');
    expect(mcpClientConfigFromEnv(env, self).targets['content-classifier']).toEqual({ url: 'https://classifier.internal/mcp', authToken: 'one-token' });
  });
});
