import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { COMPOSE_DIR, readYaml } from './repo';

export const COMPOSE_FILE = join(COMPOSE_DIR, 'compose.yaml');
export const ENV_EXAMPLE = join(COMPOSE_DIR, '.env.example');

export type EnvValue = string | number | boolean | null;

export interface Build {
  context: string;
  dockerfile?: string;
  target?: string;
  args?: Record<string, string>;
}

export interface DependsOn {
  condition: 'service_started' | 'service_healthy' | 'service_completed_successfully';
  required?: boolean;
  restart?: boolean;
}

export interface HealthCheck {
  test: string[];
  interval?: string;
  timeout?: string;
  retries?: number;
  start_period?: string;
  start_interval?: string;
  disable?: boolean;
}

/** The parts of a Compose service this project uses (compose.yaml is written in long form for them). */
export interface Service {
  image?: string;
  build?: Build;
  command?: string[];
  environment?: Record<string, EnvValue>;
  ports?: string[];
  volumes?: string[];
  depends_on?: Record<string, DependsOn>;
  healthcheck?: HealthCheck;
  user?: string;
  read_only?: boolean;
  tmpfs?: string[];
  cap_drop?: string[];
  security_opt?: string[];
  profiles?: string[];
  stop_grace_period?: string;
  init?: boolean;
  restart?: string;
  extra_hosts?: string[];
}

export interface ComposeFile {
  name?: string;
  services: Record<string, Service>;
  volumes?: Record<string, unknown>;
  [extension: `x-${string}`]: unknown;
}

/** compose.yaml as written: anchors merged, `${…}` not yet replaced. */
export function rawCompose(): ComposeFile {
  return readYaml<ComposeFile>(COMPOSE_FILE);
}

export class MissingVariableError extends Error {}

// $$ | ${NAME} | ${NAME<op>word} | $NAME, where <op> is :- - :? ? :+ +
const REFERENCE = /\$(?:(\$)|\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?+])([^}]*))?\}|([A-Za-z_][A-Za-z0-9_]*))/g;

/** Compose's variable interpolation (the Compose specification's `${VAR:-default}` family). */
export function interpolate(text: string, vars: Readonly<Record<string, string | undefined>>): string {
  return text.replace(REFERENCE, (_match, dollar: string | undefined, braced: string | undefined, op: string | undefined, word = '', bare: string | undefined) => {
    if (dollar !== undefined) return '$';
    const name = (braced ?? bare) as string;
    const value = vars[name];
    const unset = value === undefined;
    const unsetOrEmpty = unset || value === '';
    switch (op) {
      case ':-':
        return unsetOrEmpty ? word : value;
      case '-':
        return unset ? word : value;
      case ':?':
        if (unsetOrEmpty) throw new MissingVariableError(`required variable ${name} is missing a value: ${word}`);
        return value;
      case '?':
        if (unset) throw new MissingVariableError(`required variable ${name} is missing a value: ${word}`);
        return value;
      case ':+':
        return unsetOrEmpty ? '' : word;
      case '+':
        return unset ? '' : word;
      default:
        return value ?? '';
    }
  });
}

/** Every `${NAME…}` / `$NAME` a text reads, with the operator and word it reads it with. */
export function references(text: string): { name: string; op: string | undefined; word: string; raw: string }[] {
  const found: { name: string; op: string | undefined; word: string; raw: string }[] = [];
  for (const match of text.matchAll(REFERENCE)) {
    if (match[1] !== undefined) continue;
    found.push({ name: match[2] ?? match[5], op: match[3], word: match[4] ?? '', raw: match[0] });
  }
  return found;
}

/** Applies `interpolate` to every string value (not to keys), as Compose does. */
function interpolateDeep(value: unknown, vars: Readonly<Record<string, string | undefined>>): unknown {
  if (typeof value === 'string') return interpolate(value, vars);
  if (Array.isArray(value)) return value.map((item) => interpolateDeep(item, vars));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, interpolateDeep(item, vars)]));
  }
  return value;
}

/** compose.yaml as `docker compose` sees it with these variables (shell environment + .env). */
export function resolvedCompose(vars: Readonly<Record<string, string | undefined>>): ComposeFile {
  return interpolateDeep(rawCompose(), vars) as ComposeFile;
}

