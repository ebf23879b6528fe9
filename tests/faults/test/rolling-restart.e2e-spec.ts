import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bookmarkClassifier, confluence, contentClassifier, fileSystem, jdClassifier, notifications, webScraper } from '@emm/contracts';
import { McpClient, type McpServiceId, mcpServiceUrlVariable } from '@emm/mcp';
import { getOrCreateCounter } from '@emm/metrics';
import { APP_CATALOG, type PageServer, type ProcessExit, SERVICE_APPS, type ServiceApp, servePages, type Stack, startStack } from '@emm/stack';
import { waitFor } from '@emm/testing';
import { ClosedLoopLoad, type LoadTarget } from './support/closed-loop-load';
import { ReadinessBalancer } from './support/readiness-balancer';
import { environmentOf, type Replica, startReplica } from './support/replica';
import { removeStackData } from './support/trees';

// A rolling restart of every MCP service under a constant load, done the
// way Kubernetes does it: each service sits behind one address (a local
// readiness-aware TCP balancer, like a Service), a NEW process is started
// and joins once ready, then the OLD one gets SIGTERM — its readiness turns
// 503 at once, the balancer stops sending it connections, it drains for
// SHUTDOWN_DRAIN_MS and exits 0. Meanwhile a closed loop of clients calls a
// tool on every service through @emm/mcp's McpClient with its default
// retries (what agents and services use), and every service that calls
// another one (content- and bookmark-classifier) calls it through its
// balancer too. Not one call may fail.

/** Above the balancer's readiness period, so it stops routing to a draining process before it closes. */
const DRAIN_MS = '2000';
const CLIENTS_PER_SERVICE = 2;
/** Calls every service must have answered while it was being replaced: the load really ran through each restart. */
const MIN_CALLS_DURING_RESTART = 5;

/** Services that call no other service start with the stack; the callers join once their callees have a balancer. */
const CALLERS: readonly ServiceApp[] = ['content-classifier-service', 'bookmark-classifier-service'];
const LEAVES = SERVICE_APPS.filter((app) => !CALLERS.includes(app));

let stack: Stack;
let pages: PageServer;
const balancers = new Map<ServiceApp, ReadinessBalancer>();
const replicas: Replica[] = [];
const clients: McpClient[] = [];

/** The balancers of the services `app` calls, as its MCP_<SERVICE>_URL variables. */
function calleeUrls(app: ServiceApp): Record<string, string> {
  return Object.fromEntries(
    APP_CATALOG[app].calls.map((service) => {
      const callee = SERVICE_APPS.find((candidate) => APP_CATALOG[candidate].mcpService === service)!;
      return [mcpServiceUrlVariable(service), balancers.get(callee)!.mcpUrl];
    }),
  );
}

function serviceOf(app: ServiceApp): McpServiceId {
  return APP_CATALOG[app].mcpService!;
}

function stackPort(app: ServiceApp): number {
  return stack.apps.find((status) => status.name === app)!.port;
}

beforeAll(async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'emm-faults-rolling-'));
  const site = join(dataDir, 'site');
  mkdirSync(site);
  writeFileSync(
    join(site, 'article.html'),
    '<!doctype html><html lang="en"><head><title>How to read your electricity bill</title></head><body><article><h1>How to read your electricity bill</h1>' +
      '<p>Your electricity bill shows the meter reading, the consumption in kWh, the tariff and the basic charge of your energy supplier.</p>' +
      '<p>Compare the consumption with last year to see whether your household uses more power.</p></article></body></html>',
  );
  pages = await servePages(site);

  for (const app of SERVICE_APPS) balancers.set(app, await ReadinessBalancer.start(app));
  stack = await startStack({
    dataDir,
    services: LEAVES,
    scraperAllowHosts: [pages.host],
    env: { '*': { SHUTDOWN_DRAIN_MS: DRAIN_MS } },
    logLevel: 'warn',
  });
  for (const app of LEAVES) balancers.get(app)!.add(stackPort(app));
  for (const app of CALLERS) {
    await stack.startApp(app, calleeUrls(app));
    balancers.get(app)!.add(stackPort(app));
  }
  await waitFor(() => SERVICE_APPS.every((app) => balancers.get(app)!.isInRotation(stackPort(app))), { timeoutMs: 10_000, message: 'every service in rotation' });

  stack.confluence!.site.addSpace({ key: 'OPS', name: 'Operations' });
  mkdirSync(join(stack.unsortedDir, 'load'), { recursive: true });
  writeFileSync(join(stack.unsortedDir, 'load', 'notes.txt'), 'Meeting notes: the platform team agreed on the release plan for May.\n');
}, 180_000);

afterAll(async () => {
  await Promise.all(clients.map((client) => client.close()));
  await Promise.all(replicas.map((replica) => replica.handle.stop()));
  await stack?.stop();
  if (stack !== undefined) removeStackData(stack);
  await Promise.all([...balancers.values()].map((balancer) => balancer.close()));
  await pages?.stop();
});

