import { type JdIndex } from '../jd-index';
import { type Phrase, termTableFor, type TermTable } from './term-table';
import { fileNameWords, tokenize } from './tokenize';

export interface ScoreInput {
  /** The body: extracted document text, page content, a bookmark's description. */
  text: string;
  title?: string;
  fileName?: string;
  /** Short strong signals: tags, bookmark folders, a Confluence space name, URL words. */
  hints?: readonly string[];
}

export interface ScoreOptions {
  /** How many results at most (default 10). */
  limit?: number;
}

/** A place the text may belong: a category, or a declared ID in it. */
export interface JdMatch {
  categoryId: string;
  itemId?: string;
  /** 0..1 on the same scale for every text; higher is more certain. */
  score: number;
  /** The keywords and name words that matched, strongest first. */
  matched: string[];
}

/** Words in a title, file name or hint are deliberate; body words are incidental. */
export const INPUT_FIELD_WEIGHTS = { title: 3, fileName: 2.5, hints: 2.5, text: 1 } as const;

// BM25-style saturation: repeating a word helps less and less, and in a long
// body one mention counts for less than in a short one.
const K1 = 1.2;
const B = 0.75;
const TYPICAL_BODY_TOKENS = 250;
/** Evidence at which the score reaches 0.5; maps the open-ended sum onto 0..1. */
const HALF_SCORE_EVIDENCE = 10;
const MAX_MATCHED_LABELS = 10;

interface Field {
  weight: number;
  segments: string[][];
  lengthNormalised: boolean;
}

/**
 * Ranks the categories and IDs of `index` for a text by the user's own words
 * for them: names, keywords (multi-word ones as phrases) and descriptions.
 * Deterministic: the same input gives the same ranking, ties by number.
 */
export function scoreText(index: JdIndex, input: ScoreInput, options: ScoreOptions = {}): JdMatch[] {
  const table = termTableFor(index);
  const fields: Field[] = [
    { weight: INPUT_FIELD_WEIGHTS.title, segments: [tokenize(input.title ?? '')], lengthNormalised: false },
    { weight: INPUT_FIELD_WEIGHTS.fileName, segments: [tokenize(fileNameWords(input.fileName ?? ''))], lengthNormalised: false },
    { weight: INPUT_FIELD_WEIGHTS.hints, segments: (input.hints ?? []).map((hint) => tokenize(hint)), lengthNormalised: false },
    { weight: INPUT_FIELD_WEIGHTS.text, segments: [tokenize(input.text)], lengthNormalised: true },
  ];

  const queryWeights = new Map<string, number>();
  for (const field of fields) {
    const counts = countKnownTerms(field.segments, table);
    const length = field.segments.reduce((sum, segment) => sum + segment.length, 0);
    const k = field.lengthNormalised ? K1 * (1 - B + (B * Math.max(length, TYPICAL_BODY_TOKENS)) / TYPICAL_BODY_TOKENS) : K1;
    for (const [key, tf] of counts) {
      queryWeights.set(key, (queryWeights.get(key) ?? 0) + (field.weight * tf * (K1 + 1)) / (tf + k));
    }
  }

  const evidence = new Float64Array(table.candidates.length);
  const labels = table.candidates.map(() => new Map<string, number>());
  for (const [key, queryWeight] of queryWeights) {
    for (const posting of table.postings.get(key) ?? []) {
      const contribution = queryWeight * posting.weight;
      evidence[posting.candidate] += contribution;
      const candidateLabels = labels[posting.candidate];
      candidateLabels.set(posting.label, (candidateLabels.get(posting.label) ?? 0) + contribution);
    }
  }

  const matches: JdMatch[] = [];
  table.candidates.forEach((candidate, i) => {
    if (evidence[i] <= 0) return;
    const parent = candidate.parent;
    const total = parent === undefined ? evidence[i] : evidence[i] + evidence[parent];
    const matched = parent === undefined ? labels[i] : mergeLabels(labels[i], labels[parent]);
    matches.push({
      categoryId: candidate.categoryId,
      ...(candidate.itemId === undefined ? {} : { itemId: candidate.itemId }),
      score: toScore(total),
      matched: strongestLabels(matched),
    });
  });

  matches.sort(
    (a, b) =>
      b.score - a.score ||
      compareText(a.categoryId, b.categoryId) ||
      compareText(a.itemId ?? '', b.itemId ?? ''),
  );
  return matches.slice(0, Math.max(0, options.limit ?? 10));
}

/** Counts, per field, the terms and phrases the table knows; others cannot score. */
function countKnownTerms(segments: string[][], table: TermTable): Map<string, number> {
  const counts = new Map<string, number>();
  for (const terms of segments) {
    terms.forEach((term, position) => {
      if (table.postings.has(term)) counts.set(term, (counts.get(term) ?? 0) + 1);
      for (const phrase of table.phrasesByFirstTerm.get(term) ?? []) {
        if (phraseAt(terms, position, phrase)) counts.set(phrase.key, (counts.get(phrase.key) ?? 0) + 1);
      }
    });
  }
  return counts;
}

function phraseAt(terms: string[], position: number, phrase: Phrase): boolean {
  if (position + phrase.terms.length > terms.length) return false;
  return phrase.terms.every((term, offset) => terms[position + offset] === term);
}

function toScore(evidence: number): number {
  return Math.round((evidence / (evidence + HALF_SCORE_EVIDENCE)) * 10_000) / 10_000;
}

function mergeLabels(own: Map<string, number>, inherited: Map<string, number>): Map<string, number> {
  const merged = new Map(inherited);
  for (const [label, weight] of own) merged.set(label, (merged.get(label) ?? 0) + weight);
  return merged;
}

function strongestLabels(labels: Map<string, number>): string[] {
  return [...labels]
    .sort(([labelA, a], [labelB, b]) => b - a || compareText(labelA, labelB))
    .slice(0, MAX_MATCHED_LABELS)
    .map(([label]) => label);
}

/** Code-point order, independent of the process locale. */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
