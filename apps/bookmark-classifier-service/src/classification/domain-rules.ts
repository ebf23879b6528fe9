import { createHash } from 'node:crypto';
import { safeParseJdId } from '@emm/jd';

/** Where a rule files a bookmark: a JD number, or names (resolved against the structure in service). */
export type RuleTarget = { kind: 'number'; id: string } | { kind: 'name'; category: string; item?: string };

export interface DomainRule {
  /** The key as configured, e.g. `github.com` or `google.com/maps`. */
  pattern: string;
  /** Lower-case ASCII (punycode) host; matches itself and every subdomain. */
  host: string;
  /** `/maps`: only paths equal to it or below it. */
  pathPrefix?: string;
  target: RuleTarget;
  tags: string[];
  /** How sure the rule is, 0..1. */
  confidence: number;
}

export const DEFAULT_RULE_CONFIDENCE = 0.85;
/** Separates a category name from an ID name in a by-name target: `Programming > Code snippets`. */
const NAME_SEPARATOR = '>';
const MAX_TAGS_PER_RULE = 20;

export class DomainRulesError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(problems.join('; '));
    this.name = 'DomainRulesError';
  }
}

/**
 * The host → JD category map: which sites are about what. A key is a host
 * (`github.com`, matching `gist.github.com` too) optionally followed by a path
 * prefix (`google.com/maps`); the most specific key wins (longest host, then
 * longest path). A value is a JD number (`"41"`, `"41.03"`), a category name
 * (`"Programming"`), a category and ID name (`"Programming > Code snippets"`),
 * or an object `{ id, tags?, confidence? }` with one of those as `id`.
 */
export class DomainRules {
  private readonly byHost = new Map<string, DomainRule[]>();
  /** Changes whenever the rules do: part of the classification cache key. */
  readonly fingerprint: string;

  private constructor(readonly rules: readonly DomainRule[]) {
    for (const rule of rules) {
      const list = this.byHost.get(rule.host) ?? [];
      list.push(rule);
      // Longest path prefix first; a rule without a prefix is the host's fallback.
      list.sort((a, b) => (b.pathPrefix?.length ?? 0) - (a.pathPrefix?.length ?? 0));
      this.byHost.set(rule.host, list);
    }
    const canonical = [...rules].sort((a, b) => (a.pattern < b.pattern ? -1 : a.pattern > b.pattern ? 1 : 0));
    this.fingerprint = createHash('sha256').update(JSON.stringify(canonical)).digest('hex').slice(0, 16);
  }

  static readonly empty = new DomainRules([]);

  /** Validates a parsed rules document; throws DomainRulesError naming every bad key and why. */
  static from(document: unknown): DomainRules {
    if (typeof document !== 'object' || document === null || Array.isArray(document)) {
      throw new DomainRulesError(['must be a map of host → JD number or name, e.g. { "github.com": "41" }']);
    }
    const problems: string[] = [];
    const rules: DomainRule[] = [];
    const seen = new Map<string, string>();
    for (const [key, value] of Object.entries(document as Record<string, unknown>)) {
      const parsed = parseRule(key, value);
      if (typeof parsed === 'string') {
        problems.push(`"${key}": ${parsed}`);
        continue;
      }
      const earlier = seen.get(parsed.pattern);
      if (earlier !== undefined) {
        problems.push(`"${key}": the same host and path as "${earlier}"`);
        continue;
      }
      seen.set(parsed.pattern, key);
      rules.push(parsed);
    }
    if (problems.length > 0) throw new DomainRulesError(problems);
    return new DomainRules(rules);
  }

  /** These rules with `overrides` on top: an override replaces the rule with the same host and path. */
  withOverrides(overrides: DomainRules): DomainRules {
    const replaced = new Set(overrides.rules.map((rule) => rule.pattern));
    return new DomainRules([...this.rules.filter((rule) => !replaced.has(rule.pattern)), ...overrides.rules]);
  }

  get size(): number {
    return this.rules.length;
  }

  /** The most specific rule for a (normalised) URL's host and path, if any. */
  match(hostname: string, pathname: string): DomainRule | undefined {
    for (let host = hostname.toLowerCase(); host !== ''; host = parentDomain(host)) {
      const rule = this.byHost.get(host)?.find((candidate) => pathMatches(pathname, candidate.pathPrefix));
      if (rule) return rule;
    }
    return undefined;
  }
}