function client<S extends McpServiceId>(app: ServiceApp): McpClient<S> {
  const created = new McpClient({ service: serviceOf(app) as S, caller: 'rolling-restart-test', url: balancers.get(app)!.mcpUrl, authToken: stack.token });
  clients.push(created);
  return created;
}

/** One tool call per service, as a caller would make it; all but notify are read-only. */
function loadTargets(): LoadTarget[] {
  const jd = client<'jd-classifier'>('jd-classifier-service');
  const classifier = client<'content-classifier'>('content-classifier-service');
  const bookmarks = client<'bookmark-classifier'>('bookmark-classifier-service');
  const files = client<'file-system'>('file-system-service');
  const scraper = client<'web-scraper'>('web-scraper-service');
  const wiki = client<'confluence'>('confluence-service');
  const notifier = client<'notifications'>('notifications-service');
  return [
    { name: 'jd-classifier-service', call: (n) => jd.call(jdClassifier.findCategory, { query: `bank statement ${n % 50}` }) },
    {
      name: 'content-classifier-service',
      call: (n) => classifier.call(contentClassifier.classifyContent, { text: `Account statement no. ${n}: opening balance 1,200.00 EUR, closing balance 980.00 EUR.`, source: 'file' }),
    },
    { name: 'bookmark-classifier-service', call: (n) => bookmarks.call(bookmarkClassifier.classifyBookmark, { url: `https://recipes.example.org/soup-${n % 40}`, title: `Lentil soup recipe ${n % 40}` }) },
    { name: 'file-system-service', call: () => files.call(fileSystem.readFile, { path: 'load/notes.txt' }) },
    // Every fifth fetch goes to the page, the rest may come from the scraper's cache.
    { name: 'web-scraper-service', call: (n) => scraper.call(webScraper.fetchPage, { url: pages.url('article.html'), bypassCache: n % 5 === 0 }) },
    { name: 'confluence-service', call: () => wiki.call(confluence.listSpaces, {}) },
    { name: 'notifications-service', call: (n) => notifier.call(notifications.notify, { title: `Load ${n}`, message: 'Rolling restart load test', severity: 'info' }) },
  ];
}

/**
 * Replaces the service's process without a gap: the new process starts and
 * joins the balancer once ready, then the old one is told to stop
 * (SIGTERM), turns unready, drains and exits. Resolves with the old one's exit.
 */
async function rollOver(app: ServiceApp): Promise<{ exit: ProcessExit; replacement: Replica }> {
  const balancer = balancers.get(app)!;
  const oldPort = stackPort(app);
  const replacement = await startReplica(app, stack.logDir, environmentOf(stack, app));
  replicas.push(replacement);
  balancer.add(replacement.port);
  await waitFor(() => balancer.isInRotation(replacement.port), { timeoutMs: 10_000, message: `${app}'s new process in rotation` });

  const exit = await stack.stopApp(app);
  balancer.remove(oldPort);
  return { exit, replacement };
}

/** `service/tool: n` for every call the McpClients of this test had to retry (their mcp_tool_retries_total). */
async function retriesOfThisProcess(): Promise<string[]> {
  const counter = getOrCreateCounter({ name: 'mcp_tool_retries_total', help: 'Retries of MCP tool calls', labelNames: ['server', 'tool'] });
  const { values } = await counter.get();
  return values.filter((sample) => sample.value > 0).map((sample) => `${sample.labels.server}/${sample.labels.tool}: ${sample.value}`);
}

describe('rolling restart of every MCP service under constant load', () => {
  it('replaces every service process while a closed loop of McpClient callers keeps calling: zero failed calls', async () => {
    const load = new ClosedLoopLoad(loadTargets(), CLIENTS_PER_SERVICE);
    try {
      await waitFor(() => SERVICE_APPS.every((app) => load.ok(app) >= MIN_CALLS_DURING_RESTART), { timeoutMs: 30_000, message: 'load flowing to every service' });

      for (const app of SERVICE_APPS) {
        const callsBefore = load.ok(app);
        const { exit, replacement } = await rollOver(app);
        // The old process left cleanly; the new one took the traffic over.
        expect({ app, exit }).toEqual({ app, exit: { code: 0, signal: null } });
        await waitFor(() => balancers.get(app)!.connectionsTo(replacement.port) > 0 && load.ok(app) >= callsBefore + MIN_CALLS_DURING_RESTART, {
          timeoutMs: 15_000,
          message: `${app}'s new process answering calls`,
        });
      }
    } finally {
      await load.stop();
    }

    // Not one call failed — and none even needed the client's retry: no request reached a process
    // that was closing (with SHUTDOWN_DRAIN_MS=0 retries hide most of the gap, and notify, which is
    // not retried once sent, fails).
    expect(load.failures()).toEqual([]);
    expect(await retriesOfThisProcess()).toEqual([]);
    // Every service now runs only as its new process.
    expect(stack.apps.filter((app) => app.state !== 'stopped').map((app) => app.name)).toEqual([]);
    expect(replicas.map((replica) => replica.app)).toEqual([...SERVICE_APPS]);
    for (const app of SERVICE_APPS) expect(balancers.get(app)!.refused).toBe(0);
  }, 240_000);
});
