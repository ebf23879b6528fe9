import { z } from 'zod';
import { fileSystem } from './file-system';

const contracts = Object.values(fileSystem);

describe('file-system contracts', () => {
  it('name the five tools of file-system, once each', () => {
    expect(contracts.map((contract) => contract.service)).toEqual(Array(5).fill('file-system'));
    expect(contracts.map((contract) => contract.name).sort()).toEqual(['list_unsorted', 'list_vault', 'move_to_vault', 'read_file', 'write_note']);
  });

  it('have schemas MCP can publish, with every argument described for clients and models', () => {
    for (const contract of contracts) {
      const input = z.toJSONSchema(contract.input, { target: 'draft-7', io: 'input' }) as { type: string; properties: Record<string, { description?: string }> };
      expect(input.type).toBe('object');
      expect(z.toJSONSchema(contract.output, { target: 'draft-7', io: 'output' })).toMatchObject({ type: 'object' });
      for (const [field, property] of Object.entries(input.properties)) {
        expect({ tool: contract.name, field, described: typeof property.description === 'string' }).toEqual({ tool: contract.name, field, described: true });
      }
    }
  });

  it('write_note defaults to create with empty front matter, and a source must say which it is', () => {
    expect(fileSystem.writeNote.input.parse({ folder: 'a/b/c', title: ' Note ' })).toEqual({ folder: 'a/b/c', title: 'Note', frontMatter: {}, body: '', mode: 'create' });
    const anonymous = fileSystem.writeNote.input.safeParse({ folder: 'a/b/c', title: 'x', frontMatter: { source: { kind: 'file' } } });
    expect(anonymous.success).toBe(false);
    expect(anonymous.error?.issues[0]).toMatchObject({ path: ['frontMatter', 'source', 'id'], message: 'needs id, path or url: what identifies the source' });
    expect(fileSystem.writeNote.input.safeParse({ folder: 'a/b/c', title: 'x', frontMatter: { source: { kind: 'email', id: '1' } } }).success).toBe(false);
  });

  it('move_to_vault takes only sha256 hashes as list_unsorted gives them', () => {
    expect(fileSystem.moveToVault.input.safeParse({ path: 'a.pdf', folder: 'a/b/c', hash: `sha256:${'a'.repeat(64)}` }).success).toBe(true);
    expect(fileSystem.moveToVault.input.safeParse({ path: 'a.pdf', folder: 'a/b/c', hash: 'md5:abc' }).success).toBe(false);
  });
});
