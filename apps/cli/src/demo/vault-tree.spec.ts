import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readVault, renderVaultTree } from './vault-tree';

describe('the demo vault tree', () => {
  let vault: string;

  beforeEach(() => {
    vault = mkdtempSync(join(tmpdir(), 'emm-vault-tree-'));
    const statements = join(vault, '10-19 Finance', '11 Banking', '11.01 Statements');
    mkdirSync(statements, { recursive: true });
    writeFileSync(join(statements, 'March statement.md'), '---\ntitle: March statement\njd_id: "11.01"\nconfidence: 0.87\nneeds_review: false\nsource:\n  kind: file\n  id: sha256:abc\n---\nSummary\n');
    writeFileSync(join(statements, '2026-03 statement.pdf'), '%PDF-1.7');
    const inbox = join(vault, '00-09 System', '00 Index and inbox', '00.01 Review inbox');
    mkdirSync(inbox, { recursive: true });
    writeFileSync(join(inbox, 'notes.md'), '---\ntitle: notes\njd_id: "00.01"\nconfidence: 0.2\nneeds_review: true\nsource:\n  kind: file\n  id: sha256:def\n---\n');
    writeFileSync(join(inbox, 'my own note.md'), '# no front matter\n');
  });

  afterEach(() => rmSync(vault, { recursive: true, force: true }));

  it('lists the folders that hold notes, each note with source, JD ID and confidence, and counts the originals', () => {
    const folders = readVault(vault);
    expect(folders.map((folder) => folder.path)).toEqual(['00-09 System/00 Index and inbox/00.01 Review inbox', '10-19 Finance/11 Banking/11.01 Statements']);
    expect(folders[0]).toMatchObject({ otherFiles: 1, notes: [{ title: 'notes', jdId: '00.01', needsReview: true }] });
    expect(renderVaultTree(folders)).toBe(
      [
        '00-09 System/',
        '  00 Index and inbox/',
        '    00.01 Review inbox/  (+1 original)',
        '      - notes  [file, 00.01, confidence 0.20]',
        '10-19 Finance/',
        '  11 Banking/',
        '    11.01 Statements/  (+1 original)',
        '      - March statement  [file, 11.01, confidence 0.87]',
      ].join('\n'),
    );
  });
});
