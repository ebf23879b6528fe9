import { ConfigValidationError, loadConfig } from '@emm/config';
import { appConfigSchema } from './config';
import { notifySettingsFromConfig } from './notifications/settings';

function problemsOf(env: Record<string, string>): readonly string[] {
  try {
    loadConfig(appConfigSchema, env);
    return [];
  } catch (error) {
    if (error instanceof ConfigValidationError) return error.problems;
    throw error;
  }
}

describe('notifications-service config', () => {
  it('defaults to the log channel only', () => {
    const settings = notifySettingsFromConfig(loadConfig(appConfigSchema, {}));
    expect(settings.channels).toEqual([{ name: 'log', ratePerMinute: 60 }]);
    expect(settings.maxAttempts).toBe(8);
  });

  it('names every missing or bad channel setting, never echoing a secret', () => {
    const problems = problemsOf({
      NOTIFY_CHANNELS: 'slack,webhook,sms',
      WEBHOOK_URL: 'ftp://secret-host/secret-path',
      WEBHOOK_SIGNING_SECRET: 'short-secret',
    });
    expect(problems).toEqual(
      expect.arrayContaining([
        'NOTIFY_CHANNELS: unknown channel "sms"; use slack, webhook, log',
        'SLACK_WEBHOOK_URL: is required when NOTIFY_CHANNELS includes slack',
        'WEBHOOK_URL: must be an http:// or https:// URL',
        'WEBHOOK_SIGNING_SECRET: must be at least 16 characters long',
      ]),
    );
    expect(problems.join('\n')).not.toMatch(/secret-host|secret-path|short-secret/);
  });

  it('reports channel rules together with unrelated bad variables, in one go', () => {
    expect(problemsOf({ NOTIFY_MAX_ATTEMPTS: '0', NOTIFY_CHANNELS: 'slack' })).toEqual([
      'NOTIFY_MAX_ATTEMPTS: must be an integer between 1 and 100',
      'SLACK_WEBHOOK_URL: is required when NOTIFY_CHANNELS includes slack',
    ]);
  });

  it('keeps history at least as long as the dedupe window', () => {
    expect(problemsOf({ NOTIFY_DEDUPE_WINDOW_MS: '2h', NOTIFY_HISTORY_MS: '1h' })).toEqual([
      'NOTIFY_HISTORY_MS: must not be less than NOTIFY_DEDUPE_WINDOW_MS',
    ]);
  });

  it('keeps a delivery attempt shorter than the shutdown deadline', () => {
    expect(problemsOf({ NOTIFY_DELIVERY_TIMEOUT_MS: '30s', SHUTDOWN_TIMEOUT_MS: '20s' })).toEqual(['NOTIFY_DELIVERY_TIMEOUT_MS: must be less than SHUTDOWN_TIMEOUT_MS']);
  });

  it('tunes how a killed replica’s deliveries are taken up again, within the lease rules', () => {
    expect(notifySettingsFromConfig(loadConfig(appConfigSchema, {})).lease).toEqual({ lockDuration: 30_000, stalledInterval: 15_000, maxStalledCount: 5 });
    expect(notifySettingsFromConfig(loadConfig(appConfigSchema, { WORKER_LOCK_DURATION_MS: '5s', WORKER_STALLED_INTERVAL_MS: '2s' })).lease).toMatchObject({ lockDuration: 5_000, stalledInterval: 2_000 });
    expect(problemsOf({ WORKER_LOCK_DURATION_MS: '5s', WORKER_STALLED_INTERVAL_MS: '10s', NOTIFY_MAX_ATTEMPTS: '0' })).toEqual([
      'NOTIFY_MAX_ATTEMPTS: must be an integer between 1 and 100',
      'WORKER_STALLED_INTERVAL_MS: must not be more than WORKER_LOCK_DURATION_MS',
    ]);
  });

  it('applies per-channel rate limits over the shared one', () => {
    const config = loadConfig(appConfigSchema, {
      NOTIFY_CHANNELS: 'slack, log',
      SLACK_WEBHOOK_URL: 'https://hooks.slack.com/services/T/B/x',
      NOTIFY_RATE_LIMIT_PER_MINUTE: '100',
      NOTIFY_SLACK_RATE_LIMIT_PER_MINUTE: '1',
    });
    expect(notifySettingsFromConfig(config).channels).toEqual([
      { name: 'slack', ratePerMinute: 1 },
      { name: 'log', ratePerMinute: 100 },
    ]);
  });
});
