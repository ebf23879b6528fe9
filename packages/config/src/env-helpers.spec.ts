import { z } from 'zod';
import {
  envBoolean,
  envDurationMs,
  envEnum,
  envInt,
  envList,
  envSecret,
  envString,
  envUrl,
  parseDurationMs,
} from './env-helpers';
import { loadConfig } from './load-config';

/** The problems `loadConfig` reports for one variable `NAME` set to `value` (or unset). */
function problemsFor(schema: z.ZodType, value: string | undefined): string[] {
  try {
    loadConfig(z.object({ NAME: schema }), { NAME: value });
    return [];
  } catch (error: unknown) {
    return [...(error as { problems: string[] }).problems];
  }
}

function valueOf<S extends z.ZodType>(schema: S, value: string | undefined): z.infer<S> {
  const config: { NAME?: unknown } = loadConfig(z.object({ NAME: schema }), { NAME: value });
  return config.NAME as z.infer<S>;
}

describe('envString', () => {
  it('requires a value unless it has a default, and trims it', () => {
    expect(problemsFor(envString(), undefined)).toEqual(['NAME: is required']);
    expect(valueOf(envString({ default: 'fallback' }), undefined)).toBe('fallback');
    expect(valueOf(envString(), '  value  ')).toBe('value');
  });

  it('names the minimum length', () => {
    expect(problemsFor(envString({ min: 8 }), 'short')).toEqual(['NAME: must be at least 8 characters long']);
    expect(valueOf(envString({ min: 8 }), 'long enough')).toBe('long enough');
  });
});

describe('envInt', () => {
  it('parses integers within range', () => {
    expect(valueOf(envInt({ min: 1, max: 65535 }), '8080')).toBe(8080);
    expect(valueOf(envInt({ default: 3 }), undefined)).toBe(3);
  });

  it.each(['abc', '80.5', '0', '65536', '1e3', '8080x'])('rejects %s with the range it expects', (raw) => {
    expect(problemsFor(envInt({ min: 1, max: 65535 }), raw)).toEqual(['NAME: must be an integer between 1 and 65535']);
  });

  it('describes a one-sided range', () => {
    expect(problemsFor(envInt({ min: 1 }), '0')).toEqual(['NAME: must be an integer of at least 1']);
    expect(problemsFor(envInt({ max: 9 }), '10')).toEqual(['NAME: must be an integer of at most 9']);
    expect(problemsFor(envInt(), 'x')).toEqual(['NAME: must be an integer']);
    expect(problemsFor(envInt(), undefined)).toEqual(['NAME: is required']);
  });
});

describe('envBoolean', () => {
  it.each([
    ['true', true],
    ['1', true],
    ['YES', true],
    ['false', false],
    ['0', false],
    ['no', false],
  ])('reads %s as %s', (raw, expected) => {
    expect(valueOf(envBoolean({ default: !expected }), raw)).toBe(expected);
  });

  it('uses the default when unset and lists the accepted words otherwise', () => {
    expect(valueOf(envBoolean({ default: true }), undefined)).toBe(true);
    expect(problemsFor(envBoolean({ default: false }), 'on')).toEqual([
      'NAME: must be one of true, false, 1, 0, yes, no',
    ]);
  });
});

describe('envUrl', () => {
  const redisUrl = envUrl({ protocols: ['redis:', 'rediss:'] });

  it('accepts the listed protocols only', () => {
    expect(valueOf(redisUrl, 'redis://127.0.0.1:6379/0')).toBe('redis://127.0.0.1:6379/0');
    expect(problemsFor(redisUrl, 'http://127.0.0.1:6379')).toEqual(['NAME: must be a redis:// or rediss:// URL']);
    expect(problemsFor(redisUrl, 'not a url')).toEqual(['NAME: must be a redis:// or rediss:// URL']);
    expect(problemsFor(redisUrl, undefined)).toEqual(['NAME: is required']);
  });

  it('reads naturally for http and takes a default', () => {
    const httpUrl = envUrl({ protocols: ['http:', 'https:'], default: 'http://jd-classifier-service:8080/mcp' });
    expect(problemsFor(httpUrl, 'ftp://example')).toEqual(['NAME: must be an http:// or https:// URL']);
    expect(valueOf(httpUrl, undefined)).toBe('http://jd-classifier-service:8080/mcp');
  });
});

describe('envEnum', () => {
  it('accepts the listed values exactly and lists them otherwise', () => {
    const level = envEnum(['info', 'debug'], 'info');
    expect(valueOf(level, 'debug')).toBe('debug');
    expect(valueOf(level, undefined)).toBe('info');
    expect(problemsFor(level, 'verbose')).toEqual(['NAME: must be one of info, debug']);
    expect(problemsFor(envEnum(['a', 'b']), undefined)).toEqual(['NAME: is required']);
  });
});

describe('envDurationMs', () => {
  it.each([
    ['1500', 1500],
    ['500ms', 500],
    ['5s', 5_000],
    ['2m', 120_000],
    ['1h', 3_600_000],
  ])('reads %s as %d ms', (raw, expected) => {
    expect(valueOf(envDurationMs({ default: 1 }), raw)).toBe(expected);
  });

  it('uses the default when unset and explains the format otherwise', () => {
    expect(valueOf(envDurationMs({ default: 5_000 }), undefined)).toBe(5_000);
    expect(problemsFor(envDurationMs({ default: 1 }), '5 minutes')).toEqual([
      'NAME: must be a duration such as 1500, 500ms, 5s or 2m',
    ]);
    expect(parseDurationMs('-5s')).toBeUndefined();
  });
});

describe('envList', () => {
  it('splits on commas, trims and drops empty items', () => {
    expect(valueOf(envList(), ' a, b ,,c ')).toEqual(['a', 'b', 'c']);
    expect(valueOf(envList(), undefined)).toEqual([]);
    expect(valueOf(envList({ default: ['x'] }), undefined)).toEqual(['x']);
  });

  it('hands out a fresh default each time', () => {
    const schema = envList({ default: ['x'] });
    valueOf(schema, undefined).push('mutated');
    expect(valueOf(schema, undefined)).toEqual(['x']);
  });
});

describe('envSecret', () => {
  it('is required and never echoes the value in a problem', () => {
    expect(problemsFor(envSecret(), undefined)).toEqual(['NAME: is required']);
    expect(valueOf(envSecret(), 's3cr3t\n')).toBe('s3cr3t');
  });

  it('has an optional variant that stays unset', () => {
    expect(valueOf(envSecret({ optional: true }), undefined)).toBeUndefined();
    expect(valueOf(envSecret({ optional: true }), 'token')).toBe('token');
  });

  it('keeps a rejected value out of the message', () => {
    const problems = problemsFor(envInt(), 'hunter2-secret');
    expect(problems.join('\n')).not.toContain('hunter2');
  });
});
