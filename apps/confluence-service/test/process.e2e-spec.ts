import { type BuiltService, type ProcessHandle, startBuiltService, startRedis, type RedisServer, waitFor } from '@emm/testing';
import type { FakeConfluence } from '@emm/stack';
import { APP_DIR, CLOUD_TOKEN, confluenceEnv, DC_PAT, documentationSite, fakeConfluence } from './support';

/** The built service as a real process, the way a pod runs it. */
function startService(env: Record<string, string>): Promise<BuiltService> {
  return startBuiltService(APP_DIR, { env });
}

describe('confluence-service as a process', () => {
  let redis: RedisServer;
  let cloud: FakeConfluence;
  let datacenter: FakeConfluence;
  const started: ProcessHandle[] = [];

  beforeAll(async () => {
    redis = await startRedis();
    cloud = await fakeConfluence('cloud', documentationSite('cloud'));
    datacenter = await fakeConfluence('datacenter', documentationSite('datacenter'), { contextPath: '/confluence' });
  });

  afterEach(async () => {
    await Promise.all(started.splice(0).map((proc) => proc.stop()));
  });

  afterAll(async () => {
    await cloud?.stop();
    await datacenter?.stop();
    await redis?.stop();
  });

  it('refuses to start on bad configuration with one line per problem, no stack trace and no secret', async () => {
    const { proc } = await startBuiltService(APP_DIR, {
      env: {
        REDIS_URL: redis.url,
        CONFLUENCE_FLAVOR: 'cloud',
        CONFLUENCE_BASE_URL: 'http://confluence.example.com',
        CONFLUENCE_EMAIL: undefined,
        CONFLUENCE_API_TOKEN: 'super-secret-token-value',
        CONFLUENCE_TIMEOUT_MS: 'soon',
      },
      readyPath: false,
    });
    expect((await proc.exited).code).toBe(1);
    const lines = proc.output().trim().split('\n');
    expect(lines).toEqual([
      'config error: CONFLUENCE_TIMEOUT_MS: must be a duration such as 1500, 500ms, 5s or 2m',
      'config error: CONFLUENCE_BASE_URL: must be an https:// URL (http:// is accepted only for loopback hosts: localhost, 127.0.0.1, [::1])',
      'config error: CONFLUENCE_EMAIL: is required when CONFLUENCE_FLAVOR=cloud',
    ]);
    expect(proc.output()).not.toContain('super-secret-token-value');
  });

  it('names the credentials a Data Center configuration lacks', async () => {
    const { proc } = await startBuiltService(APP_DIR, {
      env: { REDIS_URL: redis.url, CONFLUENCE_FLAVOR: 'datacenter', CONFLUENCE_BASE_URL: 'https://wiki.example.com' },
      readyPath: false,
    });
    expect((await proc.exited).code).toBe(1);
    expect(proc.output().trim().split('\n')).toEqual(['config error: CONFLUENCE_PAT: is required when CONFLUENCE_FLAVOR=datacenter']);
    expect(proc.output()).not.toMatch(/\n\s+at /);
  });

  it('serves Data Center pages from a base URL with a context path, and exits 0 on SIGTERM', async () => {
    const { proc, url } = await startService({ REDIS_URL: redis.url, ...confluenceEnv(datacenter, 'datacenter') });
    started.push(proc);
    await waitFor(() => proc.output().includes('Confluence reachable, credentials accepted'), { timeoutMs: 5_000, message: 'no startup probe line' });
    const res = await fetch(`${url}/tools/get_page`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ id: '300' }) });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { result: { markdown: string; webUrl: string } };
    expect(body.result.markdown).toContain('Ask @Ada Lovelace, see Guides.');
    expect(body.result.webUrl).toBe(`${datacenter.baseUrl}/display/DOC/Install+Guide`);
    expect(proc.output()).not.toContain(DC_PAT);
    proc.signal('SIGTERM');
    expect(await proc.exited).toEqual({ code: 0, signal: null });
  });

  it('tells the operator at startup that Confluence rejects the credentials, without logging them', async () => {
    const { proc, url } = await startService({ REDIS_URL: redis.url, ...confluenceEnv(cloud, 'cloud'), CONFLUENCE_API_TOKEN: 'wrong-token-value' });
    started.push(proc);
    await waitFor(() => proc.output().includes('Confluence rejected the credentials'), { timeoutMs: 5_000, message: 'credentials problem was not logged' });
    expect(proc.output()).toContain('check CONFLUENCE_EMAIL/CONFLUENCE_API_TOKEN');
    // Still serving: health is fine and the tools explain the problem.
    expect((await fetch(`${url}/health/ready`)).status).toBe(200);
    const res = await fetch(`${url}/tools/list_spaces`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(res.status).toBe(412);
    for (const secret of ['wrong-token-value', CLOUD_TOKEN, Buffer.from(`sync-bot@example.com:wrong-token-value`).toString('base64')]) {
      expect(proc.output()).not.toContain(secret);
    }
  });
});
