import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { JdStructureError, loadJdStructure, parseJdStructure, validateJdStructure } from './load';

const EXAMPLE = join(__dirname, '../../../examples/jd.yaml');

/** A valid head: version and the system area holding the review inbox. */
const HEAD = `version: 1
areas:
  - id: "00-09"
    name: System
    categories:
      - id: "00"
        name: Inbox
        ids:
          - id: "00.01"
            name: Review inbox
`;

function problemsOf(text: string): string[] {
  try {
    parseJdStructure(text);
  } catch (error) {
    if (error instanceof JdStructureError) return error.problems;
    throw error;
  }
  throw new Error('expected the structure to be rejected');
}

describe('parseJdStructure', () => {
  it('accepts a minimal structure and fills defaults', () => {
    const structure = parseJdStructure(`${HEAD}
  - id: "10-19"
    name: Finance
    categories:
      - id: "11"
        name: Banking
`);
    expect(structure.settings).toEqual({ reviewInbox: '00.01' });
    expect(structure.areas[1]).toEqual({
      id: '10-19',
      name: 'Finance',
      keywords: [],
      categories: [{ id: '11', name: 'Banking', keywords: [], ids: [] }],
    });
  });

  it('reads unquoted numbers as written, so 11.10 stays 11.10', () => {
    const structure = parseJdStructure(`version: 1
settings: { reviewInbox: 00.01 }
areas:
  - id: 00-09
    name: System
    categories:
      - id: 00
        name: Inbox
        ids: [{ id: 00.01, name: Review inbox }]
  - id: 10-19
    name: Finance
    categories:
      - id: 11
        name: Banking
        keywords: [2024, true, bank]
        ids:
          - id: 11.01
            name: 2023
          - id: 11.10
            name: Tenth
`);
    const banking = structure.areas[1].categories[0];
    expect(structure.settings.reviewInbox).toBe('00.01');
    expect(structure.areas[0].categories[0].id).toBe('00');
    expect(banking.id).toBe('11');
    expect(banking.ids.map((item) => item.id)).toEqual(['11.01', '11.10']);
    expect(banking.ids[0].name).toBe('2023');
    expect(banking.keywords).toEqual(['2024', 'true', 'bank']);
  });

  it('treats blank optional fields as absent and resolves aliases', () => {
    const structure = parseJdStructure(`${HEAD}
  - id: "10-19"
    name: Finance
    description:
    keywords: &money [money, cash]
    categories:
      - id: "11"
        name: Banking
        keywords: *money
        ids:
`);
    expect(structure.areas[1].description).toBeUndefined();
    expect(structure.areas[1].categories[0]).toEqual({ id: '11', name: 'Banking', keywords: ['money', 'cash'], ids: [] });
  });

  it.each<[string, string, string[]]>([
    [
      'an area that is not a range of ten',
      `${HEAD}  - id: "10-20"\n    name: Finance\n`,
      ['areas[1].id: "10-20" is not an area range (use NN-NN spanning ten, like 10-19)'],
    ],
    [
      'a category outside its area',
      `${HEAD}  - id: "10-19"\n    name: Finance\n    categories:\n      - id: "21"\n        name: Housing\n`,
      ['areas[1].categories[0].id: 21 is outside area 10-19'],
    ],
    [
      'a category number used twice',
      `${HEAD}  - id: "20-29"\n    name: Home\n    categories:\n      - { id: "23", name: Cars }\n      - { id: "23", name: Bikes }\n`,
      ['areas[1].categories[1].id: 23 is used twice (also areas[1].categories[0])'],
    ],
    [
      'an ID of another category',
      `${HEAD}  - id: "10-19"\n    name: Finance\n    categories:\n      - id: "11"\n        name: Banking\n        ids:\n          - { id: "12.01", name: Bills }\n`,
      ['areas[1].categories[0].ids[0].id: 12.01 does not belong to category 11'],
    ],
    [
      'an ID with one digit after the dot',
      `${HEAD}  - id: "10-19"\n    name: Finance\n    categories:\n      - id: "11"\n        name: Banking\n        ids:\n          - { id: "11.1", name: Bills }\n`,
      ['areas[1].categories[0].ids[0].id: "11.1" is not a JD ID (use the category number, a dot and two digits, like 11.01)'],
    ],
    [
      'the reserved .00 ID',
      `${HEAD}  - id: "10-19"\n    name: Finance\n    categories:\n      - id: "11"\n        name: Banking\n        ids:\n          - { id: "11.00", name: Index }\n`,
      ['areas[1].categories[0].ids[0].id: 11.00 is reserved for the index note of category 11 (IDs start at 11.01)'],
    ],
    [
      'a misspelt key',
      `${HEAD}  - id: "10-19"\n    name: Finance\n    categorys: []\n`,
      ['areas[1].categorys: unknown key (did you mean categories?)'],
    ],
    [
      'an unknown key with no near match',
      `${HEAD}  - id: "10-19"\n    name: Finance\n    colour: blue\n`,
      ['areas[1].colour: unknown key (allowed here: id, name, description, keywords, categories)'],
    ],
    [
      'an empty name',
      `${HEAD}  - id: "10-19"\n    name: "  "\n`,
      ['areas[1].name: must not be empty'],
    ],
    [
      'a missing name',
      `${HEAD}  - id: "10-19"\n    name:\n`,
      ['areas[1].name: is required'],
    ],
    [
      'a name with nothing usable for a folder',
      `${HEAD}  - id: "10-19"\n    name: "///"\n`,
      ['areas[1].name: "///" needs at least one letter or digit to make a folder name'],
    ],
    [
      'areas out of order',
      `${HEAD}  - { id: "20-29", name: Home }\n  - { id: "10-19", name: Finance }\n`,
      ['areas[2].id: 10-19 comes after 20-29 (list areas in ascending order)'],
    ],
    [
      'the same area twice',
      `${HEAD}  - { id: "10-19", name: Finance }\n  - { id: "10-19", name: Money }\n`,
      ['areas[2].id: 10-19 is used twice (also areas[1])'],
    ],
    [
      'IDs out of order',
      `${HEAD}  - id: "10-19"\n    name: Finance\n    categories:\n      - id: "11"\n        name: Banking\n        ids:\n          - { id: "11.02", name: Cards }\n          - { id: "11.01", name: Statements }\n`,
      ['areas[1].categories[0].ids[1].id: 11.01 comes after 11.02 (list IDs in ascending order)'],
    ],
    [
      'sibling names that differ only in case and accents',
      `${HEAD}  - id: "10-19"\n    name: Finance\n    categories:\n      - { id: "11", name: Café }\n      - { id: "12", name: " cafe" }\n`,
      ['areas[1].categories[1].name: "cafe" is used twice in area 10-19 (also areas[1].categories[0])'],
    ],
    [
      'keywords that are not a list',
      `${HEAD}  - id: "10-19"\n    name: Finance\n    keywords: bank\n`,
      ['areas[1].keywords: must be a list of words or phrases, like [bank, statement], not text'],
    ],
    [
      'a keyword that is not text',
      `${HEAD}  - id: "10-19"\n    name: Finance\n    keywords: [bank, { iban: yes }]\n`,
      ['areas[1].keywords[1]: must be text, not a mapping'],
    ],
    [
      'a keyword made only of common words',
      `${HEAD}  - id: "10-19"\n    name: Finance\n    keywords: [the, "of it"]\n`,
      [
        'areas[1].keywords[0]: "the" has no searchable words (common words like "the" are ignored)',
        'areas[1].keywords[1]: "of it" has no searchable words (common words like "the" are ignored)',
      ],
    ],
    [
      'an unsupported version',
      HEAD.replace('version: 1', 'version: 2'),
      ['version: 2 is not supported (this release reads version: 1)'],
    ],
    [
      'a missing version',
      HEAD.replace('version: 1\n', ''),
      ['version: is required (write version: 1 at the top)'],
    ],
    [
      'no areas',
      'version: 1\nareas: []\n',
      [
        'settings.reviewInbox: 00.01 (the default review inbox) is not declared; add an ID like "00.01 Review inbox" for low-confidence items, or set settings.reviewInbox to a declared ID',
        'areas: must list at least one area',
      ],
    ],
    [
      'a review inbox that is not declared',
      HEAD.replace('version: 1\n', 'version: 1\nsettings:\n  reviewInbox: "00.02"\n'),
      ['settings.reviewInbox: 00.02 is not declared; it must name an ID listed under one of the categories'],
    ],
    ['a list instead of a mapping', '- a\n- b\n', ['(top level): must be a mapping, not a list']],
  ])('reports %s', (_, text, expected) => {
    expect(problemsOf(text)).toEqual(expected);
  });

  it('reports every problem at once, in file order', () => {
    const problems = problemsOf(`version: 1
areas:
  - id: "00-09"
    name: System
    categories:
      - id: "00"
        name: Inbox
        ids: [{ id: "00.01", name: Review inbox }]
  - id: "10-19"
    name: Finance
    categories:
      - id: "21"
        name: Housing
        ids:
          - { id: "11.05", name: Lease, keywords: [rent, 7] }
      - id: "1"
        name: ""
        categorys: []
`);
    expect(problems).toEqual([
      'areas[1].categories[0].id: 21 is outside area 10-19',
      'areas[1].categories[0].ids[0].id: 11.05 does not belong to category 21',
      'areas[1].categories[1].id: "1" is not a category number (use two digits, like 11)',
      'areas[1].categories[1].name: must not be empty',
      'areas[1].categories[1].categorys: unknown key (allowed here: id, name, description, keywords, ids)',
    ]);
  });

  it('gives YAML syntax errors with line and column', () => {
    expect(problemsOf('version: 1\nareas:\n  - id: "10-19"\n    name: Finance: Money\n')).toEqual([
      'line 4, column 11: YAML syntax error: Nested mappings are not allowed in compact mappings',
    ]);
    expect(problemsOf('version: 1\nversion: 1\n')).toEqual(['line 2, column 1: YAML syntax error: Map keys must be unique']);
  });

  it('rejects an empty file', () => {
    expect(problemsOf('# nothing here yet\n')).toEqual(['the file is empty (expected version: 1 and a list of areas)']);
  });

  it('writes a message listing the problems with their lines', () => {
    expect(() => parseJdStructure(`${HEAD}  - { id: "10-19", name: Finance, categories: [{ id: "21", name: Housing }] }\n`, 'vault/jd.yaml')).toThrow(
      'vault/jd.yaml is not a valid Johnny.Decimal structure (1 problem):\n' +
        '  - areas[1].categories[0].id: 21 is outside area 10-19 (line 11)',
    );
  });
});

