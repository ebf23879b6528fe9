import { fileImportInput, isUnderPrefix } from './file-import.input';

function issues(input: unknown): string[] {
  const result = fileImportInput.safeParse(input);
  return result.success ? [] : result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
}

describe('the file-import input', () => {
  it('takes nothing: all of UNSORTED, every file', () => {
    expect(fileImportInput.parse({})).toEqual({});
  });

  it('normalises the folder as a person types it', () => {
    expect(fileImportInput.parse({ prefix: '/scans/2026/', limit: 10 })).toEqual({ prefix: 'scans/2026', limit: 10 });
    expect(fileImportInput.parse({ prefix: '  ' })).toEqual({ prefix: undefined });
  });

  it('refuses folders outside UNSORTED or spelled in ways that cannot match', () => {
    expect(issues({ prefix: '../vault' })).toEqual(['prefix: must be a folder inside UNSORTED (no . or .. segments)']);
    expect(issues({ prefix: 'scans\\2026' })).toEqual(['prefix: must use / between folders, not \\']);
    expect(issues({ prefix: 'scans//2026' })).toEqual(['prefix: must not contain empty folder names (//)']);
    expect(issues({ prefix: 'a\u0007b' })).toEqual(['prefix: must not contain control characters']);
  });

  it('names bad limits and unknown fields', () => {
    expect(issues({ limit: 0 })).toEqual(['limit: Too small: expected number to be >=1']);
    expect(issues({ limit: 1.5 })).toEqual(['limit: Invalid input: expected int, received number']);
    expect(issues({ prefx: 'scans' })).toEqual([': Unrecognized key: "prefx"']);
  });
});

describe('isUnderPrefix', () => {
  it('takes files inside the folder, at any depth, and nothing else', () => {
    expect(isUnderPrefix('scans/a.pdf', 'scans')).toBe(true);
    expect(isUnderPrefix('scans/2026/a.pdf', 'scans')).toBe(true);
    expect(isUnderPrefix('scans-old/a.pdf', 'scans')).toBe(false);
    expect(isUnderPrefix('scans', 'scans')).toBe(false);
    expect(isUnderPrefix('anything.txt', undefined)).toBe(true);
  });
});
