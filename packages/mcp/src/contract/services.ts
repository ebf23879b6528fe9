/**
 * The EMM MCP services a caller may name, with the Kubernetes Service each
 * one runs behind and the infix of its environment variables
 * (`MCP_<ENV>_URL`, `MCP_<ENV>_AUTH_TOKEN`). The list is closed on purpose: a
 * contract, a client and a NetworkPolicy all name a service from it.
 */
export const MCP_SERVICES = {
  'jd-classifier': { service: 'jd-classifier-service', env: 'JD_CLASSIFIER' },
  'content-classifier': { service: 'content-classifier-service', env: 'CONTENT_CLASSIFIER' },
  'bookmark-classifier': { service: 'bookmark-classifier-service', env: 'BOOKMARK_CLASSIFIER' },
  confluence: { service: 'confluence-service', env: 'CONFLUENCE' },
  'file-system': { service: 'file-system-service', env: 'FILE_SYSTEM' },
  'web-scraper': { service: 'web-scraper-service', env: 'WEB_SCRAPER' },
  notifications: { service: 'notifications-service', env: 'NOTIFICATIONS' },
} as const;

/** A service's short name, as contracts, clients and the CLI spell it: `jd-classifier`. */
export type McpServiceId = keyof typeof MCP_SERVICES;

type EnvInfix<S extends McpServiceId> = (typeof MCP_SERVICES)[S]['env'];
/** `MCP_JD_CLASSIFIER_URL` for `jd-classifier`. */
export type McpServiceUrlVariable<S extends McpServiceId = McpServiceId> = `MCP_${EnvInfix<S>}_URL`;
/** `MCP_JD_CLASSIFIER_AUTH_TOKEN` for `jd-classifier`: overrides `MCP_AUTH_TOKEN` for that service. */
export type McpServiceTokenVariable<S extends McpServiceId = McpServiceId> = `MCP_${EnvInfix<S>}_AUTH_TOKEN`;

export const MCP_SERVICE_IDS = Object.keys(MCP_SERVICES) as McpServiceId[];

/** The port and path every EMM service serves MCP on inside the cluster. */
const IN_CLUSTER_PORT = 8080;
const MCP_PATH = '/mcp';

export function isMcpServiceId(name: string): name is McpServiceId {
  return Object.hasOwn(MCP_SERVICES, name);
}

/** `jd-classifier` or `jd-classifier-service` → `jd-classifier`; undefined for anything else. */
export function findMcpService(name: string): McpServiceId | undefined {
  const trimmed = name.trim();
  if (isMcpServiceId(trimmed)) return trimmed;
  return MCP_SERVICE_IDS.find((id) => MCP_SERVICES[id].service === trimmed);
}

/** The Kubernetes Service name: `jd-classifier-service`. */
export function mcpServiceName(id: McpServiceId): string {
  return MCP_SERVICES[id].service;
}

export function mcpServiceUrlVariable<S extends McpServiceId>(id: S): McpServiceUrlVariable<S> {
  return `MCP_${MCP_SERVICES[id].env}_URL` as McpServiceUrlVariable<S>;
}

export function mcpServiceTokenVariable<S extends McpServiceId>(id: S): McpServiceTokenVariable<S> {
  return `MCP_${MCP_SERVICES[id].env}_AUTH_TOKEN` as McpServiceTokenVariable<S>;
}

/** Where a service answers inside the cluster: `http://jd-classifier-service:8080/mcp`. */
export function defaultMcpServiceUrl(id: McpServiceId): string {
  return `http://${MCP_SERVICES[id].service}:${IN_CLUSTER_PORT}${MCP_PATH}`;
}
