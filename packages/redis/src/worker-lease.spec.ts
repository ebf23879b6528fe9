import { z } from 'zod';
import { workerLeaseEnvRules, workerLeaseEnvSchema, workerLeaseOptions } from './worker-lease';

const schema = workerLeaseEnvSchema.superRefine(workerLeaseEnvRules);

function problems(env: Record<string, string>): string[] {
  const parsed = schema.safeParse(env);
  return parsed.success ? [] : parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
}

describe('worker lease variables', () => {
  it('default to a 30 s lock checked every 15 s, taken up again up to 5 times', () => {
    expect(workerLeaseOptions(schema.parse({}))).toEqual({ lockDuration: 30_000, stalledInterval: 15_000, maxStalledCount: 5 });
  });

  it('read durations with units', () => {
    expect(workerLeaseOptions(schema.parse({ WORKER_LOCK_DURATION_MS: '5s', WORKER_STALLED_INTERVAL_MS: '2s', WORKER_MAX_STALLED_COUNT: '2' }))).toEqual({
      lockDuration: 5_000,
      stalledInterval: 2_000,
      maxStalledCount: 2,
    });
  });

  it('refuse a lock under a second and a check rarer than the lock, naming the variable', () => {
    expect(problems({ WORKER_LOCK_DURATION_MS: '500ms', WORKER_STALLED_INTERVAL_MS: '100ms' })).toEqual(['WORKER_LOCK_DURATION_MS: must be at least 1s']);
    expect(problems({ WORKER_LOCK_DURATION_MS: '10s', WORKER_STALLED_INTERVAL_MS: '20s' })).toEqual(['WORKER_STALLED_INTERVAL_MS: must not be more than WORKER_LOCK_DURATION_MS']);
    expect(problems({ WORKER_MAX_STALLED_COUNT: '0' })).toHaveLength(1);
    expect(problems({ WORKER_MAX_STALLED_COUNT: '0' })[0]).toMatch(/^WORKER_MAX_STALLED_COUNT: /);
  });

  it('compose into an app schema', () => {
    const app = z.object({ OTHER: z.string().default('x'), ...workerLeaseEnvSchema.shape }).superRefine(workerLeaseEnvRules);
    expect(app.parse({ WORKER_LOCK_DURATION_MS: '1m' })).toMatchObject({ OTHER: 'x', WORKER_LOCK_DURATION_MS: 60_000 });
  });
});
