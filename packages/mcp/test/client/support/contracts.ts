import { z } from 'zod';
import { defineToolContract } from '../../../src';

// jd-classifier tools as a caller in these tests sees them. The real
// contracts live in @emm/contracts, which depends on this package; a caller
// may declare the fields it reads (zod drops the rest).

const kind = z.enum(['area', 'category', 'id']);

export const findCategory = defineToolContract({
  service: 'jd-classifier',
  name: 'find_category',
  input: z.object({
    id: z.string().optional(),
    name: z.string().optional(),
    query: z.string().optional(),
    limit: z.number().int().optional(),
  }),
  output: z.object({
    matches: z.array(z.object({ kind, id: z.string(), name: z.string(), path: z.string(), categoryId: z.string().optional(), score: z.number() })),
  }),
});

export const resolvePath = defineToolContract({
  service: 'jd-classifier',
  name: 'resolve_path',
  input: z.object({ id: z.string() }),
  output: z.object({ id: z.string(), kind, path: z.string() }),
});

export const getStructure = defineToolContract({
  service: 'jd-classifier',
  name: 'get_structure',
  input: z.object({ id: z.string().optional() }),
  output: z.object({ version: z.string(), areas: z.array(z.object({ id: z.string(), name: z.string() })) }),
});

export const allocateId = defineToolContract({
  service: 'jd-classifier',
  name: 'allocate_id',
  input: z.object({ category: z.string(), name: z.string(), key: z.string().optional() }),
  output: z.object({ id: z.string(), created: z.boolean() }),
});

/** A caller whose contract disagrees with the service about the result's shape. */
export const findCategoryWrongShape = defineToolContract({
  service: 'jd-classifier',
  name: 'find_category',
  input: z.object({ query: z.string() }),
  output: z.object({ matches: z.array(z.object({ score: z.string() })) }),
});
