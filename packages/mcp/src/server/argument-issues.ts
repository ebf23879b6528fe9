import type { z } from 'zod';

/** One broken rule: `{ path: 'limit', message: 'must be at most 50' }`. */
export interface ArgumentIssue {
  readonly path: string;
  readonly message: string;
}

type RawIssue = z.core.$ZodRawIssue;

function plural(count: number | bigint, noun: string): string {
  return `${String(count)} ${noun}${count === 1 || count === 1n ? '' : 's'}`;
}

const SIZE_NOUN: Record<string, string> = { string: 'character', array: 'item', set: 'item', file: 'byte' };

const TYPE_PHRASE: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  int: 'an integer',
  boolean: 'a boolean',
  object: 'an object',
  array: 'an array',
  bigint: 'an integer',
  null: 'null',
  record: 'an object',
  map: 'an object',
};

function describeValue(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}

function bound(issue: { origin: string; inclusive?: boolean }, value: number | bigint, atLeast: boolean): string {
  const noun = SIZE_NOUN[issue.origin];
  if (noun !== undefined) {
    if (atLeast && value === 1 && issue.origin !== 'file') return 'must not be empty';
    return `must have ${atLeast ? 'at least' : 'at most'} ${plural(value, noun)}`;
  }
  if (issue.inclusive === false) return `must be ${atLeast ? 'greater' : 'less'} than ${String(value)}`;
  return `must be ${atLeast ? 'at least' : 'at most'} ${String(value)}`;
}

/**
 * Phrases a zod issue as the rule the caller broke ("must be at most 50",
 * "is required"). Used as zod's per-parse error map, so a message a schema
 * author wrote (`z.string({ error: '…' })`, `.refine(…, '…')`) still wins.
 * Never echoes the whole rejected input.
 */
export function argumentIssueMessage(issue: RawIssue): string | undefined {
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined) return 'is required';
      return `must be ${TYPE_PHRASE[issue.expected] ?? issue.expected}`;
    case 'too_small':
      return bound(issue, issue.minimum, true);
    case 'too_big':
      return bound(issue, issue.maximum, false);
    case 'invalid_format':
      if (issue.format === 'regex' && 'pattern' in issue && typeof issue.pattern === 'string') {
        return `must match the pattern ${issue.pattern}`;
      }
      return `must be a valid ${issue.format}`;
    case 'not_multiple_of':
      return `must be a multiple of ${String(issue.divisor)}`;
    case 'invalid_value':
      return issue.values.length === 1
        ? `must be ${describeValue(issue.values[0])}`
        : `must be one of ${issue.values.map(describeValue).join(', ')}`;
    case 'unrecognized_keys':
      return `unknown field${issue.keys.length === 1 ? '' : 's'} ${issue.keys.join(', ')}`;
    case 'invalid_union':
      return 'does not match any of the accepted forms';
    case 'invalid_key':
      return 'has an invalid key';
    case 'invalid_element':
      return 'has an invalid element';
    default:
      return undefined;
  }
}

/** `['items', 0, 'name']` → `items[0].name`; the object itself is `root`. */
export function issuePath(path: readonly PropertyKey[], root = '(arguments)'): string {
  let text = '';
  for (const segment of path) {
    if (typeof segment === 'number') text += `[${segment}]`;
    else text += text === '' ? String(segment) : `.${String(segment)}`;
  }
  return text === '' ? root : text;
}

export function toArgumentIssues(error: z.ZodError, root?: string): ArgumentIssue[] {
  return error.issues.map((issue) => ({ path: issuePath(issue.path, root), message: issue.message }));
}

/** One line naming every field and rule: `limit: must be at most 50; query: is required`. */
export function summarizeIssues(issues: readonly ArgumentIssue[]): string {
  return issues.map((issue) => `${issue.path}: ${issue.message}`).join('; ');
}
