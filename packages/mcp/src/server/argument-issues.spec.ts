import { z } from 'zod';
import { argumentIssueMessage, summarizeIssues, toArgumentIssues, type ArgumentIssue } from './argument-issues';

function issuesOf(schema: z.ZodType, value: unknown): ArgumentIssue[] {
  const result = schema.safeParse(value, { error: argumentIssueMessage });
  if (result.success) throw new Error('expected the value to be rejected');
  return toArgumentIssues(result.error);
}

describe('argument issues', () => {
  const schema = z.object({
    query: z.string().min(1),
    limit: z.number().int().min(1).max(50).optional(),
    ratio: z.number().gt(0).lt(1).optional(),
    step: z.number().multipleOf(5).optional(),
    tags: z.array(z.string()).min(1).max(2).optional(),
    code: z.string().length(3).optional(),
    kind: z.enum(['file', 'bookmark']).optional(),
    mode: z.literal('fast').optional(),
    url: z.url().optional(),
    id: z.string().regex(/^\d\d\.\d\d$/).optional(),
    nested: z.object({ items: z.array(z.object({ name: z.string() })) }).optional(),
    flag: z.boolean().optional(),
    custom: z.string().refine((value) => value.startsWith('emm-'), 'must start with emm-').optional(),
  });

  it.each([
    [{}, 'query', 'is required'],
    [{ query: 5 }, 'query', 'must be a string'],
    [{ query: '' }, 'query', 'must not be empty'],
    [{ query: 'q', limit: 51 }, 'limit', 'must be at most 50'],
    [{ query: 'q', limit: 0 }, 'limit', 'must be at least 1'],
    [{ query: 'q', limit: 1.5 }, 'limit', 'must be an integer'],
    [{ query: 'q', limit: '5' }, 'limit', 'must be a number'],
    [{ query: 'q', ratio: 1 }, 'ratio', 'must be less than 1'],
    [{ query: 'q', ratio: 0 }, 'ratio', 'must be greater than 0'],
    [{ query: 'q', step: 7 }, 'step', 'must be a multiple of 5'],
    [{ query: 'q', tags: [] }, 'tags', 'must not be empty'],
    [{ query: 'q', tags: ['a', 'b', 'c'] }, 'tags', 'must have at most 2 items'],
    [{ query: 'q', code: 'ab' }, 'code', 'must have at least 3 characters'],
    [{ query: 'q', kind: 'page' }, 'kind', 'must be one of "file", "bookmark"'],
    [{ query: 'q', mode: 'slow' }, 'mode', 'must be "fast"'],
    [{ query: 'q', url: 'not a url' }, 'url', 'must be a valid url'],
    [{ query: 'q', id: '1.1' }, 'id', 'must match the pattern /^\\d\\d\\.\\d\\d$/'],
    [{ query: 'q', nested: { items: [{ name: 'a' }, {}] } }, 'nested.items[1].name', 'is required'],
    [{ query: 'q', flag: 'yes' }, 'flag', 'must be a boolean'],
    [{ query: 'q', custom: 'x' }, 'custom', 'must start with emm-'],
  ])('%j → %s: %s', (value, path, message) => {
    expect(issuesOf(schema, value)).toEqual([{ path, message }]);
  });

  it('names the arguments object itself when it is not an object', () => {
    expect(issuesOf(schema, 'text')).toEqual([{ path: '(arguments)', message: 'must be an object' }]);
  });

  it('reports unknown fields of a strict object', () => {
    expect(issuesOf(z.strictObject({ a: z.string() }), { a: 'x', b: 1, c: 2 })).toEqual([
      { path: '(arguments)', message: 'unknown fields b, c' },
    ]);
  });

  it('keeps a message the schema author wrote', () => {
    const authored = z.object({ when: z.string({ error: 'give a date like 2024-05-01' }) });
    expect(issuesOf(authored, { when: 3 })).toEqual([{ path: 'when', message: 'give a date like 2024-05-01' }]);
  });

  it('never echoes the rejected value', () => {
    const issues = issuesOf(schema, { query: 'q', kind: 'TOPSECRET', id: 'TOPSECRET', url: 'TOPSECRET' });
    expect(JSON.stringify(issues)).not.toContain('TOPSECRET');
  });

  it('summarizes issues on one line', () => {
    expect(summarizeIssues([{ path: 'query', message: 'is required' }, { path: 'limit', message: 'must be at most 50' }])).toBe(
      'query: is required; limit: must be at most 50',
    );
  });
});
