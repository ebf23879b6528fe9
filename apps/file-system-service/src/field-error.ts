import { CursorError } from './paths/cursor';
import { PathRuleError } from './paths/relative-path';

/** A caller's argument broke a rule: tools answer `invalid_argument` with `field: rule`. */
export class FieldError extends Error {
  override readonly name = 'FieldError';
  constructor(
    readonly field: string,
    readonly rule: string,
  ) {
    super(`${field}: ${rule}`);
  }
}

/** Runs `parse` and attributes a path or cursor rule it breaks to `field`. */
export function inField<T>(field: string, parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    if (error instanceof PathRuleError || error instanceof CursorError) throw new FieldError(field, error.message);
    throw error;
  }
}

export async function inFieldAsync<T>(field: string, parse: () => Promise<T>): Promise<T> {
  try {
    return await parse();
  } catch (error) {
    if (error instanceof PathRuleError || error instanceof CursorError) throw new FieldError(field, error.message);
    throw error;
  }
}
