import { assertJdFolder } from './jd-folder';
import { candidateName, noteStem } from './note-name';
import { PathRuleError } from './relative-path';

describe('noteStem', () => {
  it.each([
    ['2026-03 Bank statement', '2026-03 Bank statement'],
    ['Q1: "Budget" / plan?', 'Q1- -Budget- - plan-'],
    ['Meeting [draft] #3 ^ref | x', 'Meeting -draft- -3 -ref - x'],
    ['../../etc/passwd', '-..-etc-passwd'],
    ['.hidden title', 'hidden title'],
    ['．．／escape', '---escape'],
    ['growth 100%2F year', 'growth 100-2F year'],
    ['CON', 'CON_'],
    ['   ', 'Untitled'],
    ['Ends with dots...', 'Ends with dots'],
    ['Straße für Übersicht', 'Straße für Übersicht'],
  ])('%j → %j', (title, stem) => {
    expect(noteStem(title)).toBe(stem);
  });

  it('keeps long titles within one path segment, whole characters only', () => {
    const stem = noteStem('€'.repeat(200));
    expect(Buffer.byteLength(`${stem} (99).md`)).toBeLessThanOrEqual(255);
    expect(stem).toMatch(/^€+$/);
  });

  it('numbers the names after the first', () => {
    expect([1, 2, 3].map((attempt) => candidateName('Note', attempt))).toEqual(['Note.md', 'Note (2).md', 'Note (3).md']);
    expect(candidateName('scan', 2, '.pdf')).toBe('scan (2).pdf');
  });
});

describe('assertJdFolder', () => {
  it('accepts ID folders, and folders below them', () => {
    expect(() => assertJdFolder('10-19 Finance/11 Banking/11.01 Statements')).not.toThrow();
    expect(() => assertJdFolder('00-09 System/00 Inbox/00.01 Review/2026')).not.toThrow();
    expect(() => assertJdFolder('10-19/11/11.01')).not.toThrow();
  });

  it.each([
    ['', 'must be a JD ID folder (area/category/ID) such as "10-19 Finance/11 Banking/11.01 Statements"'],
    ['10-19 Finance/11 Banking', 'must be a JD ID folder (area/category/ID) such as "10-19 Finance/11 Banking/11.01 Statements"'],
    ['Finance/11 Banking/11.01 Statements', 'must start with an area folder like "10-19 Finance", not "Finance"'],
    ['10-19 Finance/21 Travel/21.01 Trips', 'must have a category of area 10-19 as its second folder (like "11 Name"), not "21 Travel"'],
    ['10-19 Finance/11 Banking/12.01 Cards', 'must have an ID of category 11 as its third folder (like "11.01 Name"), not "12.01 Cards"'],
    ['10-19 Finance/11 Banking/11.00 Index', 'must have an ID of category 11 as its third folder (like "11.01 Name"), not "11.00 Index"'],
  ])('rejects %j', (folder, rule) => {
    expect(() => assertJdFolder(folder)).toThrow(PathRuleError);
    expect(() => assertJdFolder(folder)).toThrow(rule);
  });
});
