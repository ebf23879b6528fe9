import { Injectable } from '@nestjs/common';
import { categoryIdProblem, type JdEntry, type JdIndex, JdIdError, safeParseJdId, scoreText } from '@emm/jd';
import { jdClassifier, type jdAreaSchema, type jdMatchSchema } from '@emm/contracts';
import { defineTool, type McpToolProvider, ToolError } from '@emm/mcp';
import type { z } from 'zod';
import { CategoryFullError, IdAllocator } from '../allocation/id-allocator';
import { StructureService } from '../structure/structure.service';
import { toAreaView, toMatch } from './views';

/** The five tools of the JD structure service, declared from their contracts (@emm/contracts) and served over MCP and REST. */
@Injectable()
export class JdTools implements McpToolProvider {
  constructor(
    private readonly structure: StructureService,
    private readonly allocator: IdAllocator,
  ) {}

  tools() {
    return [this.getStructure, this.findCategory, this.resolvePath, this.allocateId, this.validateId];
  }

  readonly getStructure = defineTool(jdClassifier.getStructure, {
    title: 'Get the JD structure',
    description:
      'The Johnny.Decimal structure of the vault: areas → categories → IDs with names, descriptions, keywords and vault folder paths, including IDs allocated at run time. Give `id` (an area like 10-19 or a category like 11) to get only that part.',
    cache: { ttlSeconds: 60 },
    idempotent: true,
    readOnly: true,
    handler: async ({ id }) => {
      const { index, version } = this.structure.current();
      let areas = this.treeView(index, version, await this.allocator.all());
      if (id !== undefined) {
        const entry = this.lookupDeclared(index, id);
        if (entry.kind === 'id') throw new ToolError('invalid_argument', `id: ${id} is an ID; give its area or category, or use resolve_path`);
        areas = areas.filter((area) => area.id === entry.area.id);
        if (entry.kind === 'category') areas = areas.map((area) => ({ ...area, categories: area.categories.filter((c) => c.id === entry.node.id) }));
      }
      return {
        version,
        name: index.structure.name,
        reviewInbox: { id: index.reviewInbox.node.id, path: index.reviewInbox.path },
        areas,
      };
    },
  });

  readonly findCategory = defineTool(jdClassifier.findCategory, {
    title: 'Find a category',
    description:
      'Finds where something belongs. `id` looks up a JD number, `name` an exact category/ID name (case and accents ignored), `query` ranks categories and IDs for free text (a title, a sentence, a document) by their names, keywords and descriptions. Give exactly one.',
    cache: { ttlSeconds: 300 },
    idempotent: true,
    readOnly: true,
    handler: ({ id, name, query, limit }) => {
      const { index } = this.structure.current();
      let matches: Array<z.input<typeof jdMatchSchema>>;
      if (id !== undefined) {
        const entry = this.lookup(index, id);
        matches = entry ? [toMatch(entry, 1, [])] : [];
      } else if (name !== undefined) {
        matches = index.findByName(name).map((entry) => toMatch(entry, 1, [name]));
      } else {
        matches = scoreText(index, { text: query ?? '' }, { limit }).map((match) => {
          const entry = index.lookup(match.itemId ?? match.categoryId) as JdEntry;
          return toMatch(entry, match.score, match.matched);
        });
      }
      return { matches: matches.slice(0, limit) };
    },
  });

  readonly resolvePath = defineTool(jdClassifier.resolvePath, {
    title: 'Resolve a vault folder',
    description:
      'The vault folder for a JD number, relative to the vault root, e.g. 11.01 → "10-19 Finance/11 Banking/11.01 Statements". Works for declared and allocated IDs.',
    cache: { ttlSeconds: 300 },
    idempotent: true,
    readOnly: true,
    handler: async ({ id }) => {
      const { index } = this.structure.current();
      const declared = this.lookup(index, id);
      if (declared) {
        return {
          id: declared.node.id,
          kind: declared.kind,
          path: declared.path,
          area: { id: declared.area.id, name: declared.area.name },
          category: declared.kind === 'area' ? undefined : { id: declared.category.id, name: declared.category.name },
          item: declared.kind === 'id' ? { id: declared.item.id, name: declared.item.name, allocated: false } : undefined,
        };
      }
      const ref = safeParseJdId(id);
      const allocatedName = ref.ok && ref.value.kind === 'id' ? await this.allocator.nameOf(ref.value.id) : undefined;
      if (!ref.ok || ref.value.kind !== 'id' || allocatedName === undefined) {
        throw new ToolError('not_found', `id: ${id.trim()} is neither declared in the JD structure nor allocated`);
      }
      const category = index.lookup(ref.value.category);
      if (category?.kind !== 'category') {
        throw new ToolError('not_found', `id: ${ref.value.id} was allocated in category ${ref.value.category}, which is no longer in the JD structure`);
      }
      return {
        id: ref.value.id,
        kind: 'id' as const,
        path: index.resolvePath(ref.value.id, allocatedName),
        area: { id: category.area.id, name: category.area.name },
        category: { id: category.node.id, name: category.node.name },
        item: { id: ref.value.id, name: allocatedName, allocated: true },
      };
    },
  });

