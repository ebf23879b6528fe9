import { join } from 'node:path';
import { FakeConfluence, type FakeFlavor, FakeSite } from '@emm/stack';
import { loadTestConfig } from '@emm/testing/config';
import { connectMcpClient } from '@emm/testing/mcp';
import { type NestAppUnderTest, startNestApp } from '@emm/testing/nest';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { AppModule } from '../src/app.module';
import { type AppConfig, appConfigSchema } from '../src/config';
import { CONFLUENCE_API } from '../src/confluence/confluence.service';
import { createConfluenceApi } from '../src/confluence/create-api';

export const APP_DIR = join(__dirname, '..');

export const CLOUD_EMAIL = 'sync-bot@example.com';
export const CLOUD_TOKEN = 'cloud-api-token-0123456789';
export const DC_PAT = 'dc-personal-access-token-0123456789';

/** Environment that points the service at `fake`. */
export function confluenceEnv(fake: FakeConfluence, flavor: FakeFlavor): Record<string, string> {
  return flavor === 'cloud'
    ? { CONFLUENCE_FLAVOR: 'cloud', CONFLUENCE_BASE_URL: fake.baseUrl, CONFLUENCE_EMAIL: CLOUD_EMAIL, CONFLUENCE_API_TOKEN: CLOUD_TOKEN }
    : { CONFLUENCE_FLAVOR: 'datacenter', CONFLUENCE_BASE_URL: fake.baseUrl, CONFLUENCE_PAT: DC_PAT };
}

/** A fake Confluence of `flavor` with the right credentials configured. */
export function fakeConfluence(flavor: FakeFlavor, site: FakeSite, options: { maxLimit?: number; contextPath?: string } = {}): Promise<FakeConfluence> {
  return new FakeConfluence({ flavor, site, email: CLOUD_EMAIL, apiToken: CLOUD_TOKEN, pat: DC_PAT, ...options }).start();
}

/** Config as main.ts would build it from these environment variables. */
export function testConfig(env: Record<string, string>): AppConfig {
  return loadTestConfig(appConfigSchema, env);
}

export type RunningApp = NestAppUnderTest;

/** The real AppModule on a free loopback port; backoff shortened so retry tests run in milliseconds. */
export function startApp(config: AppConfig): Promise<RunningApp> {
  const fastRetryingApi = createConfluenceApi(config, config.SERVICE_VERSION, { initialBackoffMs: 20, maxBackoffMs: 100 });
  return startNestApp(AppModule.forRoot(config), {
    override: (builder) => builder.overrideProvider(CONFLUENCE_API).useValue(fastRetryingApi),
  });
}

/** An MCP client from the official SDK, as an IDE or assistant would connect. */
export function connectMcp(baseUrl: string): Promise<Client> {
  return connectMcpClient(baseUrl, { name: 'confluence-e2e' });
}

/**
 * A small documentation space: a tree three levels deep, labels, an
 * attachment, a mention, and pages saved at known times.
 */
export function documentationSite(flavor: FakeFlavor): FakeSite {
  const site = new FakeSite();
  site.addSpace({ key: 'DOC', name: 'Documentation', description: 'How we build things' });
  site.addSpace({ key: 'OPS', name: 'Operations' });
  site.addSpace({ key: '~ada', name: 'Ada Lovelace', type: 'personal' });
  site.addUser({ accountId: 'acc-ada', userKey: 'key-ada', username: 'ada', displayName: 'Ada Lovelace' });
  const home = site.addPage({ id: '100', spaceKey: 'DOC', title: 'Home', when: '2024-01-01T09:00:00.000Z', labels: ['start'] });
  const guides = site.addPage({ id: '200', spaceKey: 'DOC', title: 'Guides', parentId: home.id, when: '2024-02-01T09:00:00.000Z' });
  site.addPage({
    id: '300',
    spaceKey: 'DOC',
    title: 'Install Guide',
    parentId: guides.id,
    when: '2024-03-01T09:00:00.000Z',
    labels: ['how-to', 'install'],
    attachments: [{ title: 'setup.png', mediaType: 'image/png', fileSize: 2048 }],
    body: [
      '<h2>Steps</h2>',
      '<ol><li>Download</li><li>Run <code>install.sh</code></li></ol>',
      '<ac:structured-macro ac:name="code"><ac:parameter ac:name="language">bash</ac:parameter><ac:plain-text-body><![CDATA[./install.sh --yes]]></ac:plain-text-body></ac:structured-macro>',
      '<ac:structured-macro ac:name="warning"><ac:rich-text-body><p>Needs root.</p></ac:rich-text-body></ac:structured-macro>',
      // Cloud names users by account id, Data Center by user key.
      `<p>Ask <ac:link><ri:user ${flavor === 'cloud' ? 'ri:account-id="acc-ada"' : 'ri:userkey="key-ada"'} /></ac:link>, see <ac:link><ri:page ri:content-title="Guides" /></ac:link>.</p>`,
      '<p><ac:image><ri:attachment ri:filename="setup.png" /></ac:image></p>',
    ].join(''),
  });
  for (let i = 1; i <= 7; i++) site.addPage({ id: String(400 + i), spaceKey: 'DOC', title: `Note ${i}`, parentId: home.id, when: `2024-04-0${i}T09:00:00.000Z` });
  site.addPage({ id: '900', spaceKey: 'OPS', title: 'Runbook', when: '2024-01-05T09:00:00.000Z' });
  return site;
}
