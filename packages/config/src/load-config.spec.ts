import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { z } from 'zod';
import { envInt, envSecret, envString, envUrl } from './env-helpers';
import { ConfigValidationError, loadConfig } from './load-config';
import { platformEnvSchema } from './platform-env';

const appSchema = platformEnvSchema.extend({
  REDIS_URL: envUrl({ protocols: ['redis:', 'rediss:'] }),
  JD_STRUCTURE_PATH: envString(),
  MCP_AUTH_TOKEN: envSecret({ optional: true }),
});

function problemsOf(run: () => unknown): string[] {
  try {
    run();
  } catch (error: unknown) {
    if (error instanceof ConfigValidationError) return [...error.problems];
    throw error;
  }
  throw new Error('expected a ConfigValidationError');
}

describe('loadConfig', () => {
  it('applies the platform defaults', () => {
    const config = loadConfig(platformEnvSchema, {});
    expect(config).toEqual({
      NODE_ENV: 'production',
      PORT: 8080,
      HOST: '0.0.0.0',
      LOG_LEVEL: 'info',
      SERVICE_VERSION: '0.0.0-dev',
      SHUTDOWN_DRAIN_MS: 5_000,
      SHUTDOWN_TIMEOUT_MS: 20_000,
    });
  });

  it('returns typed values for an extended schema and ignores unrelated variables', () => {
    const config = loadConfig(appSchema, {
      PORT: '3000',
      LOG_LEVEL: 'debug',
      REDIS_URL: 'redis://127.0.0.1:6379',
      JD_STRUCTURE_PATH: '/etc/emm/jd.yaml',
      SHUTDOWN_DRAIN_MS: '2s',
      PATH: '/usr/bin',
    });
    const port: number = config.PORT;
    const level: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent' = config.LOG_LEVEL;
    expect({ port, level, drain: config.SHUTDOWN_DRAIN_MS, token: config.MCP_AUTH_TOKEN }).toEqual({
      port: 3000,
      level: 'debug',
      drain: 2_000,
      token: undefined,
    });
    expect(config).not.toHaveProperty('PATH');
  });

  it('reports every problem at once, one NAME: rule each', () => {
    const problems = problemsOf(() =>
      loadConfig(appSchema, { PORT: '99999', REDIS_URL: 'http://redis:6379', LOG_LEVEL: 'loud' }),
    );
    expect(problems.sort()).toEqual(
      [
        'PORT: must be an integer between 1 and 65535',
        'LOG_LEVEL: must be one of fatal, error, warn, info, debug, trace, silent',
        'REDIS_URL: must be a redis:// or rediss:// URL',
        'JD_STRUCTURE_PATH: is required',
      ].sort(),
    );
  });

  it('treats an empty value as unset', () => {
    expect(loadConfig(platformEnvSchema, { PORT: '', LOG_LEVEL: '  ' }).PORT).toBe(8080);
    expect(problemsOf(() => loadConfig(z.object({ TOKEN: envSecret() }), { TOKEN: '' }))).toEqual([
      'TOKEN: is required',
    ]);
  });

  it('puts the problems into the error message', () => {
    const schema = z.object({ WORKERS: envInt({ min: 1 }) });
    expect(() => loadConfig(schema, { WORKERS: '0' })).toThrow('WORKERS: must be an integer of at least 1');
  });
});

describe('loadConfigOrExit', () => {
  // A real node process loading the built package, as an app's main.ts does.
  const distEntry = join(__dirname, '..', 'dist', 'index.js');
  const script = `
    const { loadConfigOrExit, platformEnvSchema, envUrl } = require(${JSON.stringify(distEntry)});
    const config = loadConfigOrExit(platformEnvSchema.extend({ REDIS_URL: envUrl({ protocols: ['redis:', 'rediss:'] }) }));
    process.stdout.write(JSON.stringify(config));
  `;

  function runWith(env: Record<string, string>) {
    return spawnSync(process.execPath, ['-e', script], {
      env: { PATH: process.env.PATH ?? '', ...env },
      encoding: 'utf8',
      timeout: 20_000,
    });
  }

  it('prints one line per problem to stderr and exits 1 without a stack trace', () => {
    const result = runWith({ PORT: 'eighty', SHUTDOWN_TIMEOUT_MS: 'soon' });
    expect(result.status).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr.trimEnd().split('\n').sort()).toEqual(
      [
        'config error: PORT: must be an integer between 1 and 65535',
        'config error: SHUTDOWN_TIMEOUT_MS: must be a duration such as 1500, 500ms, 5s or 2m',
        'config error: REDIS_URL: is required',
      ].sort(),
    );
  });

  it('returns the config when it is valid', () => {
    const result = runWith({ REDIS_URL: 'redis://127.0.0.1:6379' });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ PORT: 8080, REDIS_URL: 'redis://127.0.0.1:6379' });
  });
});
