import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { JdIndex } from '@emm/jd';
import type { JdStructureSnapshot, JdStructureSource } from '../../src/structure/jd-structure-source';

/** For tests of the classifier logic: the structure straight from a jd.yaml, as @emm/jd loads it. */
export async function fileStructureSource(path: string): Promise<JdStructureSource & { snapshot: JdStructureSnapshot }> {
  const snapshot = { index: await JdIndex.load(path), version: createHash('sha256').update(await readFile(path)).digest('hex').slice(0, 16) };
  return { snapshot, getStructure: async () => snapshot };
}
