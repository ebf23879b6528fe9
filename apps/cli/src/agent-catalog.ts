import { envSecret, envUrl } from '@emm/config';
import { z } from 'zod';

/**
 * The EMM agents: the workflow each one runs, the variable that says where its
 * run API answers, and its in-cluster address. Kept free of CLI concerns so
 * the local stack runner can share it once it moves into a package.
 */
export const AGENTS = {
  'file-system-agent': { workflow: 'file-import', urlVariable: 'FILE_SYSTEM_AGENT_URL' },
  'bookmark-scraper': { workflow: 'bookmark-import', urlVariable: 'BOOKMARK_SCRAPER_URL' },
  'confluence-agent': { workflow: 'confluence-sync', urlVariable: 'CONFLUENCE_AGENT_URL' },
} as const;

export type AgentId = keyof typeof AGENTS;
export type WorkflowName = (typeof AGENTS)[AgentId]['workflow'];
export type AgentUrlVariable = (typeof AGENTS)[AgentId]['urlVariable'];

export const AGENT_IDS = Object.keys(AGENTS) as AgentId[];
export const WORKFLOW_NAMES: readonly WorkflowName[] = AGENT_IDS.map((id) => AGENTS[id].workflow);

/** The port every EMM app serves HTTP on inside the cluster. */
const IN_CLUSTER_PORT = 8080;

/** The run API's bearer token: `RUN_API_TOKEN`, else `MCP_AUTH_TOKEN` (what the agents themselves fall back to). */
export const RUN_API_TOKEN_VARIABLES = ['RUN_API_TOKEN', 'MCP_AUTH_TOKEN'] as const;

/** The agent that runs `workflow`; undefined for a name no agent runs. */
export function agentOfWorkflow(workflow: string): AgentId | undefined {
  return AGENT_IDS.find((id) => AGENTS[id].workflow === workflow);
}

/** Where an agent's run API answers inside the cluster: `http://file-system-agent:8080`. */
export function defaultAgentUrl(id: AgentId): string {
  return `http://${id}:${IN_CLUSTER_PORT}`;
}

const httpUrl = { protocols: ['http:', 'https:'] } as const;

/** The environment a run API client reads; every URL defaults to the in-cluster name. */
export const agentClientEnvSchema = z.object({
  FILE_SYSTEM_AGENT_URL: envUrl({ ...httpUrl, default: defaultAgentUrl('file-system-agent') }),
  BOOKMARK_SCRAPER_URL: envUrl({ ...httpUrl, default: defaultAgentUrl('bookmark-scraper') }),
  CONFLUENCE_AGENT_URL: envUrl({ ...httpUrl, default: defaultAgentUrl('confluence-agent') }),
  RUN_API_TOKEN: envSecret({ optional: true }),
  MCP_AUTH_TOKEN: envSecret({ optional: true }),
});

export type AgentClientEnv = z.infer<typeof agentClientEnvSchema>;

export interface AgentAddress {
  id: AgentId;
  /** Base URL of the run API, without a trailing slash. */
  url: string;
}

export interface AgentClientsConfig {
  agents: Record<AgentId, AgentAddress>;
  token?: string;
}

/** Every agent's address and the run API token from validated environment variables. */
export function agentClientConfigFromEnv(env: AgentClientEnv): AgentClientsConfig {
  const agents = Object.fromEntries(AGENT_IDS.map((id) => [id, { id, url: withoutTrailingSlash(env[AGENTS[id].urlVariable]) }])) as Record<AgentId, AgentAddress>;
  const token = env.RUN_API_TOKEN ?? env.MCP_AUTH_TOKEN;
  return token === undefined ? { agents } : { agents, token };
}

export function withoutTrailingSlash(url: string): string {
  return url.replace(/\/+$/, '');
}
