/**
 * How sure the heuristic is, 0..1, from two things a person would look at:
 *
 * - separation: how far the best category leads the runner-up. Scores of
 *   IDs include their category's, so categories are compared by their best
 *   match; a near tie means the document could as well be the other thing.
 * - support: how many different words and keywords of the category the
 *   document used. One coincidental word ("fine", "present") is weak
 *   evidence however clear the lead.
 *
 * confidence = (1 − e^(−gap / 0.08)) × (1 − e^(−terms / 2))
 *
 * Calibrated on the labelled sample set (test/fixtures/samples): with the
 * default review threshold of 0.5, a gap below ≈ 0.06 or fewer than three
 * supporting terms sends a document to review.
 */
const GAP_SCALE = 0.08;
const TERM_SCALE = 2;

export interface ConfidenceEvidence {
  /** Best score of each category, best first. */
  scores: readonly number[];
  /** Distinct words and keywords that matched the best category. */
  supportingTerms: number;
}

export function confidenceOf({ scores, supportingTerms }: ConfidenceEvidence): number {
  const [top = 0, second = 0] = scores;
  if (top <= 0 || supportingTerms <= 0) return 0;
  const separation = 1 - Math.exp(-(top - second) / GAP_SCALE);
  const support = 1 - Math.exp(-supportingTerms / TERM_SCALE);
  return Math.round(separation * support * 1000) / 1000;
}
