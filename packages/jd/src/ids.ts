/**
 * Johnny.Decimal numbers as text: areas `10-19`, categories `11`, IDs `11.01`.
 * Pure syntax; whether a number is declared is the index's business.
 */

export type JdKind = 'area' | 'category' | 'id';

/** A syntactically valid JD number with the levels above it derived from it. */
export type JdRef =
  | { kind: 'area'; area: string }
  | { kind: 'category'; area: string; category: string }
  | { kind: 'id'; area: string; category: string; id: string };

export type JdIdErrorCode = 'malformed' | 'reserved' | 'unknown' | 'full';

/** A JD number that is malformed, reserved, not declared, or a category with no free ID left. */
export class JdIdError extends Error {
  constructor(
    message: string,
    readonly code: JdIdErrorCode,
  ) {
    super(message);
    this.name = 'JdIdError';
  }
}

const AREA_PATTERN = /^(\d)0-(\d)9$/;
const CATEGORY_PATTERN = /^\d\d$/;
const ITEM_PATTERN = /^(\d\d)\.(\d\d)$/;

export const AREA_RULE = 'use NN-NN spanning ten, like 10-19';
export const CATEGORY_RULE = 'use two digits, like 11';
export const ITEM_RULE = 'use the category number, a dot and two digits, like 11.01';

export function isAreaId(text: string): boolean {
  const match = AREA_PATTERN.exec(text);
  return match !== null && match[1] === match[2];
}

export function isCategoryId(text: string): boolean {
  return CATEGORY_PATTERN.test(text);
}

/** `11.01`–`11.99`; `.00` is the category's own index note, never a normal ID. */
export function isItemId(text: string): boolean {
  const match = ITEM_PATTERN.exec(text);
  return match !== null && match[2] !== '00';
}

/** `11` → `10-19`. The caller guarantees a valid category number. */
export function areaOfCategory(category: string): string {
  return `${category[0]}0-${category[0]}9`;
}

/** `11.01` → `11`. The caller guarantees a valid ID. */
export function categoryOfItem(id: string): string {
  return id.slice(0, 2);
}

/** Why `text` is not an area range, or undefined when it is one. */
export function areaIdProblem(text: string): string | undefined {
  return isAreaId(text) ? undefined : `${JSON.stringify(text)} is not an area range (${AREA_RULE})`;
}

export function categoryIdProblem(text: string): string | undefined {
  return isCategoryId(text) ? undefined : `${JSON.stringify(text)} is not a category number (${CATEGORY_RULE})`;
}

export function itemIdProblem(text: string): string | undefined {
  const match = ITEM_PATTERN.exec(text);
  if (match === null) return `${JSON.stringify(text)} is not a JD ID (${ITEM_RULE})`;
  if (match[2] === '00') return `${text} is reserved for the index note of category ${match[1]} (IDs start at ${match[1]}.01)`;
  return undefined;
}

/**
 * Reads any JD number: `10-19`, `11` or `11.01` (surrounding spaces ignored).
 * Throws JdIdError naming the rule when the text is none of them.
 */
export function parseJdId(text: string): JdRef {
  const result = safeParseJdId(text);
  if (!result.ok) throw new JdIdError(result.error, result.code);
  return result.value;
}

export type JdIdParseResult =
  | { ok: true; value: JdRef }
  | { ok: false; error: string; code: 'malformed' | 'reserved' };

/** parseJdId without the throw, for input validation that collects messages. */
export function safeParseJdId(text: string): JdIdParseResult {
  const trimmed = text.trim();
  if (trimmed.includes('-')) {
    const problem = areaIdProblem(trimmed);
    if (problem !== undefined) return { ok: false, error: problem, code: 'malformed' };
    return { ok: true, value: { kind: 'area', area: trimmed } };
  }
  if (trimmed.includes('.')) {
    const problem = itemIdProblem(trimmed);
    if (problem !== undefined) {
      return { ok: false, error: problem, code: ITEM_PATTERN.test(trimmed) ? 'reserved' : 'malformed' };
    }
    const category = categoryOfItem(trimmed);
    return { ok: true, value: { kind: 'id', area: areaOfCategory(category), category, id: trimmed } };
  }
  if (isCategoryId(trimmed)) {
    return { ok: true, value: { kind: 'category', area: areaOfCategory(trimmed), category: trimmed } };
  }
  return {
    ok: false,
    error: `${JSON.stringify(trimmed)} is not a JD number (use an area like 10-19, a category like 11 or an ID like 11.01)`,
    code: 'malformed',
  };
}
