import { type z } from 'zod';

type Env = Record<string, string | undefined>;

/** Thrown by `loadConfig`; `problems` holds every problem found, one `NAME: rule` each. */
export class ConfigValidationError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`invalid configuration:\n${problems.map((problem) => `  ${problem}`).join('\n')}`);
    this.name = 'ConfigValidationError';
  }
}

/** `FOO=` in a manifest or shell means "not set", so an empty value takes the default. */
function withoutEmptyValues(env: Env): Env {
  return Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value.trim() !== ''));
}

function describeIssue(issue: z.core.$ZodIssue): string {
  const name = issue.path.map(String).join('.');
  return name ? `${name}: ${issue.message}` : issue.message;
}

/**
 * Validates `env` against `schema` once and returns the typed config. Every
 * problem is collected before throwing, so an operator fixes them all in one go.
 */
export function loadConfig<S extends z.ZodType>(schema: S, env: Env = process.env): z.infer<S> {
  const result = schema.safeParse(withoutEmptyValues(env));
  if (!result.success) throw new ConfigValidationError(result.error.issues.map(describeIssue));
  return result.data;
}

/**
 * `loadConfig` for `main.ts`: on a bad or missing value it prints one
 * `config error: NAME: rule` line per problem to stderr and exits 1, without
 * a stack trace.
 */
export function loadConfigOrExit<S extends z.ZodType>(schema: S, env: Env = process.env): z.infer<S> {
  try {
    return loadConfig(schema, env);
  } catch (error: unknown) {
    const problems =
      error instanceof ConfigValidationError ? error.problems : [error instanceof Error ? error.message : String(error)];
    process.stderr.write(problems.map((problem) => `config error: ${problem}\n`).join(''));
    process.exit(1);
  }
}
