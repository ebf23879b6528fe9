/** The agent's settings (agentSettingsFromEnv). */
export const AGENT_SETTINGS = Symbol('AGENT_SETTINGS');
/** The workflow instances the agent offers, by name. */
export const WORKFLOWS = Symbol('AGENT_WORKFLOWS');
