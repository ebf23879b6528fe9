import { AGENT_IDS, type AgentId } from '@emm/contracts';
import type { McpServiceId } from '@emm/mcp';

/** The seven MCP tool services, in the order the local stack lists them. */
export const SERVICE_APPS = [
  'jd-classifier-service',
  'content-classifier-service',
  'bookmark-classifier-service',
  'file-system-service',
  'web-scraper-service',
  'confluence-service',
  'notifications-service',
] as const;

/** The three agents (BullMQ workers + run API). */
export const AGENT_APPS = AGENT_IDS;

export type ServiceApp = (typeof SERVICE_APPS)[number];
export type AgentApp = AgentId;
/** A folder under `apps/` that runs as a process in the stack. */
export type AppName = ServiceApp | AgentApp;

export const APP_NAMES: readonly AppName[] = [...SERVICE_APPS, ...AGENT_APPS];

/** A Confluence the stack's confluence-service reads: a real site or the local fake. */
export type ConfluenceConnection =
  | { flavor: 'cloud'; baseUrl: string; email: string; apiToken: string }
  | { flavor: 'datacenter'; baseUrl: string; pat: string };

/** Generic signed webhook the notifications-service delivers to (besides its log channel). */
export interface WebhookTarget {
  url: string;
  /** HMAC-SHA256 key the requests are signed with (at least 16 characters). */
  secret: string;
}

/** What an app's local environment is derived from. */
export interface AppEnvContext {
  dataDir: string;
  vaultDir: string;
  unsortedDir: string;
  jdStructurePath: string;
  confluence: ConfluenceConnection | undefined;
  webhook: WebhookTarget | undefined;
  scraperAllowHosts: readonly string[];
}

export interface AppSpec {
  name: AppName;
  kind: 'service' | 'agent';
  /** For a service: the short name its clients use (`jd-classifier`). */
  mcpService?: McpServiceId;
  /** The MCP services the app calls; they start before it and must be in the stack. */
  calls: readonly McpServiceId[];
  /** The app's own variables in a local stack (the shared ones — PORT, REDIS_URL, tokens, MCP URLs — come from the stack). */
  env(context: AppEnvContext): Record<string, string>;
}

const none = (): Record<string, string> => ({});

/**
 * Every app under apps/ that runs in the stack, with what it needs. The env
 * functions mirror each app's src/config.ts: only variables without a usable
 * default for a laptop are set here.
 */
