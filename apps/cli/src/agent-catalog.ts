import { envSecret, envUrl } from '@emm/config/env';
import { AGENT_IDS, AGENTS, defaultAgentUrl, type AgentId } from '@emm/contracts';
import { z } from 'zod';

// The agents themselves (workflow, URL variable, in-cluster address) are @emm/contracts'
// catalog; this adds how the CLI reads their addresses and token from the environment.
export { AGENT_IDS, AGENTS, agentOfWorkflow, defaultAgentUrl, WORKFLOW_NAMES, type AgentId, type AgentUrlVariable, type WorkflowName } from '@emm/contracts';

/** The run API's bearer token: `RUN_API_TOKEN`, else `MCP_AUTH_TOKEN` (what the agents themselves fall back to). */
export const RUN_API_TOKEN_VARIABLES = ['RUN_API_TOKEN', 'MCP_AUTH_TOKEN'] as const;

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
