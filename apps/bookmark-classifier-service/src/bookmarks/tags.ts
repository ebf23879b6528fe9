/** `"rust, async,Rust"` or `['rust', 'async']` → `['rust', 'async']`: trimmed, empty and repeated (any case) tags dropped. */
export function splitTags(value: unknown): string[] {
  const items = Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : typeof value === 'string' ? value.split(',') : [];
  return mergeTags(items.map((tag) => tag.trim()));
}

/** Tags of all lists in order, without empties or case-insensitive repeats; the first spelling wins. */
export function mergeTags(...lists: string[][]): string[] {
  const seen = new Set<string>();
  const merged: string[] = [];
  for (const tag of lists.flat()) {
    const key = tag.toLowerCase();
    if (tag === '' || seen.has(key)) continue;
    seen.add(key);
    merged.push(tag);
  }
  return merged;
}