function parentDomain(host: string): string {
  const dot = host.indexOf('.');
  return dot === -1 ? '' : host.slice(dot + 1);
}

function pathMatches(pathname: string, prefix: string | undefined): boolean {
  if (prefix === undefined) return true;
  return pathname === prefix || pathname.startsWith(`${prefix}/`);
}

/** A rule, or the reason it is not one. */
function parseRule(key: string, value: unknown): DomainRule | string {
  const where = parsePattern(key);
  if (typeof where === 'string') return where;
  let id: unknown = value;
  let tags: unknown = [];
  let confidence: unknown = DEFAULT_RULE_CONFIDENCE;
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    const extra = Object.keys(value).filter((name) => !['id', 'tags', 'confidence'].includes(name));
    if (extra.length > 0) return `unknown field ${extra.map((name) => `"${name}"`).join(', ')} (a rule has id, tags and confidence)`;
    ({ id, tags = [], confidence = DEFAULT_RULE_CONFIDENCE } = value as Record<string, unknown>);
  }
  if (typeof id !== 'string' || id.trim() === '') return 'needs a JD category or ID: a number such as "41" or "41.03", or a name such as "Programming"';
  const target = parseTarget(id.trim());
  if (typeof target === 'string') return target;
  if (!Array.isArray(tags) || !tags.every((tag) => typeof tag === 'string' && tag.trim() !== '')) return 'tags must be a list of non-empty strings';
  if (tags.length > MAX_TAGS_PER_RULE) return `at most ${MAX_TAGS_PER_RULE} tags per rule`;
  if (typeof confidence !== 'number' || !(confidence > 0 && confidence <= 1)) return 'confidence must be a number above 0 and at most 1';
  return { ...where, target, tags: (tags as string[]).map((tag) => tag.trim()), confidence };
}

function parsePattern(key: string): Pick<DomainRule, 'pattern' | 'host' | 'pathPrefix'> | string {
  let text = key.trim().toLowerCase();
  if (/^[a-z][a-z0-9+.-]*:\/\//.test(text)) return 'write the host only, without a scheme (github.com, not https://github.com)';
  // `*.example.com` says what a key means anyway: a host matches its subdomains.
  if (text.startsWith('*.')) text = text.slice(2);
  const slash = text.indexOf('/');
  const hostPart = slash === -1 ? text : text.slice(0, slash);
  const pathPart = slash === -1 ? '' : text.slice(slash).replace(/\/+$/, '');
  if (hostPart === '' || !/^[\p{L}\p{N}.-]+$/u.test(hostPart) || hostPart.startsWith('.') || hostPart.endsWith('.') || hostPart.includes('..')) {
    return 'must be a host name such as github.com, optionally followed by a path such as /maps';
  }
  if (/[?#]/.test(pathPart)) return 'a rule matches a host and path; queries and fragments are not matched';
  // The URL parser turns an IDN host into the punycode that normalised bookmark URLs carry.
  const url = new URL(`https://${hostPart}${pathPart}`);
  const pathPrefix = pathPart === '' ? undefined : url.pathname;
  return { pattern: `${url.hostname}${pathPrefix ?? ''}`, host: url.hostname, ...(pathPrefix !== undefined && { pathPrefix }) };
}

function parseTarget(id: string): RuleTarget | string {
  if (/^[\d.\s-]+$/.test(id)) {
    const ref = safeParseJdId(id);
    if (!ref.ok) return `id "${id}": ${ref.error}`;
    if (ref.value.kind === 'area') return `id "${id}" is an area; give a category (such as 41) or an ID (such as 41.03)`;
    return { kind: 'number', id: ref.value.kind === 'category' ? ref.value.category : ref.value.id };
  }
  const [category, item, ...rest] = id.split(NAME_SEPARATOR).map((part) => part.trim());
  if (rest.length > 0 || category === '' || item === '') return `id "${id}": a name is "Category" or "Category > ID name"`;
  return item === undefined ? { kind: 'name', category } : { kind: 'name', category, item };
}
