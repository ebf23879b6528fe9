import { type z } from 'zod';
import { areaOfCategory, categoryOfItem, isAreaId, isCategoryId, isItemId } from './ids';
import {
  DEFAULT_REVIEW_INBOX,
  JdAreaSchema,
  JdCategorySchema,
  JdItemSchema,
  JdSettingsSchema,
  type JdStructure,
  JdStructureSchema,
} from './schema';
import { nameKey } from './text';

export type JdPath = readonly (string | number)[];

/** One broken rule, at one place in the file. */
export interface JdPathProblem {
  path: JdPath;
  message: string;
}

/** `['areas', 1, 'categories', 0, 'id']` → `areas[1].categories[0].id`. */
export function formatPath(path: JdPath): string {
  if (path.length === 0) return '(top level)';
  return path.map((segment, i) => (typeof segment === 'number' ? `[${segment}]` : i === 0 ? segment : `.${segment}`)).join('');
}

/**
 * Checks a plain value (as read from YAML or JSON) against every jd.yaml
 * rule and reports all problems, not just the first.
 */
export function checkJdStructure(value: unknown): { structure: JdStructure; problems: [] } | { structure?: undefined; problems: JdPathProblem[] } {
  const parsed = JdStructureSchema.safeParse(value);
  const problems = parsed.success ? [] : parsed.error.issues.flatMap(issueProblems);
  problems.push(...crossFieldProblems(value));
  if (parsed.success && problems.length === 0) return { structure: parsed.data, problems: [] };
  return { problems };
}

function issueProblems(issue: z.core.$ZodIssue): JdPathProblem[] {
  const path = issue.path.map((segment) => (typeof segment === 'symbol' ? String(segment) : segment));
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => ({ path: [...path, key], message: unknownKeyMessage(key, allowedKeysAt(path)) }));
  }
  return [{ path, message: issue.message }];
}

function allowedKeysAt(path: JdPath): string[] {
  const last = path.at(-2);
  const schema =
    path.length === 0
      ? JdStructureSchema
      : path[0] === 'settings' && path.length === 1
        ? JdSettingsSchema
        : last === 'areas'
          ? JdAreaSchema
          : last === 'categories'
            ? JdCategorySchema
            : last === 'ids'
              ? JdItemSchema
              : undefined;
  return schema === undefined ? [] : Object.keys(schema.shape);
}

function unknownKeyMessage(key: string, allowed: string[]): string {
  const suggestion = allowed.find((candidate) => editDistance(candidate.toLowerCase(), key.toLowerCase()) <= 2);
  if (suggestion !== undefined) return `unknown key (did you mean ${suggestion}?)`;
  return allowed.length > 0 ? `unknown key (allowed here: ${allowed.join(', ')})` : 'unknown key';
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length];
}

// --- rules between fields -------------------------------------------------
// These read the raw value defensively so they still run when the shape has
// problems elsewhere; an entry whose own fields are broken is skipped here
// because the schema has already reported it.

interface RawEntry {
  index: number;
  id?: string;
  name?: string;
  record: Record<string, unknown>;
}

interface LevelRules {
  listPath: JdPath;
  isValidId: (id: string) => boolean;
  /** Why a valid id does not fit under its parent, if it does not. */
  misplaced?: (id: string) => string | undefined;
  /** Ids of this level seen anywhere in the file so far, with where. */
  seenIds: Map<string, JdPath>;
  plural: string;
  /** `in area 10-19`: where duplicate names are compared. */
  nameScope: string;
}

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

