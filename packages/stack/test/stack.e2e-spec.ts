import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { bookmarkClassifier, confluence, jdClassifier, notifications, webScraper } from '@emm/contracts';
import { McpCallError, McpClient } from '@emm/mcp';
import { httpStatus, waitFor } from '@emm/testing';
import { AGENT_APPS, type PageServer, SERVICE_APPS, servePages, type Stack, startStack, startWebhookReceiver, type WebhookReceiver } from '../src';
import { pingRedis } from '../src/redis-process';
import { childProcesses, clientOf, isAlive, quietLogger, tempDataDir } from './support';

describe('startStack with all ten apps', () => {
  const dataDir = tempDataDir();
  let pages: PageServer;
  let receiver: WebhookReceiver;
  let stack: Stack;
  const clients: McpClient[] = [];
  const client = <C extends McpClient>(created: C): C => {
    clients.push(created);
    return created;
  };

  beforeAll(async () => {
    const site = join(dataDir.path, 'site');
    mkdirSync(join(site, 'recipes'), { recursive: true });
    writeFileSync(
      join(site, 'recipes', 'pasta.html'),
      '<!doctype html><html lang="en"><head><title>Weeknight Pasta</title></head><body><article><h1>Weeknight Pasta</h1>' +
        '<p>Boil the pasta in salted water. Fry garlic in olive oil, add tomatoes and simmer for ten minutes.</p>' +
        '<p>Toss the pasta with the sauce, finish with basil and parmesan, and serve at once.</p></article></body></html>',
    );
    pages = await servePages(site);
    receiver = await startWebhookReceiver();
    stack = await startStack({
      dataDir: join(dataDir.path, 'stack'),
      agents: AGENT_APPS,
      scraperAllowHosts: [pages.host],
      webhook: { url: receiver.url, secret: receiver.secret },
    });
  }, 120_000);

  afterAll(async () => {
    await Promise.all(clients.map((created) => created.close()));
    await stack?.stop();
    await pages?.stop();
    await receiver?.stop();
    dataDir.remove();
  });

  it('runs every app on its own port, ready, with its log under the data dir', async () => {
    expect(stack.apps.map((app) => [app.name, app.kind])).toEqual([
      ...SERVICE_APPS.map((name) => [name, 'service']),
      ...AGENT_APPS.map((name) => [name, 'agent']),
    ]);
    expect(new Set(stack.apps.map((app) => app.port)).size).toBe(SERVICE_APPS.length + AGENT_APPS.length);
    for (const app of stack.apps) {
      expect(app).toMatchObject({ state: 'ready', url: `http://127.0.0.1:${app.port}`, logFile: join(stack.logDir, `${app.name}.log`) });
      expect(await httpStatus(`${stack.baseUrl(app.name)}/health/ready`)).toBe(200);
    }
    expect(stack.logTail('jd-classifier-service')).toContain('"level"');
  });

  it('protects the agents’ run API with the shared token', async () => {
    for (const agent of AGENT_APPS) {
      expect((await fetch(`${stack.baseUrl(agent)}/runs`, { headers: { authorization: `Bearer ${stack.token}` } })).status).toBe(200);
      expect((await fetch(`${stack.baseUrl(agent)}/runs`)).status).toBe(401);
    }
  });

  it('hands clients the Redis URL, the token and every service URL', () => {
    expect(stack.clientEnv).toEqual({
      REDIS_URL: stack.redisUrl,
      MCP_AUTH_TOKEN: stack.token,
      MCP_JD_CLASSIFIER_URL: stack.mcpUrl('jd-classifier-service'),
      MCP_CONTENT_CLASSIFIER_URL: stack.mcpUrl('content-classifier-service'),
      MCP_BOOKMARK_CLASSIFIER_URL: stack.mcpUrl('bookmark-classifier-service'),
      MCP_FILE_SYSTEM_URL: stack.mcpUrl('file-system-service'),
      MCP_WEB_SCRAPER_URL: stack.mcpUrl('web-scraper-service'),
      MCP_CONFLUENCE_URL: stack.mcpUrl('confluence-service'),
      MCP_NOTIFICATIONS_URL: stack.mcpUrl('notifications-service'),
    });
    expect(stack.redisUrl).toMatch(/^redis:\/\/127\.0\.0\.1:\d+$/);
  });

  it('answers MCP calls that carry the shared token and refuses those that do not', async () => {
    const structure = await client(clientOf(stack, 'jd-classifier', 'jd-classifier-service')).call(jdClassifier.getStructure, {});
    expect(structure.areas.length).toBeGreaterThan(0);
    const anonymous = client(new McpClient({ service: 'jd-classifier', caller: 'stack-e2e', url: stack.mcpUrl('jd-classifier-service'), retry: { retries: 0 }, logger: quietLogger }));
    const refused = await anonymous.call(jdClassifier.getStructure, {}).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(McpCallError);
    expect((refused as McpCallError).code).toBe('unauthorized');
  });

  it('wires callers to what they call: bookmark-classifier judges page text through content-classifier', async () => {
    const result = await client(clientOf(stack, 'bookmark-classifier', 'bookmark-classifier-service')).call(bookmarkClassifier.classifyBookmark, {
      url: 'https://example.org/statement',
      title: 'Monthly bank statement',
      text: 'Your bank statement for March: account balance, transactions, interest and fees of your current account.',
    });
    expect(result.provider).toBe('heuristic');
    expect(result.signals.map((signal) => signal.source)).toContain('content');
  });

  it('lets the web scraper fetch pages from an allowed local page server', async () => {
    const page = await client(clientOf(stack, 'web-scraper', 'web-scraper-service')).call(webScraper.fetchPage, { url: pages.url('recipes/pasta.html') });
    expect(page).toMatchObject({ status: 200, kind: 'html', title: 'Weeknight Pasta' });
    expect(page.text).toContain('Boil the pasta in salted water.');
    expect(pages.requests).toContain('/recipes/pasta.html');
  });

  it('serves a local Confluence that tests change while the stack runs: new pages, new versions, failing pages', async () => {
    const fake = stack.confluence!;
    const confluenceClient = client(clientOf(stack, 'confluence', 'confluence-service'));
    fake.site.addSpace({ key: 'KB', name: 'Knowledge Base' });
    const page = fake.site.addPage({ spaceKey: 'KB', title: 'On-call handbook', body: '<p>Page the on-call engineer.</p>', when: '2024-05-01T10:00:00.000Z' });

    const listed = await confluenceClient.call(confluence.listPages, { spaceKey: 'KB' });
    expect(listed.pages.map((summary) => [summary.title, summary.version])).toEqual([['On-call handbook', 1]]);

    fake.site.editPage(page.id, '<p>Page the on-call engineer, then the team lead.</p>', '2024-06-01T10:00:00.000Z');
    const edited = await confluenceClient.call(confluence.getPage, { id: page.id });
    expect(edited).toMatchObject({ version: 2, lastModified: '2024-06-01T10:00:00.000Z' });
    expect(edited.markdown).toContain('then the team lead');

    fake.failPage(page.id, 404);
    const failed = await confluenceClient.call(confluence.getPage, { id: page.id }).catch((error: unknown) => error);
    expect(failed).toBeInstanceOf(McpCallError);
    expect((failed as McpCallError).code).toBe('not_found');
    fake.clearFailures();
    expect((await confluenceClient.call(confluence.getPage, { id: page.id })).version).toBe(2);
  });

  it('delivers notifications to the webhook it was given, signed', async () => {
    await client(clientOf(stack, 'notifications', 'notifications-service')).call(notifications.notify, {
      title: 'Stack test',
      message: 'The local stack delivers **webhooks**.',
      severity: 'info',
    });
    await waitFor(() => receiver.received.length === 1, { timeoutMs: 10_000, message: 'the webhook delivery' });
    expect(receiver.received[0].signatureValid).toBe(true);
    expect(receiver.received[0].rawBody).toContain('Stack test');
  });

  it('stops everything with SIGTERM: every app exits 0 and no process is left', async () => {
    const pids = stack.apps.map((app) => app.pid!);
    const redisPort = Number(new URL(stack.redisUrl).port);
    await stack.stop();
    for (const app of stack.apps) expect(app).toMatchObject({ state: 'stopped', pid: undefined, exit: { code: 0, signal: null } });
    for (const pid of pids) expect(isAlive(pid)).toBe(false);
    expect(await pingRedis(redisPort)).toBe(false);
    expect(childProcesses()).toEqual([]);
  });
});
