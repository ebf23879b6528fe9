import { join } from 'node:path';
import { JdIndex } from '@emm/jd';
import { DEFAULT_DOMAIN_RULES } from './default-domain-rules';
import { DomainRules, DomainRulesError } from './domain-rules';
import { builtInDomainRules } from './domain-rules.env';

const EXAMPLE_JD = join(__dirname, '../../../../examples/jd.yaml');

function problemsOf(document: unknown): readonly string[] {
  try {
    DomainRules.from(document);
  } catch (error) {
    if (error instanceof DomainRulesError) return error.problems;
    throw error;
  }
  return [];
}

describe('DomainRules', () => {
  const rules = DomainRules.from({
    'github.com': '41',
    'gist.github.com': { id: '41.01', tags: ['snippet'], confidence: 0.95 },
    'google.com/maps': 'Travel > Trip plans',
    'google.com': { id: 'Articles' },
    '*.atlassian.net': '32',
  });

  it('matches a host and its subdomains, the most specific host first', () => {
    expect(rules.match('github.com', '/nestjs/nest')?.target).toEqual({ kind: 'number', id: '41' });
    expect(rules.match('www.github.com', '/')?.pattern).toBe('github.com');
    expect(rules.match('gist.github.com', '/abc')).toMatchObject({ target: { kind: 'number', id: '41.01' }, tags: ['snippet'], confidence: 0.95 });
    expect(rules.match('acme.atlassian.net', '/wiki')?.target).toEqual({ kind: 'number', id: '32' });
    expect(rules.match('notgithub.com', '/')).toBeUndefined();
    expect(rules.match('github.com.evil.example', '/')).toBeUndefined();
  });

  it('prefers a rule with a matching path prefix, on whole path segments only', () => {
    expect(rules.match('www.google.com', '/maps/place/Berlin')?.target).toEqual({ kind: 'name', category: 'Travel', item: 'Trip plans' });
    expect(rules.match('google.com', '/maps')?.pattern).toBe('google.com/maps');
    expect(rules.match('google.com', '/mapsearch')?.pattern).toBe('google.com');
  });

  it('gives a rule without its own confidence the default', () => {
    expect(rules.match('github.com', '/')?.confidence).toBe(0.85);
  });

  it('lets configured rules override built-in ones for the same host and path', () => {
    const merged = DomainRules.from({ 'github.com': 'Programming', 'medium.com': 'Articles' }).withOverrides(DomainRules.from({ 'github.com': '32' }));
    expect(merged.match('github.com', '/')?.target).toEqual({ kind: 'number', id: '32' });
    expect(merged.match('medium.com', '/')?.target).toEqual({ kind: 'name', category: 'Articles' });
    expect(merged.size).toBe(2);
  });

  it('has a fingerprint that changes with the rules', () => {
    expect(DomainRules.from({ 'a.example': '41' }).fingerprint).toBe(DomainRules.from({ 'a.example': '41' }).fingerprint);
    expect(DomainRules.from({ 'a.example': '41' }).fingerprint).not.toBe(DomainRules.from({ 'a.example': '42' }).fingerprint);
  });

  it('names every bad key and the rule it breaks', () => {
    expect(
      problemsOf({
        'https://github.com': '41',
        'bad host!': '41',
        'example.com': '4.1',
        'area.example': '40-49',
        'reserved.example': '41.00',
        'empty.example': '',
        'tags.example': { id: '41', tags: 'code' },
        'conf.example': { id: '41', confidence: 2 },
        'typo.example': { id: '41', tag: ['x'] },
        'name.example': 'Programming > Snippets > More',
        'Example.COM.': '41',
      }),
    ).toEqual([
      '"https://github.com": write the host only, without a scheme (github.com, not https://github.com)',
      '"bad host!": must be a host name such as github.com, optionally followed by a path such as /maps',
      expect.stringMatching(/^"example.com": id "4.1": /),
      '"area.example": id "40-49" is an area; give a category (such as 41) or an ID (such as 41.03)',
      expect.stringMatching(/^"reserved.example": id "41.00": /),
      '"empty.example": needs a JD category or ID: a number such as "41" or "41.03", or a name such as "Programming"',
      '"tags.example": tags must be a list of non-empty strings',
      '"conf.example": confidence must be a number above 0 and at most 1',
      '"typo.example": unknown field "tag" (a rule has id, tags and confidence)',
      '"name.example": id "Programming > Snippets > More": a name is "Category" or "Category > ID name"',
      '"Example.COM.": must be a host name such as github.com, optionally followed by a path such as /maps',
    ]);
    expect(problemsOf(['github.com'])).toEqual(['must be a map of host → JD number or name, e.g. { "github.com": "41" }']);
  });

  it('refuses two keys for the same host and path', () => {
    expect(problemsOf({ 'github.com': '41', 'GitHub.com': '42' })).toEqual(['"GitHub.com": the same host and path as "github.com"']);
  });

  it('matches internationalised hosts in their punycode form, as normalised URLs carry them', () => {
    const idn = DomainRules.from({ 'bücher.example': '43' });
    expect(idn.match('xn--bcher-kva.example', '/')?.target).toEqual({ kind: 'number', id: '43' });
  });
});

describe('the built-in domain rules', () => {
  it('all point to categories and IDs that exist, by name, in the example structure', async () => {
    const index = await JdIndex.load(EXAMPLE_JD);
    const unresolved = Object.entries(DEFAULT_DOMAIN_RULES).filter(([, target]) => {
      const [category, item] = target.split('>').map((part) => part.trim());
      const found = index.findByName(category, 'category')[0];
      if (found?.kind !== 'category') return true;
      return item !== undefined && !found.category.ids.some((candidate) => candidate.name === item);
    });
    expect(unresolved).toEqual([]);
    expect(builtInDomainRules().size).toBe(Object.keys(DEFAULT_DOMAIN_RULES).length);
    expect(builtInDomainRules().match('github.com', '/')).toMatchObject({ target: { kind: 'name', category: 'Programming' }, confidence: 0.75 });
  });
});