  readonly allocateId = defineTool(jdClassifier.allocateId, {
    title: 'Allocate a new ID',
    description:
      'Creates the next free ID in a category (after its declared IDs) with the given name, atomically across all replicas: no ID is ever handed out twice. Pass `key` (e.g. the source that needs the ID) to make retries return the same ID.',
    cache: false,
    idempotent: false,
    readOnly: false,
    handler: async ({ category, name, key }) => {
      const problem = categoryIdProblem(category);
      if (problem !== undefined) throw new ToolError('invalid_argument', `category: ${problem}`);
      const { index } = this.structure.current();
      const declared = index.getCategory(category);
      if (!declared) throw new ToolError('not_found', `category: ${category} is not declared in the JD structure`);
      const lastDeclared = Math.max(0, ...declared.ids.map((item) => Number(item.id.slice(3))));
      try {
        const { id, created } = await this.allocator.allocate(category, name, lastDeclared, key);
        const storedName = created ? name : ((await this.allocator.nameOf(id)) ?? name);
        return { id, name: storedName, path: index.resolvePath(id, storedName), created };
      } catch (error) {
        if (error instanceof CategoryFullError) throw new ToolError('failed_precondition', error.message);
        throw error;
      }
    },
  });

  readonly validateId = defineTool(jdClassifier.validateId, {
    title: 'Validate a JD number',
    description: 'Checks a JD number: is it well-formed, which level is it, and is it declared in jd.yaml or allocated. Never fails for bad input: says why instead.',
    cache: { ttlSeconds: 60 },
    idempotent: true,
    readOnly: true,
    handler: async ({ id }) => {
      const ref = safeParseJdId(id);
      if (!ref.ok) return { id, valid: false, exists: false, allocated: false, reason: ref.error };
      const { index } = this.structure.current();
      const canonical = ref.value.kind === 'area' ? ref.value.area : ref.value.kind === 'category' ? ref.value.category : ref.value.id;
      if (index.lookup(canonical)) return { id: canonical, valid: true, kind: ref.value.kind, exists: true, allocated: false };
      const allocated = ref.value.kind === 'id' && (await this.allocator.nameOf(canonical)) !== undefined;
      return {
        id: canonical,
        valid: true,
        kind: ref.value.kind,
        exists: allocated,
        allocated,
        reason: allocated ? undefined : `${canonical} is not declared in the JD structure`,
      };
    },
  });

  private lastTree?: { key: string; areas: Array<z.input<typeof jdAreaSchema>> };

  /** The tree changes only with the structure or an allocation, so the last one built is reused. */
  private treeView(index: JdIndex, version: string, allocated: Record<string, string>) {
    const key = `${version}:${JSON.stringify(allocated)}`;
    if (this.lastTree?.key !== key) this.lastTree = { key, areas: index.areas.map((area) => toAreaView(index, area, allocated)) };
    return this.lastTree.areas;
  }

  /** A declared entry, undefined when well-formed but not declared; bad syntax is the caller's error. */
  private lookup(index: JdIndex, id: string): JdEntry | undefined {
    try {
      return index.lookup(id);
    } catch (error) {
      if (error instanceof JdIdError) throw new ToolError('invalid_argument', `id: ${error.message}`);
      throw error;
    }
  }

  private lookupDeclared(index: JdIndex, id: string): JdEntry {
    const entry = this.lookup(index, id);
    if (!entry) throw new ToolError('not_found', `id: ${id.trim()} is not declared in the JD structure`);
    return entry;
  }
}