export const APP_CATALOG: Readonly<Record<AppName, AppSpec>> = {
  'jd-classifier-service': {
    name: 'jd-classifier-service',
    kind: 'service',
    mcpService: 'jd-classifier',
    calls: [],
    env: ({ jdStructurePath }) => ({ JD_STRUCTURE_PATH: jdStructurePath }),
  },
  'content-classifier-service': {
    name: 'content-classifier-service',
    kind: 'service',
    mcpService: 'content-classifier',
    calls: ['jd-classifier'],
    // The built-in heuristic is the default provider: offline, no model to download.
    env: none,
  },
  'bookmark-classifier-service': {
    name: 'bookmark-classifier-service',
    kind: 'service',
    mcpService: 'bookmark-classifier',
    calls: ['jd-classifier', 'content-classifier'],
    env: none,
  },
  'file-system-service': {
    name: 'file-system-service',
    kind: 'service',
    mcpService: 'file-system',
    calls: [],
    env: ({ vaultDir, unsortedDir }) => ({
      STORAGE_BACKEND: 'local',
      VAULT_DIR: vaultDir,
      UNSORTED_DIR: unsortedDir,
      // Files reach a local stack's inbox before a run starts (tests, the demo), so none is still being written.
      UNSORTED_SETTLE_MS: '0',
    }),
  },
  'web-scraper-service': {
    name: 'web-scraper-service',
    kind: 'service',
    mcpService: 'web-scraper',
    calls: [],
    env: ({ scraperAllowHosts }): Record<string, string> => (scraperAllowHosts.length === 0 ? {} : { SCRAPER_ALLOW_HOSTS: scraperAllowHosts.join(',') }),
  },
  'confluence-service': {
    name: 'confluence-service',
    kind: 'service',
    mcpService: 'confluence',
    calls: [],
    env: ({ confluence }) => (confluence === undefined ? {} : confluenceEnv(confluence)),
  },
  'notifications-service': {
    name: 'notifications-service',
    kind: 'service',
    mcpService: 'notifications',
    calls: [],
    env: ({ webhook }): Record<string, string> =>
      webhook === undefined
        ? { NOTIFY_CHANNELS: 'log' }
        : { NOTIFY_CHANNELS: 'log,webhook', WEBHOOK_URL: webhook.url, WEBHOOK_SIGNING_SECRET: webhook.secret },
  },
  'file-system-agent': {
    name: 'file-system-agent',
    kind: 'agent',
    calls: ['file-system', 'content-classifier', 'jd-classifier', 'notifications'],
    env: none,
  },
  'bookmark-scraper': {
    name: 'bookmark-scraper',
    kind: 'agent',
    calls: ['bookmark-classifier', 'web-scraper', 'file-system', 'jd-classifier', 'notifications'],
    env: none,
  },
  'confluence-agent': {
    name: 'confluence-agent',
    kind: 'agent',
    calls: ['confluence', 'content-classifier', 'jd-classifier', 'file-system', 'notifications'],
    env: none,
  },
};

export function isAppName(name: string): name is AppName {
  return Object.hasOwn(APP_CATALOG, name);
}

/** The app serving an MCP service (`jd-classifier` → `jd-classifier-service`). */
export function appOfService(service: McpServiceId): ServiceApp {
  const app = SERVICE_APPS.find((name) => APP_CATALOG[name].mcpService === service);
  if (app === undefined) throw new Error(`no app serves the MCP service ${service}`);
  return app;
}

function confluenceEnv(connection: ConfluenceConnection): Record<string, string> {
  return connection.flavor === 'cloud'
    ? { CONFLUENCE_FLAVOR: 'cloud', CONFLUENCE_BASE_URL: connection.baseUrl, CONFLUENCE_EMAIL: connection.email, CONFLUENCE_API_TOKEN: connection.apiToken }
    : { CONFLUENCE_FLAVOR: 'datacenter', CONFLUENCE_BASE_URL: connection.baseUrl, CONFLUENCE_PAT: connection.pat };
}

/**
 * Start order: an app comes after the services it calls (agents after all
 * services); apps of one wave do not depend on each other and start together.
 */
export function startWaves(apps: readonly AppName[]): AppName[][] {
  const inStack = new Set(apps);
  const depth = new Map<AppName, number>();
  const depthOf = (app: AppName, path: AppName[] = []): number => {
    const known = depth.get(app);
    if (known !== undefined) return known;
    if (path.includes(app)) throw new Error(`dependency cycle: ${[...path, app].join(' → ')}`);
    const spec = APP_CATALOG[app];
    const callees = spec.calls.map(appOfService).filter((callee) => inStack.has(callee));
    const ownDepth = Math.max(-1, ...callees.map((callee) => depthOf(callee, [...path, app]))) + 1;
    depth.set(app, ownDepth);
    return ownDepth;
  };
  const serviceDepth = Math.max(-1, ...apps.filter((app) => APP_CATALOG[app].kind === 'service').map((app) => depthOf(app)));
  const waves: AppName[][] = [];
  for (const app of apps) {
    // Agents call services only, never each other: they all start together, after every service.
    const wave = APP_CATALOG[app].kind === 'agent' ? serviceDepth + 1 : depthOf(app);
    (waves[wave] ??= []).push(app);
  }
  return waves.filter((wave) => wave.length > 0);
}
