import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { filesUnder } from './files';

describe('filesUnder', () => {
  const dir = mkdtempSync(join(tmpdir(), 'emm-files-under-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('lists every file at any depth, relative and sorted, and no folders', () => {
    mkdirSync(join(dir, 'b/nested/deeper'), { recursive: true });
    mkdirSync(join(dir, 'empty'));
    for (const path of ['z.txt', 'a.md', 'b/nested/deeper/note.md', 'b/one.pdf']) writeFileSync(join(dir, path), path);
    expect(filesUnder(dir)).toEqual(['a.md', 'b/nested/deeper/note.md', 'b/one.pdf', 'z.txt']);
  });

  it('refuses a folder that does not exist', () => {
    expect(() => filesUnder(join(dir, 'missing'))).toThrow(/ENOENT/);
  });
});
