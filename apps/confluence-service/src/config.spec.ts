import { ConfigValidationError, loadConfig } from '@emm/config';
import { appConfigSchema } from './config';
import { cloudWikiBase } from './confluence/create-api';

const problems = (env: Record<string, string>): readonly string[] => {
  try {
    loadConfig(appConfigSchema, env);
    return [];
  } catch (error) {
    if (error instanceof ConfigValidationError) return error.problems;
    throw error;
  }
};

describe('confluence-service configuration', () => {
  const cloud = { REDIS_URL: 'redis://127.0.0.1:6379', CONFLUENCE_FLAVOR: 'cloud', CONFLUENCE_BASE_URL: 'https://example.atlassian.net/wiki', CONFLUENCE_EMAIL: 'a@b.c', CONFLUENCE_API_TOKEN: 't' };
  const datacenter = { REDIS_URL: 'redis://127.0.0.1:6379', CONFLUENCE_FLAVOR: 'datacenter', CONFLUENCE_BASE_URL: 'https://wiki.example.com/confluence', CONFLUENCE_PAT: 'p' };

  it('accepts a complete Cloud and a complete Data Center configuration with defaults', () => {
    expect(loadConfig(appConfigSchema, cloud)).toMatchObject({ CONFLUENCE_TIMEOUT_MS: 30_000, CONFLUENCE_RETRY_ATTEMPTS: 4, CONFLUENCE_RETRY_BUDGET_MS: 60_000, CONFLUENCE_MAX_CONCURRENCY: 8 });
    expect(problems(datacenter)).toEqual([]);
  });

  it('asks for the credentials the flavour needs', () => {
    expect(problems({ ...cloud, CONFLUENCE_EMAIL: '', CONFLUENCE_API_TOKEN: '' })).toEqual([
      'CONFLUENCE_EMAIL: is required when CONFLUENCE_FLAVOR=cloud',
      'CONFLUENCE_API_TOKEN: is required when CONFLUENCE_FLAVOR=cloud',
    ]);
    expect(problems({ ...datacenter, CONFLUENCE_PAT: '' })).toEqual(['CONFLUENCE_PAT: is required when CONFLUENCE_FLAVOR=datacenter']);
    expect(problems({ ...cloud, CONFLUENCE_FLAVOR: 'server' })).toEqual(['CONFLUENCE_FLAVOR: must be one of cloud, datacenter']);
  });

  it('requires https except for loopback hosts, and no credentials in the URL', () => {
    expect(problems({ ...cloud, CONFLUENCE_BASE_URL: 'http://example.atlassian.net' })).toEqual([
      'CONFLUENCE_BASE_URL: must be an https:// URL (http:// is accepted only for loopback hosts: localhost, 127.0.0.1, [::1])',
    ]);
    expect(problems({ ...cloud, CONFLUENCE_BASE_URL: 'http://127.0.0.1:8090/wiki' })).toEqual([]);
    expect(problems({ ...cloud, CONFLUENCE_BASE_URL: 'https://me:secret@example.atlassian.net' })[0]).toMatch(/^CONFLUENCE_BASE_URL: must not contain credentials/);
    expect(problems({ ...cloud, CONFLUENCE_BASE_URL: 'ftp://example.com' })).toEqual(['CONFLUENCE_BASE_URL: must be an https:// or http:// URL']);
  });

  it('adds /wiki to a Cloud site address that lacks it', () => {
    expect(cloudWikiBase('https://example.atlassian.net')).toBe('https://example.atlassian.net/wiki');
    expect(cloudWikiBase('https://example.atlassian.net/wiki/')).toBe('https://example.atlassian.net/wiki');
  });
});
