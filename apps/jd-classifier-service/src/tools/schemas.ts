import { z } from 'zod';

const node = {
  id: z.string(),
  name: z.string(),
  description: z.string().optional(),
  keywords: z.array(z.string()),
  /** Vault folder relative to the vault root */
  path: z.string(),
};

export const itemSchema = z.object({
  ...node,
  /** true for IDs handed out by allocate_id (not declared in jd.yaml) */
  allocated: z.boolean(),
});

export const categorySchema = z.object({ ...node, ids: z.array(itemSchema) });
export const areaSchema = z.object({ ...node, categories: z.array(categorySchema) });

export const structureOutput = z.object({
  /** sha256 of the jd.yaml in service; changes when the structure is reloaded */
  version: z.string(),
  name: z.string().optional(),
  reviewInbox: z.object({ id: z.string(), path: z.string() }),
  areas: z.array(areaSchema),
});

export const matchSchema = z.object({
  kind: z.enum(['area', 'category', 'id']),
  id: z.string(),
  name: z.string(),
  path: z.string(),
  categoryId: z.string().optional(),
  /** 0..1; 1 for exact id or name matches */
  score: z.number(),
  matched: z.array(z.string()),
});

export const findCategoryOutput = z.object({ matches: z.array(matchSchema) });

const ref = z.object({ id: z.string(), name: z.string() });

export const resolvePathOutput = z.object({
  id: z.string(),
  kind: z.enum(['area', 'category', 'id']),
  path: z.string(),
  area: ref,
  category: ref.optional(),
  item: ref.extend({ allocated: z.boolean() }).optional(),
});

export const allocateIdOutput = z.object({
  id: z.string(),
  name: z.string(),
  path: z.string(),
  /** false when `key` matched an earlier allocation and that ID was returned again */
  created: z.boolean(),
});

export const validateIdOutput = z.object({
  id: z.string(),
  /** well-formed JD number */
  valid: z.boolean(),
  kind: z.enum(['area', 'category', 'id']).optional(),
  /** declared in jd.yaml or allocated at run time */
  exists: z.boolean(),
  allocated: z.boolean(),
  reason: z.string().optional(),
});
