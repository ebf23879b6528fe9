import { ConfigValidationError, loadConfig } from '@emm/config/env';
import { AGENTS, agentClientConfigFromEnv, agentClientEnvSchema, agentOfWorkflow, WORKFLOW_NAMES } from './agent-catalog';

function configFrom(env: Record<string, string | undefined>) {
  return agentClientConfigFromEnv(loadConfig(agentClientEnvSchema, env));
}

describe('the agent catalog', () => {
  it('knows which agent runs each workflow, and the variable that locates it', () => {
    expect(WORKFLOW_NAMES).toEqual(['file-import', 'bookmark-import', 'confluence-sync']);
    expect(agentOfWorkflow('bookmark-import')).toBe('bookmark-scraper');
    expect(agentOfWorkflow('test-items')).toBeUndefined();
    expect(AGENTS['confluence-agent'].urlVariable).toBe('CONFLUENCE_AGENT_URL');
  });

  it('defaults every agent to its in-cluster address, the way MCP_<SERVICE>_URL does', () => {
    expect(configFrom({})).toEqual({
      agents: {
        'file-system-agent': { id: 'file-system-agent', url: 'http://file-system-agent:8080' },
        'bookmark-scraper': { id: 'bookmark-scraper', url: 'http://bookmark-scraper:8080' },
        'confluence-agent': { id: 'confluence-agent', url: 'http://confluence-agent:8080' },
      },
    });
  });

  it('takes addresses from the variables and the token from RUN_API_TOKEN, else MCP_AUTH_TOKEN', () => {
    const config = configFrom({ FILE_SYSTEM_AGENT_URL: 'http://127.0.0.1:8081/', MCP_AUTH_TOKEN: 'shared-token' });
    expect(config.agents['file-system-agent']).toEqual({ id: 'file-system-agent', url: 'http://127.0.0.1:8081' });
    expect(config.token).toBe('shared-token');
    expect(configFrom({ RUN_API_TOKEN: 'run-token', MCP_AUTH_TOKEN: 'shared-token' }).token).toBe('run-token');
  });

  it('refuses an address that is not an http(s) URL, naming the variable', () => {
    expect(() => configFrom({ BOOKMARK_SCRAPER_URL: 'bookmark-scraper:8080' })).toThrow(ConfigValidationError);
    try {
      configFrom({ BOOKMARK_SCRAPER_URL: 'bookmark-scraper:8080' });
    } catch (error) {
      expect((error as ConfigValidationError).problems).toEqual(['BOOKMARK_SCRAPER_URL: must be an http:// or https:// URL']);
    }
  });
});
