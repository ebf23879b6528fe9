import { join, resolve } from 'node:path';
import { mcpServiceUrlVariable } from '@emm/mcp/contract';
import { APP_CATALOG, findRepoRoot, isAppName, liveStackState, type StackState } from '@emm/stack/state';
import { AGENTS, type AgentId } from '../agent-catalog';

/** Where `emm stack` and `emm demo` keep the local stack: --dir, else EMM_STACK_DIR, else .emm/stack in the checkout. */
export function stackDir(env: Record<string, string | undefined>, dirOption?: string): string {
  if (dirOption !== undefined) return resolve(dirOption);
  if (env.EMM_STACK_DIR !== undefined && env.EMM_STACK_DIR !== '') return resolve(env.EMM_STACK_DIR);
  return join(findRepoRoot(), '.emm', 'stack');
}

/**
 * The variables that point a client at a running local stack: every agent's
 * run API, every service's MCP endpoint, the shared token.
 */
export function stackClientEnv(state: StackState): Record<string, string> {
  const env: Record<string, string> = { RUN_API_TOKEN: state.token, MCP_AUTH_TOKEN: state.token };
  for (const app of state.apps) {
    if (!isAppName(app.name)) continue;
    const spec = APP_CATALOG[app.name];
    if (spec.kind === 'agent') env[AGENTS[app.name as AgentId].urlVariable] = app.url;
    else if (spec.mcpService !== undefined) env[mcpServiceUrlVariable(spec.mcpService)] = `${app.url}/mcp`;
  }
  return env;
}

/**
 * The environment commands run with: the shell's, over the running local
 * stack's addresses — so after `emm stack up` (or `emm demo`) `emm runs` and
 * `emm call` just work, and anything the shell sets still wins.
 */
export function withStackDefaults(env: Record<string, string | undefined>): Record<string, string | undefined> {
  let state: StackState | undefined;
  try {
    state = liveStackState(stackDir(env));
  } catch {
    return env; // not in a checkout: no local stack to find
  }
  return state === undefined ? env : { ...stackClientEnv(state), ...definedOnly(env) };
}

function definedOnly(env: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined && entry[1] !== ''));
}
