// The EMM agents as their callers see them: the workflow each one runs and
// the variable that says where its run API answers (the CLI, the local stack
// and tests share this one list).

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

/** The agent that runs `workflow`; undefined for a name no agent runs. */
export function agentOfWorkflow(workflow: string): AgentId | undefined {
  return AGENT_IDS.find((id) => AGENTS[id].workflow === workflow);
}

/** Where an agent's run API answers inside the cluster: `http://file-system-agent:8080`. */
export function defaultAgentUrl(id: AgentId): string {
  return `http://${id}:${IN_CLUSTER_PORT}`;
}