function asList(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function crossFieldProblems(value: unknown): JdPathProblem[] {
  const root = asRecord(value);
  if (root === undefined) return [];
  const problems: JdPathProblem[] = [];
  const seenAreas = new Map<string, JdPath>();
  const seenCategories = new Map<string, JdPath>();
  const seenItems = new Map<string, JdPath>();

  const areas = checkLevel(asList(root.areas), problems, {
    listPath: ['areas'],
    isValidId: isAreaId,
    seenIds: seenAreas,
    plural: 'areas',
    nameScope: '',
  });
  for (const area of areas) {
    const areaId = area.id !== undefined && isAreaId(area.id) ? area.id : undefined;
    const categories = checkLevel(asList(area.record.categories), problems, {
      listPath: ['areas', area.index, 'categories'],
      isValidId: isCategoryId,
      misplaced: (id) => (areaId !== undefined && areaOfCategory(id) !== areaId ? `${id} is outside area ${areaId}` : undefined),
      seenIds: seenCategories,
      plural: 'categories',
      nameScope: areaId === undefined ? '' : ` in area ${areaId}`,
    });
    for (const category of categories) {
      const categoryId = category.id !== undefined && isCategoryId(category.id) ? category.id : undefined;
      checkLevel(asList(category.record.ids), problems, {
        listPath: ['areas', area.index, 'categories', category.index, 'ids'],
        isValidId: isItemId,
        misplaced: (id) =>
          categoryId !== undefined && categoryOfItem(id) !== categoryId ? `${id} does not belong to category ${categoryId}` : undefined,
        seenIds: seenItems,
        plural: 'IDs',
        nameScope: categoryId === undefined ? '' : ` in category ${categoryId}`,
      });
    }
  }

  problems.push(...reviewInboxProblems(root, seenItems));
  return problems;
}

function checkLevel(list: unknown[], problems: JdPathProblem[], rules: LevelRules): RawEntry[] {
  const entries: RawEntry[] = [];
  const seenNames = new Map<string, JdPath>();
  let previousId: string | undefined;
  list.forEach((item, index) => {
    const record = asRecord(item);
    if (record === undefined) return;
    const entry: RawEntry = {
      index,
      record,
      id: typeof record.id === 'string' ? record.id : undefined,
      name: typeof record.name === 'string' ? record.name.trim() : undefined,
    };
    entries.push(entry);
    const entryPath = [...rules.listPath, index];

    if (entry.id !== undefined && rules.isValidId(entry.id)) {
      const id = entry.id;
      const idPath = [...entryPath, 'id'];
      const misplaced = rules.misplaced?.(id);
      const firstUse = rules.seenIds.get(id);
      if (misplaced !== undefined) problems.push({ path: idPath, message: misplaced });
      if (firstUse !== undefined) {
        problems.push({ path: idPath, message: `${id} is used twice (also ${formatPath(firstUse)})` });
      } else {
        rules.seenIds.set(id, entryPath);
      }
      if (misplaced === undefined && firstUse === undefined) {
        if (previousId !== undefined && id < previousId) {
          problems.push({ path: idPath, message: `${id} comes after ${previousId} (list ${rules.plural} in ascending order)` });
        }
        previousId = id;
      }
    }

    if (entry.name !== undefined && entry.name !== '') {
      const key = nameKey(entry.name);
      const firstUse = seenNames.get(key);
      if (firstUse !== undefined) {
        problems.push({
          path: [...entryPath, 'name'],
          message: `${JSON.stringify(entry.name)} is used twice${rules.nameScope} (also ${formatPath(firstUse)})`,
        });
      } else {
        seenNames.set(key, entryPath);
      }
    }
  });
  return entries;
}

function reviewInboxProblems(root: Record<string, unknown>, declaredItems: Map<string, JdPath>): JdPathProblem[] {
  const settings = asRecord(root.settings);
  const configured = settings?.reviewInbox;
  const inbox = configured ?? DEFAULT_REVIEW_INBOX;
  if (typeof inbox !== 'string' || !isItemId(inbox) || declaredItems.has(inbox)) return [];
  const message =
    configured === undefined
      ? `${inbox} (the default review inbox) is not declared; add an ID like "${inbox} Review inbox" for low-confidence items, or set settings.reviewInbox to a declared ID`
      : `${inbox} is not declared; it must name an ID listed under one of the categories`;
  return [{ path: ['settings', 'reviewInbox'], message }];
}
