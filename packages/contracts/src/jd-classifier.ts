import { defineToolContract } from '@emm/mcp/contract';
import { z } from 'zod';

// Tool contracts of jd-classifier-service: the JD structure, search, paths and ID allocation.

/** A JD number as given: an area (10-19), a category (11) or an ID (11.01). */
const jdNumber = z.string().trim().min(1).max(16);

const node = {
  id: z.string(),
  name: z.string(),
  description: z.string().optional(),
  keywords: z.array(z.string()),
  /** Vault folder relative to the vault root */
  path: z.string(),
};

export const jdItemSchema = z.object({
  ...node,
  /** true for IDs handed out by allocate_id (not declared in jd.yaml) */
  allocated: z.boolean(),
});

export const jdCategorySchema = z.object({ ...node, ids: z.array(jdItemSchema) });
export const jdAreaSchema = z.object({ ...node, categories: z.array(jdCategorySchema) });

export const jdMatchSchema = z.object({
  kind: z.enum(['area', 'category', 'id']),
  id: z.string(),
  name: z.string(),
  path: z.string(),
  categoryId: z.string().optional(),
  /** 0..1; 1 for exact id or name matches */
  score: z.number(),
  matched: z.array(z.string()),
});

const ref = z.object({ id: z.string(), name: z.string() });

const getStructure = defineToolContract({
  service: 'jd-classifier',
  name: 'get_structure',
  input: z.object({ id: jdNumber.optional().describe('Area (10-19) or category (11) to return; omit for the whole tree') }),
  output: z.object({
    /** sha256 of the jd.yaml in service; changes when the structure is reloaded */
    version: z.string(),
    name: z.string().optional(),
    reviewInbox: z.object({ id: z.string(), path: z.string() }),
    areas: z.array(jdAreaSchema),
  }),
});

const findCategory = defineToolContract({
  service: 'jd-classifier',
  name: 'find_category',
  input: z
    .object({
      id: jdNumber.optional().describe('A JD number: 10-19, 11 or 11.01'),
      name: z.string().trim().min(1).max(200).optional().describe('A category or ID name, e.g. "Banking"'),
      query: z.string().trim().min(1).max(100_000).optional().describe('Free text to rank categories for'),
      limit: z.number().int().min(1).max(50).default(5).describe('Most matches to return'),
    })
    .refine((args) => [args.id, args.name, args.query].filter((v) => v !== undefined).length === 1, {
      message: 'give exactly one of id, name or query',
      path: ['query'],
    }),
  output: z.object({ matches: z.array(jdMatchSchema) }),
});

const resolvePath = defineToolContract({
  service: 'jd-classifier',
  name: 'resolve_path',
  input: z.object({ id: jdNumber.describe('A JD number: 10-19, 11 or 11.01') }),
  output: z.object({
    id: z.string(),
    kind: z.enum(['area', 'category', 'id']),
    path: z.string(),
    area: ref,
    category: ref.optional(),
    item: ref.extend({ allocated: z.boolean() }).optional(),
  }),
});

const allocateId = defineToolContract({
  service: 'jd-classifier',
  name: 'allocate_id',
  input: z.object({
    category: z.string().trim().describe('Category number, e.g. 11'),
    name: z.string().trim().min(1).max(120).describe('Name of the new ID, e.g. "Savings account"'),
    key: z.string().min(1).max(512).optional().describe('Idempotency key: the same key in the same category returns the same ID'),
  }),
  output: z.object({
    id: z.string(),
    name: z.string(),
    path: z.string(),
    /** false when `key` matched an earlier allocation and that ID was returned again */
    created: z.boolean(),
  }),
});

const validateId = defineToolContract({
  service: 'jd-classifier',
  name: 'validate_id',
  input: z.object({ id: z.string().max(64).describe('Text to check, e.g. 11.01') }),
  output: z.object({
    id: z.string(),
    /** well-formed JD number */
    valid: z.boolean(),
    kind: z.enum(['area', 'category', 'id']).optional(),
    /** declared in jd.yaml or allocated at run time */
    exists: z.boolean(),
    allocated: z.boolean(),
    reason: z.string().optional(),
  }),
});

/** The tools of jd-classifier-service: `client.call(jdClassifier.findCategory, { query })`. */
export const jdClassifier = { getStructure, findCategory, resolvePath, allocateId, validateId } as const;
