import { join } from 'node:path';
import { JdIdError } from './ids';
import { JdIndex } from './jd-index';
import { folderName, sanitizeName } from './text';

const EXAMPLE = join(__dirname, '../../../examples/jd.yaml');

function thrown(action: () => unknown): JdIdError {
  try {
    action();
  } catch (error) {
    if (error instanceof JdIdError) return error;
    throw error;
  }
  throw new Error('expected a JdIdError');
}

const SMALL = `version: 1
settings: { reviewInbox: "00.01" }
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
      - id: "11"
        name: Banking
        ids:
          - { id: "11.01", name: Statements }
          - { id: "11.03", name: "Cards: credit/debit" }
      - id: "12"
        name: Bills
      - id: "13"
        name: Full
        ids: [{ id: "13.98", name: Almost }, { id: "13.99", name: Last }]
  - id: "20-29"
    name: Café Crème
`;

describe('JdIndex', () => {
  const index = JdIndex.parse(SMALL);

  it('finds nodes by number at every level', () => {
    expect(index.getArea('10-19')?.name).toBe('Finance');
    expect(index.getCategory('11')?.name).toBe('Banking');
    expect(index.getItem('11.01')?.name).toBe('Statements');
    expect(index.getCategory('11.01')).toBeUndefined();
    expect(index.getItem('11.02')).toBeUndefined();
    expect(index.categories().map((category) => category.id)).toEqual(['00', '11', '12', '13']);
  });

  it('looks up any JD number with its parents', () => {
    const entry = index.lookup('11.01');
    expect(entry).toMatchObject({ kind: 'id', area: { id: '10-19' }, category: { id: '11' }, item: { name: 'Statements' } });
    expect(index.lookup('12')).toMatchObject({ kind: 'category', area: { name: 'Finance' }, node: { name: 'Bills' } });
    expect(index.lookup('30-39')).toBeUndefined();
    expect(thrown(() => index.lookup('11.1'))).toMatchObject({ code: 'malformed' });
  });

  it('finds nodes by name ignoring case, accents and spacing', () => {
    expect(index.findByName('cafe  creme').map((entry) => entry.node.id)).toEqual(['20-29']);
    expect(index.findByName('BANKING', 'category').map((entry) => entry.node.id)).toEqual(['11']);
    expect(index.findByName('Banking', 'area')).toEqual([]);
    expect(index.findByName('nothing')).toEqual([]);
  });

  it('knows the review inbox', () => {
    expect(index.reviewInbox.item.id).toBe('00.01');
    expect(index.reviewInbox.path).toBe('00-09 System/00 Inbox/00.01 Review inbox');
  });

  it('resolves vault folders with names made safe for file systems', () => {
    expect(index.resolvePath('10-19')).toBe('10-19 Finance');
    expect(index.resolvePath('11')).toBe('10-19 Finance/11 Banking');
    expect(index.resolvePath('11.01')).toBe('10-19 Finance/11 Banking/11.01 Statements');
    expect(index.resolvePath('11.03')).toBe('10-19 Finance/11 Banking/11.03 Cards- credit-debit');
  });

  it('places an ID allocated at run time when given its name', () => {
    expect(index.resolvePath('11.04', 'Loan. ')).toBe('10-19 Finance/11 Banking/11.04 Loan');
    expect(thrown(() => index.resolvePath('11.04'))).toMatchObject({ message: 'ID 11.04 is not declared in the JD structure (give the name of an allocated ID to place it)', code: 'unknown' });
    expect(thrown(() => index.resolvePath('14.01', 'Policy'))).toMatchObject({ message: 'ID 14.01 is not declared in the JD structure', code: 'unknown' });
    expect(thrown(() => index.resolvePath('31'))).toMatchObject({ message: 'category 31 is not declared in the JD structure', code: 'unknown' });
    expect(thrown(() => index.resolvePath('3'))).toMatchObject({ code: 'malformed' });
  });

  describe('nextFreeId', () => {
    it('starts after the declared IDs', () => {
      expect(index.nextFreeId('11')).toBe('11.04');
      expect(index.nextFreeId('11', new Set(['11.02']))).toBe('11.04');
    });

    it('starts at .01, never .00, in a category without IDs', () => {
      expect(index.nextFreeId('12')).toBe('12.01');
    });

    it('skips taken numbers and fills the first gap', () => {
      expect(index.nextFreeId('11', new Set(['11.04', '11.05', '11.07']))).toBe('11.06');
    });

    it('fails when the category is full', () => {
      expect(thrown(() => index.nextFreeId('13'))).toMatchObject({ message: 'category 13 is full: 13.99 is declared', code: 'full' });
      const taken = new Set(Array.from({ length: 96 }, (_, i) => `11.${String(i + 4).padStart(2, '0')}`));
      expect(thrown(() => index.nextFreeId('11', taken))).toMatchObject({ message: 'category 11 is full: 11.04–11.99 are taken', code: 'full' });
      taken.delete('11.99');
      expect(index.nextFreeId('11', taken)).toBe('11.99');
    });

    it('rejects unknown and malformed categories', () => {
      expect(thrown(() => index.nextFreeId('14'))).toMatchObject({ message: 'category 14 is not declared in the JD structure', code: 'unknown' });
      expect(thrown(() => index.nextFreeId('11.01'))).toMatchObject({ message: '"11.01" is not a category number (use two digits, like 11)', code: 'malformed' });
    });
  });

  it('indexes the example structure', async () => {
    const example = await JdIndex.load(EXAMPLE);
    expect(example.resolvePath('11.01')).toBe('10-19 Finance/11 Banking/11.01 Statements');
    expect(example.reviewInbox.path).toBe('00-09 System/00 Index and inbox/00.01 Review inbox');
  });
});

describe('sanitizeName', () => {
  it.each([
    ['a/b\\c:d', 'a-b-c-d'],
    ['What? <This> | "that" *', 'What- -This- - -that- -'],
    ['Notes...', 'Notes'],
    ['Trailing dot. . ', 'Trailing dot'],
    ['tab\there\nnew line\u0007bell', 'tab here new line bell'],
    ['  many   spaces  ', 'many spaces'],
    ['Re\u0301sume\u0301', 'Résumé'],
    ['...', ''],
  ])('%j → %j', (name, expected) => {
    expect(sanitizeName(name)).toBe(expected);
  });

  it('cuts very long names', () => {
    expect(sanitizeName('x'.repeat(300))).toHaveLength(120);
  });

  it('builds folder names from number and name', () => {
    expect(folderName({ id: '10-19', name: 'Finance' })).toBe('10-19 Finance');
    expect(folderName({ id: '11.01', name: ' Statements / 2024 ' })).toBe('11.01 Statements - 2024');
    expect(folderName({ id: '11.02', name: '..' })).toBe('11.02');
  });
});
