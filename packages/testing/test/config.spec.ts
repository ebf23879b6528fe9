import { z } from 'zod';
import { loadTestConfig } from '../src/config';

const schema = z.object({
  LOG_LEVEL: z.enum(['silent', 'info']),
  SHUTDOWN_DRAIN_MS: z.coerce.number().int(),
  REDIS_URL: z.string(),
});

describe('loadTestConfig', () => {
  it('loads a quiet config without a shutdown drain unless env says otherwise', () => {
    expect(loadTestConfig(schema, { REDIS_URL: 'redis://x' })).toEqual({ LOG_LEVEL: 'silent', SHUTDOWN_DRAIN_MS: 0, REDIS_URL: 'redis://x' });
    expect(loadTestConfig(schema, { REDIS_URL: 'redis://x', LOG_LEVEL: 'info', SHUTDOWN_DRAIN_MS: '500' })).toMatchObject({ LOG_LEVEL: 'info', SHUTDOWN_DRAIN_MS: 500 });
  });

  it('rejects what main.ts would reject, naming the variable', () => {
    expect(() => loadTestConfig(schema, {})).toThrow(/REDIS_URL/);
  });
});
