import { areaOfCategory, categoryOfItem, isAreaId, isCategoryId, isItemId, type JdRef } from '@emm/jd';
import { PathRuleError } from './relative-path';

const EXAMPLE = 'such as "10-19 Finance/11 Banking/11.01 Statements"';

/** The JD number a vault folder name starts with: `11 Banking` → `11`. */
export function jdNumberOf(folderName: string): string {
  const space = folderName.indexOf(' ');
  return space < 0 ? folderName : folderName.slice(0, space);
}

/**
 * Notes live in JD ID folders (area/category/ID, optionally with sub-folders
 * below the ID), never loose in the vault: checks that `folder` (already a
 * valid relative path) has that shape and that its numbers nest.
 */
export function assertJdFolder(folder: string): void {
  const [area, category, id] = folder === '' ? [] : folder.split('/');
  if (id === undefined) throw new PathRuleError(`must be a JD ID folder (area/category/ID) ${EXAMPLE}`);
  const areaId = jdNumberOf(area);
  const categoryId = jdNumberOf(category);
  const itemId = jdNumberOf(id);
  if (!isAreaId(areaId)) throw new PathRuleError(`must start with an area folder like "10-19 Finance", not "${area}"`);
  if (!isCategoryId(categoryId) || areaOfCategory(categoryId) !== areaId) {
    throw new PathRuleError(`must have a category of area ${areaId} as its second folder (like "${areaId.slice(0, 1)}1 Name"), not "${category}"`);
  }
  if (!isItemId(itemId) || categoryOfItem(itemId) !== categoryId) {
    throw new PathRuleError(`must have an ID of category ${categoryId} as its third folder (like "${categoryId}.01 Name"), not "${id}"`);
  }
}

/** The folder names a JD number is looked up by, level by level: 11.01 → ['10-19', '11', '11.01']. */
export function jdLevels(ref: JdRef): string[] {
  if (ref.kind === 'area') return [ref.area];
  if (ref.kind === 'category') return [ref.area, ref.category];
  return [ref.area, ref.category, ref.id];
}
