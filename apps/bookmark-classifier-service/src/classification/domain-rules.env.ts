import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { DEFAULT_DOMAIN_RULES } from './default-domain-rules';
import { DomainRules, DomainRulesError } from './domain-rules';

/** Built-in rules are generic: a little less sure than what an operator configures. */
const DEFAULT_RULES_CONFIDENCE = 0.75;

/**
 * `BOOKMARK_DOMAIN_RULES`: the rules as inline JSON. Every bad key becomes
 * its own config error line naming the key and the rule it breaks.
 */
export function domainRulesJsonEnv() {
  return z
    .string()
    .optional()
    .transform((raw, ctx): DomainRules | undefined => {
      if (raw === undefined) return undefined;
      let document: unknown;
      try {
        document = JSON.parse(raw);
      } catch (error) {
        ctx.issues.push({ code: 'custom', input: raw, message: `must be a JSON object of host → JD category or ID, e.g. {"github.com":"41"} (${(error as Error).message})` });
        return z.NEVER;
      }
      return rulesOrIssues(document, raw, ctx, '') ?? z.NEVER;
    });
}

/**
 * `BOOKMARK_DOMAIN_RULES_PATH`: a YAML or JSON file of rules (a mounted
 * ConfigMap), read and validated once at start.
 */
export function domainRulesFileEnv() {
  return z
    .string()
    .optional()
    .transform((raw, ctx): { path: string; rules: DomainRules } | undefined => {
      const path = raw?.trim();
      if (path === undefined || path === '') return undefined;
      let text: string;
      try {
        text = readFileSync(path, 'utf8');
      } catch (error) {
        ctx.issues.push({ code: 'custom', input: raw, message: `cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}` });
        return z.NEVER;
      }
      let document: unknown;
      try {
        // YAML is a superset of JSON: one parser reads both.
        document = parseYaml(text, { prettyErrors: true, uniqueKeys: true }) ?? {};
      } catch (error) {
        // yaml's message is a line with the place, then a code frame; the line is enough.
        ctx.issues.push({ code: 'custom', input: raw, message: `${path}: ${(error as Error).message.split('\n')[0].replace(/:$/, '')}` });
        return z.NEVER;
      }
      const rules = rulesOrIssues(document, path, ctx, `${path}: `);
      return rules === undefined ? z.NEVER : { path, rules };
    });
}

/** The rules, or undefined after adding one issue per problem. */
function rulesOrIssues(document: unknown, input: string, ctx: z.RefinementCtx, prefix: string): DomainRules | undefined {
  try {
    return DomainRules.from(document);
  } catch (error) {
    if (!(error instanceof DomainRulesError)) throw error;
    for (const problem of error.problems) ctx.issues.push({ code: 'custom', input, message: `${prefix}${problem}` });
    return undefined;
  }
}

export interface DomainRulesSettings {
  useDefaults: boolean;
  inline?: DomainRules;
  file?: { rules: DomainRules };
}

/** The rules in service: the built-in map (unless turned off) with the configured rules on top. */
export function domainRulesFrom(settings: DomainRulesSettings): DomainRules {
  const base = settings.useDefaults ? builtInDomainRules() : DomainRules.empty;
  const configured = settings.inline ?? settings.file?.rules;
  return configured === undefined ? base : base.withOverrides(configured);
}

export function builtInDomainRules(): DomainRules {
  return DomainRules.from(Object.fromEntries(Object.entries(DEFAULT_DOMAIN_RULES).map(([host, id]) => [host, { id, confidence: DEFAULT_RULES_CONFIDENCE }])));
}
