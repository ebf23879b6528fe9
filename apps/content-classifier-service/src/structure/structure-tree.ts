import { createHash } from 'node:crypto';
import { JdIndex, type JdStructure, JdStructureError, validateJdStructure } from '@emm/jd';
import type { JdStructureSnapshot } from './jd-structure-source';

/** A node of the tree jd-classifier-service's `get_structure` returns. */
interface TreeNode {
  id: string;
  name: string;
  description?: string;
  keywords: string[];
}

/** The `get_structure` result: what the structure is made of, with run-time allocated IDs marked. */
export interface StructureTree {
  version: string;
  name?: string;
  reviewInbox: { id: string };
  areas: Array<TreeNode & { categories: Array<TreeNode & { ids: Array<TreeNode & { allocated: boolean }> }> }>;
}

const SOURCE = 'the structure from jd-classifier-service';

/**
 * Rebuilds a scorable JdIndex from the `get_structure` tree. IDs allocated at
 * run time are included (their names can match too); if they break a rule
 * jd.yaml must keep (two IDs of one category with the same name, say), the
 * declared structure alone is used rather than failing every request.
 */
export function snapshotFromTree(tree: StructureTree, previous?: JdStructureSnapshot): JdStructureSnapshot {
  // The tree's own version is the jd.yaml hash; allocations change the tree without changing it.
  const version = createHash('sha256').update(JSON.stringify(tree)).digest('hex').slice(0, 16);
  // An unchanged structure keeps its index, and with it the scorer's tables built for it.
  if (previous?.version === version) return previous;
  let structure: JdStructure;
  try {
    structure = validateJdStructure(toStructure(tree, true), SOURCE);
  } catch (error) {
    if (!(error instanceof JdStructureError)) throw error;
    structure = validateJdStructure(toStructure(tree, false), SOURCE);
  }
  return { index: new JdIndex(structure), version };
}

function toStructure(tree: StructureTree, withAllocated: boolean): unknown {
  const node = ({ id, name, description, keywords }: TreeNode) => ({ id, name, ...(description !== undefined && { description }), keywords });
  return {
    version: 1,
    ...(tree.name !== undefined && { name: tree.name }),
    settings: { reviewInbox: tree.reviewInbox.id },
    areas: tree.areas.map((area) => ({
      ...node(area),
      categories: area.categories.map((category) => ({
        ...node(category),
        ids: category.ids.filter((item) => withAllocated || !item.allocated).map(node),
      })),
    })),
  };
}
