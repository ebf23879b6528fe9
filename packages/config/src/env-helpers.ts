import { z } from 'zod';

/**
 * Zod builders for environment variables. Every schema here takes the raw
 * `string | undefined` an env var holds and produces a typed value; each issue
 * message is the rule the value broke ("must be …", "is required"), so
 * `loadConfig` can report `NAME: rule`. Messages never echo the value: it may
 * be a secret.
 */

const REQUIRED = 'is required';

/** A schema for a raw env string that `parse` turns into a value, or rejects with `rule`. */
function envValue<T>(rule: string, parse: (raw: string) => T | undefined) {
  return z
    .string({ error: (issue) => (issue.input === undefined ? REQUIRED : rule) })
    .transform((raw, ctx): T => {
      const value = parse(raw.trim());
      if (value === undefined) {
        ctx.issues.push({ code: 'custom', message: rule, input: raw });
        return z.NEVER;
      }
      return value;
    });
}

function describeRange(min: number | undefined, max: number | undefined): string {
  if (min !== undefined && max !== undefined) return ` between ${min} and ${max}`;
  if (min !== undefined) return ` of at least ${min}`;
  if (max !== undefined) return ` of at most ${max}`;
  return '';
}

export interface EnvStringOptions {
  default?: string;
  /** Minimum length after trimming. */
  min?: number;
}

/** A trimmed string; `min` sets a minimum length. */
export function envString(options: EnvStringOptions = {}) {
  const { min = 1 } = options;
  const rule = min > 1 ? `must be at least ${min} characters long` : 'must not be empty';
  const schema = envValue(rule, (raw) => (raw.length >= min ? raw : undefined));
  return options.default === undefined ? schema : schema.default(options.default);
}

export interface EnvIntOptions {
  default?: number;
  min?: number;
  max?: number;
}

/** A base-10 integer, e.g. `PORT: must be an integer between 1 and 65535`. */
export function envInt(options: EnvIntOptions = {}) {
  const { min, max } = options;
  const rule = `must be an integer${describeRange(min, max)}`;
  const schema = envValue(rule, (raw) => {
    if (!/^[+-]?\d+$/.test(raw)) return undefined;
    const value = Number(raw);
    if (!Number.isSafeInteger(value)) return undefined;
    if ((min !== undefined && value < min) || (max !== undefined && value > max)) return undefined;
    return value;
  });
  return options.default === undefined ? schema : schema.default(options.default);
}

const TRUE_WORDS = new Set(['true', '1', 'yes']);
const FALSE_WORDS = new Set(['false', '0', 'no']);

/** `true/false`, `1/0` or `yes/no` (any case). A flag always has a default. */
export function envBoolean(options: { default: boolean }) {
  return envValue('must be one of true, false, 1, 0, yes, no', (raw) => {
    const word = raw.toLowerCase();
    if (TRUE_WORDS.has(word)) return true;
    if (FALSE_WORDS.has(word)) return false;
    return undefined;
  }).default(options.default);
}

export interface EnvUrlOptions {
  /** Accepted protocols with their colon, as `URL.protocol` spells them: `['http:', 'https:']`. */
  protocols: readonly [string, ...string[]];
  default?: string;
}

function describeProtocols(protocols: readonly string[]): string {
  const shown = protocols.map((protocol) => `${protocol}//`);
  const list = shown.length === 1 ? shown[0] : `${shown.slice(0, -1).join(', ')} or ${shown[shown.length - 1]}`;
  // "an http://" is how people read it; a vowel start takes "an" too.
  const article = /^(?:[aeiou]|http)/i.test(protocols[0]) ? 'an' : 'a';
  return `must be ${article} ${list} URL`;
}

/** An absolute URL with one of `protocols`, e.g. `REDIS_URL: must be a redis:// or rediss:// URL`. Yields the URL as given (trimmed). */
export function envUrl(options: EnvUrlOptions) {
  const rule = describeProtocols(options.protocols);
  const schema = envValue(rule, (raw) => {
    if (!URL.canParse(raw)) return undefined;
    return options.protocols.includes(new URL(raw).protocol) ? raw : undefined;
  });
  return options.default === undefined ? schema : schema.default(options.default);
}

/** One of `values`, exactly as written (e.g. `LOG_LEVEL: must be one of fatal, error, …`). */
export function envEnum<const V extends readonly [string, ...string[]]>(values: V, defaultValue?: V[number]) {
  const rule = `must be one of ${values.join(', ')}`;
  const schema = envValue<V[number]>(rule, (raw) => values.find((value) => value === raw));
  // `as never`: zod's default type (NoUndefined<Awaited<…>>) cannot be resolved for a generic V; the signature already checks it.
  return defaultValue === undefined ? schema : schema.default(defaultValue as never);
}

const DURATION_UNITS_MS: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 };

/** Parses `1500`, `500ms`, `5s`, `2m` or `1h` into milliseconds; `undefined` when it is none of those. */
export function parseDurationMs(text: string): number | undefined {
  const match = /^(\d+)\s*(ms|s|m|h)?$/.exec(text.trim());
  if (!match) return undefined;
  const value = Number(match[1]) * DURATION_UNITS_MS[match[2] ?? 'ms'];
  return Number.isSafeInteger(value) ? value : undefined;
}

/** A duration in milliseconds: a plain integer (ms) or `500ms`, `5s`, `2m`, `1h`. */
export function envDurationMs(options: { default: number }) {
  return envValue('must be a duration such as 1500, 500ms, 5s or 2m', parseDurationMs).default(options.default);
}

/** A comma separated list; items are trimmed and empty items dropped. Unset means the default (empty). */
export function envList(options: { default?: readonly string[] } = {}) {
  const fallback = [...(options.default ?? [])];
  return envValue('must be a comma separated list', (raw) =>
    raw
      .split(',')
      .map((item) => item.trim())
      .filter((item) => item.length > 0),
  ).default(() => [...fallback]);
}

/**
 * A secret (token, password, API key). It never has a default: a secret that
 * silently falls back to a known value is worse than a refusal to start.
 * `{ optional: true }` is for features that are off when the secret is unset.
 */
export function envSecret(options?: { optional?: false }): ReturnType<typeof requiredSecret>;
export function envSecret(options: { optional: true }): z.ZodOptional<ReturnType<typeof requiredSecret>>;
export function envSecret(options: { optional?: boolean } = {}) {
  const schema = requiredSecret();
  return options.optional ? schema.optional() : schema;
}

function requiredSecret() {
  return envValue('must not be empty', (raw) => (raw.length > 0 ? raw : undefined));
}
