import { folderName, type JdArea, type JdEntry, type JdIndex } from '@emm/jd';
import type { z } from 'zod';
import type { jdAreaSchema, jdMatchSchema } from '@emm/contracts';

/** Allocated ID → name, as kept by the allocator. */
export type AllocatedNames = Record<string, string>;

/** An area as tools return it: declared IDs plus those allocated at run time, each with its vault path. */
export function toAreaView(index: JdIndex, area: JdArea, allocated: AllocatedNames): z.input<typeof jdAreaSchema> {
  const areaPath = index.resolvePath(area.id);
  return {
    id: area.id,
    name: area.name,
    description: area.description,
    keywords: area.keywords,
    path: areaPath,
    categories: area.categories.map((category) => {
      const categoryPath = `${areaPath}/${folderName(category)}`;
      const declared = category.ids.map((item) => ({
        id: item.id,
        name: item.name,
        description: item.description,
        keywords: item.keywords,
        path: `${categoryPath}/${folderName(item)}`,
        allocated: false,
      }));
      const extra = Object.entries(allocated)
        .filter(([id]) => id.startsWith(`${category.id}.`))
        .map(([id, name]) => ({ id, name, keywords: [], path: `${categoryPath}/${folderName({ id, name })}`, allocated: true }));
      return {
        id: category.id,
        name: category.name,
        description: category.description,
        keywords: category.keywords,
        path: categoryPath,
        ids: [...declared, ...extra].sort((a, b) => a.id.localeCompare(b.id)),
      };
    }),
  };
}

export function toMatch(entry: JdEntry, score: number, matched: string[]): z.input<typeof jdMatchSchema> {
  return {
    kind: entry.kind,
    id: entry.node.id,
    name: entry.node.name,
    path: entry.path,
    categoryId: entry.kind === 'area' ? undefined : entry.category.id,
    score: Math.round(score * 1000) / 1000,
    matched,
  };
}
