import { fileItemKey, fileWorkItem, parentFolders } from './file-item';

const HASH_A = `sha256:${'a'.repeat(64)}`;
const HASH_B = `sha256:${'b'.repeat(64)}`;

describe('file work items', () => {
  it('have a key of path and content: stable, distinct for another path or new content, within 200 characters', () => {
    const key = fileItemKey('scans/a.pdf', HASH_A);
    expect(fileItemKey('scans/a.pdf', HASH_A)).toBe(key);
    expect(fileItemKey('scans/b.pdf', HASH_A)).not.toBe(key);
    expect(fileItemKey('scans/a.pdf', HASH_B)).not.toBe(key);
    // No separator games: "a" + "b/c" is not "a/b" + "c".
    expect(fileItemKey(`x${HASH_A}`, HASH_A)).not.toBe(fileItemKey('x', `${HASH_A}${HASH_A}`));
    expect(key.length).toBeLessThanOrEqual(200);
  });

  it('show the path and carry what processItem needs', () => {
    const file = { path: 'scans/a.pdf', name: 'a.pdf', hash: HASH_A, kind: 'pdf' as const, size: 10, mediaType: 'application/pdf' };
    expect(fileWorkItem({ ...file, modified: '2026-01-01T00:00:00Z' } as typeof file)).toEqual({ key: fileItemKey('scans/a.pdf', HASH_A), label: 'scans/a.pdf', payload: file });
  });

  it('know the folders a person sorted the file into', () => {
    expect(parentFolders('bank/2026/statement.pdf')).toEqual(['bank', '2026']);
    expect(parentFolders('statement.pdf')).toEqual([]);
  });
});
