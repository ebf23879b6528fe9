import type { classifyContentOutput } from '@emm/contracts';
import type { z } from 'zod';

export type Classification = z.output<typeof classifyContentOutput>;

/** A JD place as the classifier names it. */
interface Place {
  id: string;
  name: string;
  path: string;
}

/**
 * Where a file's note should go, before jd-classifier has confirmed it:
 * - `id`: an existing JD ID the classifier chose;
 * - `allocate`: the category fits but none of its IDs does, so a new ID is
 *   allocated in it (one per category and name: every such file of a category
 *   lands in the same new ID, rather than one ID per file);
 * - `review`: a person decides (the review inbox), with the reason and the
 *   classifier's best guess.
 */
export type Placement =
  | { kind: 'id'; id: string; category: Place }
  | { kind: 'allocate'; category: Place; name: string; key: string }
  | { kind: 'review'; reason: string; suggestion?: Place };

/**
 * allocate_id's idempotency key: the same category and name always give the
 * same ID, across runs and replicas, so the second "Imported files" of a
 * category reuses the first one's ID.
 */
export function allocationKey(name: string): string {
  return `file-import:${name.trim().toLowerCase()}`;
}

export function choosePlacement(classification: Classification, options: { newIdName: string; reviewReason?: string }): Placement {
  const { category, item } = classification;
  const suggestion = item ?? category ?? undefined;
  if (options.reviewReason !== undefined) return { kind: 'review', reason: options.reviewReason, ...(suggestion && { suggestion }) };
  if (category === null) return { kind: 'review', reason: 'nothing in the JD structure fits' };
  if (classification.needs_review) {
    return { kind: 'review', reason: `the classifier is not sure (confidence ${roundConfidence(classification.confidence)})`, suggestion: item ?? category };
  }
  if (item !== null) return { kind: 'id', id: item.id, category };
  return { kind: 'allocate', category, name: options.newIdName, key: allocationKey(options.newIdName) };
}

/** Confidence as notes show it: 0..1 with two decimals. */
export function roundConfidence(confidence: number): number {
  return Math.round(Math.min(1, Math.max(0, confidence)) * 100) / 100;
}
