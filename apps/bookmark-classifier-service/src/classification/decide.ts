import { SIGNAL_SOURCES } from '@emm/contracts';

/** Where a piece of evidence about a bookmark's place comes from. */
export type SignalSource = (typeof SIGNAL_SOURCES)[number];

/** One piece of evidence: "this bookmark belongs in category 41 (maybe ID 41.03), this sure". */
export interface Signal {
  source: SignalSource;
  categoryId: string;
  itemId?: string;
  /** 0..1 */
  score: number;
  /** What made it: the rule, the folder, the provider. */
  detail: string;
}

export interface Decision {
  categoryId: string;
  itemId?: string;
  /** 0..1 */
  confidence: number;
  /** Other categories the evidence pointed to, most likely first. */
  rivals: Array<{ categoryId: string; score: number }>;
}

/**
 * How much a rival category takes off the winner: equally strong evidence
 * for two places (0.85 each) leaves about 0.42, below the usual review
 * threshold of 0.5; a weak rival (0.3) costs a strong winner a fifth.
 */
const CONFLICT_DISCOUNT = 0.6;

/**
 * Combines evidence per category as independent votes (noisy-OR: 1 − Π(1 − s)),
 * so agreeing sources raise the certainty and no single one can exceed 1.
 * The winner's confidence is then discounted by the strongest rival, so
 * conflicting evidence (a recipe on github.com) ends up in review rather than
 * in a confident wrong place. With one source only, its score is the
 * confidence: content-classifier's judgement passes through unchanged.
 *
 * The ID inside the winning category comes from the most direct source that
 * names one (a numbered folder, then a domain rule, then the content, then a
 * folder's name).
 */
export function decide(signals: readonly Signal[]): Decision | undefined {
  const byCategory = new Map<string, number>();
  for (const signal of signals) {
    const score = clamp(signal.score);
    if (score === 0) continue;
    const doubt = 1 - (byCategory.get(signal.categoryId) ?? 0);
    byCategory.set(signal.categoryId, 1 - doubt * (1 - score));
  }
  const ranked = [...byCategory]
    .map(([categoryId, score]) => ({ categoryId, score }))
    .sort((a, b) => b.score - a.score || strongestSource(signals, a.categoryId) - strongestSource(signals, b.categoryId));
  const [winner, ...rivals] = ranked;
  if (!winner) return undefined;
  const confidence = winner.score * (1 - CONFLICT_DISCOUNT * (rivals[0]?.score ?? 0));
  const itemId = [...signals]
    .filter((signal) => signal.categoryId === winner.categoryId && signal.itemId !== undefined && signal.score > 0)
    .sort((a, b) => SIGNAL_SOURCES.indexOf(a.source) - SIGNAL_SOURCES.indexOf(b.source))[0]?.itemId;
  return {
    categoryId: winner.categoryId,
    ...(itemId !== undefined && { itemId }),
    confidence: round(confidence),
    rivals: rivals.map((rival) => ({ categoryId: rival.categoryId, score: round(rival.score) })),
  };
}

/** Ties go to the category backed by the most direct kind of evidence. */
function strongestSource(signals: readonly Signal[], categoryId: string): number {
  return Math.min(...signals.filter((signal) => signal.categoryId === categoryId).map((signal) => SIGNAL_SOURCES.indexOf(signal.source)));
}

function clamp(score: number): number {
  return Number.isFinite(score) ? Math.min(1, Math.max(0, score)) : 0;
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
