import { loadConfig, platformEnvSchema } from '@emm/config';
import { agentEnvRules, agentEnvSchema, agentSettingsFromEnv } from './agent-env';
import { parseSchedule } from './schedule/schedule';

const schema = platformEnvSchema.extend({ ...agentEnvSchema.shape }).superRefine(agentEnvRules);

function problems(env: Record<string, string>): string {
  try {
    loadConfig(schema, env);
    return '';
  } catch (error) {
    return (error as Error).message;
  }
}

describe('agent environment', () => {
  it('defaults to one process doing both roles, with bounded items and a recoverable lock', () => {
    const settings = agentSettingsFromEnv(loadConfig(schema, {}), 'file-system-agent');
    expect(settings).toMatchObject({ role: 'all', agent: 'file-system-agent', concurrency: 8, attempts: 5, itemTimeoutMs: 10_000, lease: { maxStalledCount: 5 }, schedule: undefined });
  });

  it('takes the run API token from MCP_AUTH_TOKEN unless RUN_API_TOKEN is set', () => {
    const env = loadConfig(schema, { RUN_API_TOKEN: 'run-token' });
    expect(agentSettingsFromEnv({ ...env, MCP_AUTH_TOKEN: 'shared' }, 'a').apiToken).toBe('run-token');
    expect(agentSettingsFromEnv({ ...loadConfig(schema, {}), MCP_AUTH_TOKEN: 'shared' }, 'a').apiToken).toBe('shared');
  });

  it('names each broken rule', () => {
    expect(problems({ ROLE: 'boss' })).toMatch(/ROLE: must be one of api, worker, all/);
    expect(problems({ ITEM_TIMEOUT_MS: '30s', SHUTDOWN_TIMEOUT_MS: '20s' })).toMatch(/ITEM_TIMEOUT_MS: must be less than SHUTDOWN_TIMEOUT_MS/);
    expect(problems({ WORKER_STALLED_INTERVAL_MS: '60s' })).toMatch(/WORKER_STALLED_INTERVAL_MS: must not be more than WORKER_LOCK_DURATION_MS/);
    expect(problems({ RUN_SCHEDULE: 'sometimes' })).toMatch(/RUN_SCHEDULE: must be "every <duration>"/);
    expect(problems({ RUN_SCHEDULE: 'every 5m', RUN_SCHEDULE_INPUT: '[1]' })).toMatch(/RUN_SCHEDULE_INPUT: must be a JSON object/);
    expect(problems({ RUN_SCHEDULE_INPUT: '{' })).toMatch(/RUN_SCHEDULE_INPUT: must be valid JSON/);
  });

  it('reads schedules as an interval or a cron pattern', () => {
    expect(parseSchedule('every 5m')).toEqual({ every: 300_000 });
    expect(parseSchedule('*/15 * * * *', 'Europe/Berlin')).toEqual({ pattern: '*/15 * * * *', tz: 'Europe/Berlin' });
    expect(parseSchedule('every 10ms')).toBe('must repeat at most once a second');
    expect(parseSchedule('61 * * * *')).toMatch(/^is not a valid cron pattern/);
    expect(agentSettingsFromEnv(loadConfig(schema, { RUN_SCHEDULE: 'every 1h', RUN_SCHEDULE_INPUT: '{"prefix":"scans"}' }), 'a').schedule).toEqual({
      schedule: { every: 3_600_000 },
      input: { prefix: 'scans' },
    });
  });
});
