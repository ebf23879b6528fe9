import { categoryIdProblem, isCategoryId, JdIdError, type JdKind, parseJdId } from './ids';
import { loadJdStructure, parseJdStructure } from './load';
import { type JdArea, type JdCategory, type JdItem, type JdStructure } from './schema';
import { folderName, nameKey } from './text';

/** A declared node found by number or name, with the levels above it. */
export type JdEntry =
  | { kind: 'area'; node: JdArea; area: JdArea; path: string }
  | { kind: 'category'; node: JdCategory; area: JdArea; category: JdCategory; path: string }
  | { kind: 'id'; node: JdItem; area: JdArea; category: JdCategory; item: JdItem; path: string };

/**
 * Lookups over one validated structure, built once. Give it the result of
 * parseJdStructure/loadJdStructure/validateJdStructure: it trusts the rules
 * those enforce (unique numbers, IDs inside their category, …).
 */
export class JdIndex {
  private readonly byId = new Map<string, JdEntry>();
  private readonly byName = new Map<string, JdEntry[]>();
  readonly reviewInbox: Extract<JdEntry, { kind: 'id' }>;

  constructor(readonly structure: JdStructure) {
    for (const area of structure.areas) {
      const areaPath = folderName(area);
      this.add({ kind: 'area', node: area, area, path: areaPath });
      for (const category of area.categories) {
        const categoryPath = `${areaPath}/${folderName(category)}`;
        this.add({ kind: 'category', node: category, area, category, path: categoryPath });
        for (const item of category.ids) {
          this.add({ kind: 'id', node: item, area, category, item, path: `${categoryPath}/${folderName(item)}` });
        }
      }
    }
    const inbox = this.byId.get(structure.settings.reviewInbox);
    if (inbox?.kind !== 'id') {
      throw new JdIdError(`review inbox ${structure.settings.reviewInbox} is not declared in the structure`, 'unknown');
    }
    this.reviewInbox = inbox;
  }

  static parse(text: string, source?: string): JdIndex {
    return new JdIndex(parseJdStructure(text, source));
  }

  static async load(path: string): Promise<JdIndex> {
    return new JdIndex(await loadJdStructure(path));
  }

  private add(entry: JdEntry): void {
    this.byId.set(entry.node.id, entry);
    const key = nameKey(entry.node.name);
    const sameName = this.byName.get(key);
    if (sameName) sameName.push(entry);
    else this.byName.set(key, [entry]);
  }

  get areas(): readonly JdArea[] {
    return this.structure.areas;
  }

  /** Every category in file order. */
  categories(): JdCategory[] {
    return this.structure.areas.flatMap((area) => area.categories);
  }

  getArea(id: string): JdArea | undefined {
    const entry = this.byId.get(id);
    return entry?.kind === 'area' ? entry.node : undefined;
  }

  getCategory(id: string): JdCategory | undefined {
    const entry = this.byId.get(id);
    return entry?.kind === 'category' ? entry.node : undefined;
  }

  getItem(id: string): JdItem | undefined {
    const entry = this.byId.get(id);
    return entry?.kind === 'id' ? entry.node : undefined;
  }

  /**
   * The declared node for any JD number (`10-19`, `11`, `11.01`), or
   * undefined when it is well-formed but not declared. Throws JdIdError for
   * malformed numbers.
   */
  lookup(jdId: string): JdEntry | undefined {
    const ref = parseJdId(jdId);
    return this.byId.get(ref.kind === 'area' ? ref.area : ref.kind === 'category' ? ref.category : ref.id);
  }

  /** Nodes whose name matches, ignoring case, diacritics and extra spaces; in file order. */
  findByName(name: string, kind?: JdKind): JdEntry[] {
    const found = this.byName.get(nameKey(name)) ?? [];
    return kind === undefined ? [...found] : found.filter((entry) => entry.kind === kind);
  }

  /**
   * The vault folder of a JD number relative to the vault root, e.g.
   * `10-19 Finance/11 Banking/11.01 Statements`. An ID allocated at run time
   * is not in jd.yaml: pass its `name` and it is placed in its declared
   * category. Throws JdIdError when the number is malformed or unknown.
   */
  resolvePath(jdId: string, name?: string): string {
    const ref = parseJdId(jdId);
    const declared = this.lookup(jdId);
    if (declared !== undefined) return declared.path;
    if (ref.kind === 'id' && name !== undefined) {
      const category = this.byId.get(ref.category);
      if (category?.kind === 'category') return `${category.path}/${folderName({ id: ref.id, name })}`;
    }
    const what = ref.kind === 'area' ? 'area' : ref.kind === 'category' ? 'category' : 'ID';
    const id = ref.kind === 'area' ? ref.area : ref.kind === 'category' ? ref.category : ref.id;
    const hint = ref.kind === 'id' && this.byId.has(ref.category) ? ' (give the name of an allocated ID to place it)' : '';
    throw new JdIdError(`${what} ${id} is not declared in the JD structure${hint}`, 'unknown');
  }

  /**
   * The first ID number after the category's declared IDs that is not in
   * `taken` (IDs handed out at run time). Never `.00`; JdIdError `full` once
   * `.99` is reached. The caller makes take-and-record atomic.
   */
  nextFreeId(categoryId: string, taken: Iterable<string> = []): string {
    if (!isCategoryId(categoryId)) throw new JdIdError(categoryIdProblem(categoryId) ?? categoryId, 'malformed');
    const category = this.getCategory(categoryId);
    if (category === undefined) throw new JdIdError(`category ${categoryId} is not declared in the JD structure`, 'unknown');
    const used = new Set(taken);
    const lastDeclared = Math.max(0, ...category.ids.map((item) => Number(item.id.slice(3))));
    for (let number = lastDeclared + 1; number <= 99; number++) {
      const id = itemIdOf(categoryId, number);
      if (!used.has(id)) return id;
    }
    const first = lastDeclared + 1;
    const range =
      first > 99 ? `${categoryId}.99 is declared` : first === 99 ? `${categoryId}.99 is taken` : `${itemIdOf(categoryId, first)}–${categoryId}.99 are taken`;
    throw new JdIdError(`category ${categoryId} is full: ${range}`, 'full');
  }
}

function itemIdOf(categoryId: string, number: number): string {
  return `${categoryId}.${String(number).padStart(2, '0')}`;
}