/** `NAME=value` lines of a .env file (comments and blank lines skipped; no quoting is used here). */
export function readEnvFile(path: string): Record<string, string> {
  const vars: Record<string, string> = {};
  for (const [index, line] of readFileSync(path, 'utf8').split('\n').entries()) {
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#')) continue;
    const match = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(trimmed);
    if (match === null) throw new Error(`${path}:${index + 1}: not a NAME=value line: ${line}`);
    vars[match[1]] = match[2];
  }
  return vars;
}

/** A .env as the README tells a user to make it: .env.example with a fresh token, plus `extra`. */
export function userVariables(extra: Record<string, string> = {}): Record<string, string> {
  return { ...readEnvFile(ENV_EXAMPLE), MCP_AUTH_TOKEN: randomBytes(32).toString('hex'), ...extra };
}

/** What a user who also set up Confluence (README) has in .env. */
export const CONFLUENCE_USER_SETTINGS = {
  COMPOSE_PROFILES: 'confluence',
  CONFLUENCE_FLAVOR: 'cloud',
  CONFLUENCE_BASE_URL: 'https://example.atlassian.net/wiki',
  CONFLUENCE_EMAIL: 'someone@example.com',
  CONFLUENCE_API_TOKEN: randomBytes(16).toString('hex'),
  CONFLUENCE_SPACES: 'DOC,ENG',
};

/**
 * A service's environment as the container gets it. A value of `null` (`NAME:` with nothing)
 * would pass the variable through from the shell; this project never relies on that.
 */
export function environmentOf(service: Service): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(service.environment ?? {})) {
    if (value === null) throw new Error(`environment ${name} has no value`);
    env[name] = String(value);
  }
  return env;
}

export interface Mount {
  /** Named volume, or a host path resolved against deploy/compose. */
  source: string;
  target: string;
  readOnly: boolean;
  bind: boolean;
}

/** Short volume syntax `source:target[:ro|rw]`. */
export function parseVolume(spec: string): Mount {
  const parts = spec.split(':');
  if (parts.length < 2 || parts.length > 3) throw new Error(`not a source:target[:mode] volume: ${spec}`);
  const [source, target, mode = 'rw'] = parts;
  if (!['ro', 'rw'].includes(mode)) throw new Error(`unknown volume mode ${mode} in ${spec}`);
  const bind = source.startsWith('.') || isAbsolute(source);
  return { source: bind ? resolve(COMPOSE_DIR, source) : source, target, readOnly: mode === 'ro', bind };
}

export function mountsOf(service: Service): Mount[] {
  return (service.volumes ?? []).map(parseVolume);
}

/** The host path mounted at `target` in a service (a bind mount), or an error naming what is missing. */
export function sourceMountedAt(service: Service, target: string): string {
  const mount = mountsOf(service).find((candidate) => candidate.target === target);
  if (mount === undefined || !mount.bind) throw new Error(`nothing from the host is mounted at ${target}`);
  return mount.source;
}

export interface PublishedPort {
  hostIp: string | undefined;
  hostPort: number;
  containerPort: number;
}

/** Short port syntax `[ip:]host:container`. */
export function parsePort(spec: string): PublishedPort {
  const match = /^(?:(\d{1,3}(?:\.\d{1,3}){3}):)?(\d+):(\d+)$/.exec(spec);
  if (match === null) throw new Error(`not an [ip:]host:container port: ${spec}`);
  return { hostIp: match[1], hostPort: Number(match[2]), containerPort: Number(match[3]) };
}

/** A Compose duration (`30s`, `1m30s`, `500ms`) in milliseconds. */
export function durationMs(text: string): number {
  const units: Record<string, number> = { h: 3_600_000, m: 60_000, s: 1_000, ms: 1, us: 0.001 };
  const parts = [...text.matchAll(/(\d+(?:\.\d+)?)(h|ms|us|m|s)/g)];
  if (parts.length === 0 || parts.map((part) => part[0]).join('') !== text) throw new Error(`not a duration: ${text}`);
  return parts.reduce((total, part) => total + Number(part[1]) * units[part[2]], 0);
}

/** The URL a service is reached at inside the compose network: host = service name. */
export function hostAndPort(url: string): { host: string; port: number; path: string } {
  const parsed = new URL(url);
  const defaultPorts: Record<string, number> = { 'http:': 80, 'https:': 443, 'redis:': 6379 };
  const port = parsed.port === '' ? defaultPorts[parsed.protocol] : Number(parsed.port);
  return { host: parsed.hostname, port, path: parsed.pathname };
}
