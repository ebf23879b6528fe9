import { join } from 'node:path';
import { JdIndex } from '@emm/jd';
import { RefreshingStructureSource, StructureUnavailableError } from './refreshing-structure-source';
import type { JdStructureSnapshot } from './jd-structure-source';
import { snapshotFromTree, type StructureTree } from './structure-tree';

/** The tree as jd-classifier-service's get_structure returns it for a structure. */
function treeOf(index: JdIndex, allocated: Array<{ id: string; name: string }> = []): StructureTree {
  return {
    version: 'yaml-sha',
    name: index.structure.name,
    reviewInbox: { id: index.reviewInbox.node.id },
    areas: index.areas.map((area) => ({
      id: area.id,
      name: area.name,
      keywords: area.keywords,
      path: index.resolvePath(area.id),
      categories: area.categories.map((category) => ({
        id: category.id,
        name: category.name,
        description: category.description,
        keywords: category.keywords,
        path: index.resolvePath(category.id),
        ids: [
          ...category.ids.map((item) => ({ id: item.id, name: item.name, keywords: item.keywords, allocated: false, path: index.resolvePath(item.id) })),
          ...allocated.filter((item) => item.id.startsWith(`${category.id}.`)).map((item) => ({ ...item, keywords: [], allocated: true, path: '' })),
        ],
      })),
    })),
  };
}

describe('snapshotFromTree', () => {
  let index: JdIndex;
  beforeAll(async () => {
    index = await JdIndex.load(join(__dirname, '../../../../examples/jd.yaml'));
  });

  it('rebuilds the structure, with IDs allocated at run time', () => {
    const snapshot = snapshotFromTree(treeOf(index, [{ id: '11.04', name: 'Savings account' }]));
    expect(snapshot.index.resolvePath('11.04')).toBe('10-19 Finance/11 Banking/11.04 Savings account');
    expect(snapshot.index.reviewInbox.node.id).toBe('00.01');
    expect(snapshot.index.categories()).toHaveLength(index.categories().length);
  });

  it('gets a new version when an allocation changes the tree, and keeps the index of an unchanged one', () => {
    const plain = snapshotFromTree(treeOf(index));
    expect(snapshotFromTree(treeOf(index)).version).toBe(plain.version);
    expect(snapshotFromTree(treeOf(index), plain)).toBe(plain);
    expect(snapshotFromTree(treeOf(index, [{ id: '11.04', name: 'Savings account' }])).version).not.toBe(plain.version);
  });

  it('uses the declared structure alone when an allocation breaks a rule', () => {
    const snapshot = snapshotFromTree(treeOf(index, [{ id: '11.04', name: 'statements' }]));
    expect(snapshot.index.lookup('11.04')).toBeUndefined();
    expect(snapshot.index.lookup('11.01')?.node.name).toBe('Statements');
  });
});

describe('RefreshingStructureSource', () => {
  const snapshot = (version: string) => ({ version }) as unknown as JdStructureSnapshot;

  it('loads once while fresh, and all waiting callers share one load', async () => {
    let loads = 0;
    const source = new RefreshingStructureSource(async () => snapshot(`v${++loads}`), 60_000, { warn: () => undefined });
    const results = await Promise.all([source.getStructure(), source.getStructure(), source.getStructure()]);
    expect(results.map((result) => result.version)).toEqual(['v1', 'v1', 'v1']);
    expect((await source.getStructure()).version).toBe('v1');
    expect(loads).toBe(1);
  });

  it('refreshes when stale and keeps the last structure when the refresh fails', async () => {
    let fail = false;
    let loads = 0;
    const warnings: unknown[] = [];
    const source = new RefreshingStructureSource(
      async () => {
        loads++;
        if (fail) throw new Error('jd-classifier/get_structure: connection refused');
        return snapshot(`v${loads}`);
      },
      1,
      { warn: (fields) => warnings.push(fields) },
    );
    expect((await source.getStructure()).version).toBe('v1');
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect((await source.getStructure()).version).toBe('v2');
    fail = true;
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect((await source.getStructure()).version).toBe('v2');
    expect(warnings).toEqual([{ msg: 'JD structure refresh failed; using the last one', reason: 'jd-classifier/get_structure: connection refused' }]);
  });

  it('fails with the reason while it has never had a structure', async () => {
    const source = new RefreshingStructureSource(async () => Promise.reject(new Error('connection refused')), 1_000, { warn: () => undefined });
    await expect(source.getStructure()).rejects.toThrow(StructureUnavailableError);
    await expect(source.getStructure()).rejects.toThrow('the JD structure is not available: connection refused');
  });
});
