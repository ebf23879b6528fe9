import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MCP_SERVICE_IDS } from '@emm/mcp';
import { AGENT_APPS, APP_CATALOG, appOfService, type AppEnvContext, SERVICE_APPS, startWaves } from './catalog';
import { findRepoRoot } from './repo';

const context: AppEnvContext = {
  dataDir: '/data',
  vaultDir: '/data/vault',
  unsortedDir: '/data/unsorted',
  jdStructurePath: '/repo/examples/jd.yaml',
  confluence: undefined,
  webhook: undefined,
  scraperAllowHosts: [],
};

describe('the app catalog', () => {
  it('knows every app under apps/ that runs as a process (the CLI is a command, not a process)', () => {
    const appsDir = join(findRepoRoot(), 'apps');
    const runnable = readdirSync(appsDir).filter((name) => name !== 'cli' && existsSync(join(appsDir, name, 'src', 'main.ts')));
    expect(runnable.filter((name) => !Object.hasOwn(APP_CATALOG, name))).toEqual([]);
  });

  it('has one app per MCP service, and every call names a service', () => {
    expect(MCP_SERVICE_IDS.map(appOfService).sort()).toEqual([...SERVICE_APPS].sort());
    for (const spec of Object.values(APP_CATALOG)) for (const service of spec.calls) expect(MCP_SERVICE_IDS).toContain(service);
  });

  it('lists for each app the services its app.module.ts gives McpClientModule', () => {
    for (const spec of Object.values(APP_CATALOG)) {
      const moduleFile = join(findRepoRoot(), 'apps', spec.name, 'src', 'app.module.ts');
      if (!existsSync(moduleFile)) continue;
      expect({ app: spec.name, calls: declaredServices(readFileSync(moduleFile, 'utf8')) }).toEqual({ app: spec.name, calls: [...spec.calls].sort() });
    }
  });

  it('starts services before the services and agents that call them', () => {
    expect(startWaves([...SERVICE_APPS, ...AGENT_APPS])).toEqual([
      ['jd-classifier-service', 'file-system-service', 'web-scraper-service', 'confluence-service', 'notifications-service'],
      ['content-classifier-service'],
      ['bookmark-classifier-service'],
      ['file-system-agent', 'bookmark-scraper', 'confluence-agent'],
    ]);
    expect(startWaves(['file-system-agent', 'content-classifier-service', 'jd-classifier-service'])).toEqual([
      ['jd-classifier-service'],
      ['content-classifier-service'],
      ['file-system-agent'],
    ]);
  });

  it('points file-system-service at the stack’s folders and serves the given JD structure', () => {
    expect(APP_CATALOG['file-system-service'].env(context)).toMatchObject({ STORAGE_BACKEND: 'local', VAULT_DIR: '/data/vault', UNSORTED_DIR: '/data/unsorted' });
    expect(APP_CATALOG['jd-classifier-service'].env(context)).toEqual({ JD_STRUCTURE_PATH: '/repo/examples/jd.yaml' });
  });

  it('notifies to the log, and to a webhook only when one is given', () => {
    expect(APP_CATALOG['notifications-service'].env(context)).toEqual({ NOTIFY_CHANNELS: 'log' });
    expect(APP_CATALOG['notifications-service'].env({ ...context, webhook: { url: 'http://127.0.0.1:9/hook', secret: 's'.repeat(16) } })).toEqual({
      NOTIFY_CHANNELS: 'log,webhook',
      WEBHOOK_URL: 'http://127.0.0.1:9/hook',
      WEBHOOK_SIGNING_SECRET: 's'.repeat(16),
    });
  });

  it('gives confluence-service the connection’s credentials for its flavor', () => {
    expect(APP_CATALOG['confluence-service'].env({ ...context, confluence: { flavor: 'datacenter', baseUrl: 'http://127.0.0.1:9', pat: 'pat' } })).toEqual({
      CONFLUENCE_FLAVOR: 'datacenter',
      CONFLUENCE_BASE_URL: 'http://127.0.0.1:9',
      CONFLUENCE_PAT: 'pat',
    });
    expect(APP_CATALOG['web-scraper-service'].env({ ...context, scraperAllowHosts: ['127.0.0.1:8081', '127.0.0.1:8082'] })).toEqual({
      SCRAPER_ALLOW_HOSTS: '127.0.0.1:8081,127.0.0.1:8082',
    });
  });
});

/** The MCP service ids named in the `services: [...]` list of an app module (none when it has no MCP client). */
function declaredServices(source: string): string[] {
  const start = source.indexOf('services: [');
  if (start === -1) return [];
  let depth = 0;
  let end = start + 'services: '.length;
  for (; end < source.length; end++) {
    if (source[end] === '[') depth++;
    if (source[end] === ']' && --depth === 0) break;
  }
  const list = source.slice(start, end);
  return MCP_SERVICE_IDS.filter((id) => list.includes(`'${id}'`)).sort();
}