describe('validateJdStructure', () => {
  it('applies the same rules to a value that did not come from YAML', () => {
    const error = (() => {
      try {
        validateJdStructure({ version: 1, areas: [{ id: '10-19', name: 'Finance', categories: [{ id: 11, name: 'Banking' }] }] }, 'request');
      } catch (caught) {
        return caught as JdStructureError;
      }
      throw new Error('expected a JdStructureError');
    })();
    expect(error.source).toBe('request');
    expect(error.problems).toEqual([
      'areas[0].categories[0].id: must be text, not number 11',
      'settings.reviewInbox: 00.01 (the default review inbox) is not declared; add an ID like "00.01 Review inbox" for low-confidence items, or set settings.reviewInbox to a declared ID',
    ]);
  });
});

describe('loadJdStructure', () => {
  it('loads the example structure', async () => {
    const structure = await loadJdStructure(EXAMPLE);
    const categories = structure.areas.flatMap((area) => area.categories);
    expect(structure.areas.length).toBeGreaterThanOrEqual(6);
    expect(categories.length).toBeGreaterThanOrEqual(24);
    expect(structure.settings.reviewInbox).toBe('00.01');
  });

  it('names the file and the reason when it cannot be read', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'jd-'));
    try {
      await expect(loadJdStructure(join(dir, 'missing.yaml'))).rejects.toMatchObject({
        problems: ['cannot read the file: it does not exist'],
        source: join(dir, 'missing.yaml'),
      });
      await expect(loadJdStructure(dir)).rejects.toMatchObject({ problems: ['cannot read the file: it is a directory'] });
      const file = join(dir, 'jd.yaml');
      await writeFile(file, 'version: 1\nareas: nope\n');
      await expect(loadJdStructure(file)).rejects.toThrow(`${file} is not a valid Johnny.Decimal structure (2 problems):`);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
