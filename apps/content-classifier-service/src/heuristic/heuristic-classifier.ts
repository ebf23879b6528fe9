import { foldText, type JdIndex, type JdMatch, scoreText, tokenize } from '@emm/jd';
import type { ClassifyInput, PlaceRef, ProviderDecision, RankedPlace } from '../classification/classification';
import { fitToTokenBudget } from '../classification/text-budget';
import { confidenceOf } from './confidence';
import { analyseDocument } from './document-signals';
import { declaredTitle, deriveSummary, deriveTags, deriveTitle } from './extract';
import { relatedTopicWords } from './related-terms';

export const HEURISTIC_MODEL = 'jd-scorer-v1';
const MAX_ALTERNATIVES = 4;
/** Every candidate: categories are compared by their best match, so none may be cut off. */
const ALL_MATCHES = 10_000;
/** An ID is proposed only when its own words add at least this much over its category. */
const MIN_ITEM_LEAD = 0.01;
/** Very long documents are read as head + tail (≈ 100k characters), like the LLM prompt: their middle adds time, not signal. */
const MAX_HEURISTIC_TOKENS = 25_000;

/** One category's standing: its best match (itself or one of its IDs). */
export interface CategoryStanding {
  categoryId: string;
  score: number;
  /** The category's own score, without any ID's words. */
  categoryScore: number;
  /** The best-scoring declared ID of the category, if any matched. */
  item?: JdMatch;
  matched: string[];
}

/**
 * The offline classifier: the `@emm/jd` scorer fed with what makes it work
 * on real documents — the document's own title, numbers blanked out, kind
 * signals (code, template, recipe, ledger) and related everyday words — and
 * a confidence judged by how clearly one category leads the others.
 * Deterministic and network-free.
 */
export function classifyHeuristically(index: JdIndex, fullInput: ClassifyInput): ProviderDecision {
  const input = { ...fullInput, text: fitToTokenBudget(fullInput.text, MAX_HEURISTIC_TOKENS).text };
  const standings = rankCategories(index, input);
  const title = cleanTitle(input.title) ?? deriveTitle(input.text, input.fileName) ?? 'Untitled';
  const base = { title, summary: deriveSummary(input.text, title), provider: 'heuristic' as const, model: HEURISTIC_MODEL };
  const [first] = standings;
  if (first === undefined) return { ...base, alternatives: [], confidence: 0, tags: [] };
  return {
    ...base,
    best: toRankedPlace(index, first),
    alternatives: standings.slice(1, 1 + MAX_ALTERNATIVES).map((standing) => toRankedPlace(index, standing)),
    confidence: confidenceOf({ scores: standings.map((standing) => standing.score), supportingTerms: distinctStems(first.matched) }),
    tags: deriveTags(first.matched, (label) => structureVocabulary(index).has(foldText(label))),
  };
}

/**
 * Categories that matched at all, best first. The title weighs above the
 * body: the given one, else the one the author declared (a subject, a
 * heading) — not a first line, which is as often a letterhead as a title.
 */
export function rankCategories(index: JdIndex, input: ClassifyInput): CategoryStanding[] {
  const title = cleanTitle(input.title) ?? declaredTitle(input.text);
  const body = analyseDocument(input.text);
  const maskedTitle = title === undefined ? undefined : analyseDocument(title).text;
  const related = relatedTopicWords(tokenize(`${maskedTitle ?? ''}\n${body.text}`));
  const matches = scoreText(
    index,
    {
      text: related.length > 0 ? `${body.text}\n${related.join(' ')}` : body.text,
      title: maskedTitle,
      fileName: input.fileName,
      hints: [...(input.hints ?? []), ...(body.kindWords.length > 0 ? [body.kindWords.join(' ')] : [])],
    },
    { limit: ALL_MATCHES },
  );

  const byCategory = new Map<string, CategoryStanding>();
  for (const match of matches) {
    let standing = byCategory.get(match.categoryId);
    if (standing === undefined) {
      standing = { categoryId: match.categoryId, score: match.score, categoryScore: 0, matched: match.matched };
      byCategory.set(match.categoryId, standing);
    }
    if (match.itemId === undefined) standing.categoryScore = match.score;
    else if (standing.item === undefined) standing.item = match;
  }
  const standings = [...byCategory.values()];
  for (const standing of standings) {
    if (standing.item !== undefined && standing.item.score - standing.categoryScore < MIN_ITEM_LEAD) standing.item = undefined;
  }
  return standings;
}

function toRankedPlace(index: JdIndex, standing: CategoryStanding): RankedPlace {
  const category = placeOf(index, standing.categoryId);
  const item = standing.item?.itemId === undefined ? undefined : placeOf(index, standing.item.itemId);
  return { category, ...(item !== undefined && { item }), score: standing.score };
}

export function placeOf(index: JdIndex, id: string): PlaceRef {
  const entry = index.lookup(id);
  if (entry === undefined) throw new Error(`${id} is not declared in the JD structure`);
  return { id: entry.node.id, name: entry.node.name, path: entry.path };
}

/** "fines" and "fine" are one piece of evidence, not two. */
function distinctStems(labels: readonly string[]): number {
  return new Set(labels.flatMap((label) => tokenize(label))).size;
}

function cleanTitle(title: string | undefined): string | undefined {
  const trimmed = title?.replace(/\s+/g, ' ').trim();
  return trimmed === undefined || trimmed === '' ? undefined : trimmed;
}

const vocabularies = new WeakMap<JdIndex, Set<string>>();

/** The names, name words and keywords of a structure (folded): words a person chose, fit to be tags. */
function structureVocabulary(index: JdIndex): Set<string> {
  let vocabulary = vocabularies.get(index);
  if (vocabulary === undefined) {
    vocabulary = new Set();
    const add = (node: { name: string; keywords: readonly string[] }) => {
      for (const phrase of [node.name, ...node.keywords]) {
        const folded = foldText(phrase).trim();
        vocabulary?.add(folded);
        for (const word of folded.split(/[^\p{L}\p{N}]+/u)) if (word !== '') vocabulary?.add(word);
      }
    };
    for (const area of index.areas) {
      add(area);
      for (const category of area.categories) {
        add(category);
        category.ids.forEach(add);
      }
    }
    vocabularies.set(index, vocabulary);
  }
  return vocabulary;
}
