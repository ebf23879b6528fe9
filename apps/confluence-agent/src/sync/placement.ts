import type { classifyContentOutput } from '@emm/contracts';
import type { z } from 'zod';
import type { SpaceRef } from './page-item';

export type Classification = z.output<typeof classifyContentOutput>;

/** Where a newly seen page's note should go, before any ID is allocated. */
export type PlacementDecision =
  /** Low confidence or nothing fits: the review inbox, for a person to decide. */
  | { kind: 'inbox' }
  /** An existing JD ID fits. */
  | { kind: 'existing'; jdId: string; folder: string }
  /** The category fits but none of its IDs does: a new ID in it. */
  | { kind: 'allocate'; categoryId: string };

export function decidePlacement(classification: Pick<Classification, 'needs_review' | 'category' | 'item'>): PlacementDecision {
  if (classification.needs_review || classification.category === null) return { kind: 'inbox' };
  if (classification.item !== null) return { kind: 'existing', jdId: classification.item.id, folder: classification.item.path };
  return { kind: 'allocate', categoryId: classification.category.id };
}

const MAX_ID_NAME = 120;

/**
 * The new ID for a space's pages in a category: named after the space and
 * keyed by it, so every page of the space that lands in this category shares
 * one ID (allocate_id returns the same ID for the same key), across runs and
 * replicas.
 */
export function newIdRequest(space: SpaceRef, categoryId: string): { category: string; name: string; key: string } {
  const name = (space.name.trim() || space.key).slice(0, MAX_ID_NAME);
  return { category: categoryId, name, key: `confluence-space:${space.key}` };
}
