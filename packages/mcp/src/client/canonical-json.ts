import { createHash } from 'node:crypto';

/**
 * JSON with object keys sorted at every level, so `{ a, b }` and `{ b, a }`
 * serialise alike. Otherwise as `JSON.stringify`: `undefined` members are
 * left out, array order is kept (it is meaningful).
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, member: unknown) => {
    if (member === null || typeof member !== 'object' || Array.isArray(member)) return member;
    const sorted: Record<string, unknown> = {};
    for (const key of Object.keys(member).sort()) sorted[key] = (member as Record<string, unknown>)[key];
    return sorted;
  }) ?? 'null';
}

/** sha256 (hex) of the canonical JSON of `args`: the same for any key order. */
export function argumentsHash(args: unknown): string {
  return createHash('sha256').update(canonicalJson(args ?? {})).digest('hex');
}
