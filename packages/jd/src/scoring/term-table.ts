import { type JdIndex } from '../jd-index';
import { tokenizeWords } from './tokenize';

/**
 * How much a node's words say about it. Names and keywords are chosen by the
 * user to describe the node; descriptions are prose; area words are shared by
 * all categories of the area and so weak evidence for any one of them.
 */
export const NODE_FIELD_WEIGHTS = {
  name: 3,
  keyword: 2.5,
  /** A multi-word keyword found as a phrase. */
  phrase: 3.5,
  /** One word of a multi-word keyword found on its own. */
  phraseWord: 0.75,
  description: 0.6,
  areaWord: 0.75,
  areaDescription: 0.25,
} as const;

/** Something the scorer can rank: a category, or a declared ID inside one. */
export interface ScoringCandidate {
  categoryId: string;
  itemId?: string;
  /** For an ID: the candidate index of its category. */
  parent?: number;
}

export interface Posting {
  candidate: number;
  /** Node field weight × how rare the term is among candidates. */
  weight: number;
  /** What the user wrote that produced this term (a keyword, a name word). */
  label: string;
}

export interface Phrase {
  key: string;
  terms: string[];
}

/** Precomputed postings for one JdIndex; see termTableFor. */
export interface TermTable {
  candidates: ScoringCandidate[];
  /** Term (`bank`) or phrase key (`monthli statement`) → who mentions it. */
  postings: Map<string, Posting[]>;
  /** Phrases by their first term, to find them while walking a token stream. */
  phrasesByFirstTerm: Map<string, Phrase[]>;
}

const tables = new WeakMap<JdIndex, TermTable>();

/** The term table of an index, built on first use and kept as long as the index. */
export function termTableFor(index: JdIndex): TermTable {
  let table = tables.get(index);
  if (table === undefined) {
    table = buildTermTable(index);
    tables.set(index, table);
  }
  return table;
}

interface Evidence {
  weight: number;
  label: string;
}

function buildTermTable(index: JdIndex): TermTable {
  const candidates: ScoringCandidate[] = [];
  // key → candidate → strongest evidence (a word in both name and keywords counts once).
  const evidence = new Map<string, Map<number, Evidence>>();
  const phrases = new Map<string, Phrase>();

  const note = (key: string, candidate: number, weight: number, label: string): void => {
    let byCandidate = evidence.get(key);
    if (byCandidate === undefined) evidence.set(key, (byCandidate = new Map()));
    const current = byCandidate.get(candidate);
    if (current === undefined || weight > current.weight) byCandidate.set(candidate, { weight, label });
  };
  const noteWords = (candidate: number, text: string | undefined, weight: number): void => {
    for (const token of tokenizeWords(text ?? '')) note(token.term, candidate, weight, token.word);
  };
  const noteKeyword = (candidate: number, keyword: string, weight: number): void => {
    const tokens = tokenizeWords(keyword);
    if (tokens.length === 0) return;
    if (tokens.length === 1) {
      note(tokens[0].term, candidate, weight, keyword);
      return;
    }
    const terms = tokens.map((token) => token.term);
    const key = terms.join(' ');
    if (!phrases.has(key)) phrases.set(key, { key, terms });
    note(key, candidate, NODE_FIELD_WEIGHTS.phrase, keyword);
    for (const token of tokens) note(token.term, candidate, NODE_FIELD_WEIGHTS.phraseWord, token.word);
  };

  const reviewInboxId = index.structure.settings.reviewInbox;
  for (const area of index.areas) {
    for (const category of area.categories) {
      const categoryCandidate = candidates.push({ categoryId: category.id }) - 1;
      noteWords(categoryCandidate, area.name, NODE_FIELD_WEIGHTS.areaWord);
      for (const keyword of area.keywords) noteWords(categoryCandidate, keyword, NODE_FIELD_WEIGHTS.areaWord);
      noteWords(categoryCandidate, area.description, NODE_FIELD_WEIGHTS.areaDescription);
      noteWords(categoryCandidate, category.name, NODE_FIELD_WEIGHTS.name);
      for (const keyword of category.keywords) noteKeyword(categoryCandidate, keyword, NODE_FIELD_WEIGHTS.keyword);
      noteWords(categoryCandidate, category.description, NODE_FIELD_WEIGHTS.description);

      for (const item of category.ids) {
        // The review inbox is where unsure results go, not a topic to match.
        if (item.id === reviewInboxId) continue;
        const itemCandidate = candidates.push({ categoryId: category.id, itemId: item.id, parent: categoryCandidate }) - 1;
        noteWords(itemCandidate, item.name, NODE_FIELD_WEIGHTS.name);
        for (const keyword of item.keywords) noteKeyword(itemCandidate, keyword, NODE_FIELD_WEIGHTS.keyword);
        noteWords(itemCandidate, item.description, NODE_FIELD_WEIGHTS.description);
      }
    }
  }

  // Rarity among candidates, scaled to 0..1 so weights stay comparable
  // between small and large structures. Phrases are specific by nature.
  const normaliser = Math.log(1 + candidates.length);
  const postings = new Map<string, Posting[]>();
  for (const [key, byCandidate] of evidence) {
    const rarity = phrases.has(key) ? 1 : Math.log(1 + candidates.length / byCandidate.size) / normaliser;
    postings.set(
      key,
      [...byCandidate].map(([candidate, { weight, label }]) => ({ candidate, weight: weight * rarity, label })),
    );
  }

  const phrasesByFirstTerm = new Map<string, Phrase[]>();
  for (const phrase of phrases.values()) {
    const list = phrasesByFirstTerm.get(phrase.terms[0]);
    if (list) list.push(phrase);
    else phrasesByFirstTerm.set(phrase.terms[0], [phrase]);
  }
  return { candidates, postings, phrasesByFirstTerm };
}
