import { foldText } from '../text';
import { porterStem } from './stem';

/**
 * English function words that say nothing about a topic. Kept short and
 * explicit on purpose: a word missing here costs a little noise, a topic word
 * listed here by mistake would never match.
 */
export const STOP_WORDS: ReadonlySet<string> = new Set([
  'a', 'about', 'after', 'all', 'also', 'am', 'an', 'and', 'any', 'are', 'as', 'at',
  'be', 'been', 'before', 'being', 'both', 'but', 'by',
  'can', 'could', 'did', 'do', 'does', 'doing', 'done',
  'each', 'either', 'etc', 'for', 'from',
  'had', 'has', 'have', 'having', 'he', 'her', 'here', 'hers', 'him', 'his', 'how',
  'i', 'if', 'in', 'into', 'is', 'it', 'its', 'itself', 'just',
  'may', 'me', 'might', 'more', 'most', 'must', 'my',
  'no', 'nor', 'not', 'of', 'off', 'on', 'once', 'only', 'or', 'other', 'our', 'ours', 'out', 'over', 'own',
  'per', 'please', 're', 'same', 'shall', 'she', 'should', 'so', 'some', 'such',
  'than', 'that', 'the', 'their', 'theirs', 'them', 'then', 'there', 'these', 'they', 'this', 'those', 'through', 'to', 'too',
  'under', 'until', 'up', 'us', 'very', 'via',
  'was', 'we', 'were', 'what', 'when', 'where', 'which', 'while', 'who', 'whom', 'why', 'will', 'with', 'would',
  'yet', 'you', 'your', 'yours',
]);

const WORD = /[\p{L}\p{N}]+/gu;
const STEM_CACHE_LIMIT = 20_000;
const stemCache = new Map<string, string>();

function stemCached(word: string): string {
  let stem = stemCache.get(word);
  if (stem === undefined) {
    stem = porterStem(word);
    // Bounded so a stream of unique words cannot grow memory without end.
    if (stemCache.size >= STEM_CACHE_LIMIT) stemCache.clear();
    stemCache.set(word, stem);
  }
  return stem;
}

/** A word kept for matching: its stem and the folded word it came from. */
export interface Token {
  term: string;
  word: string;
}

/**
 * Splits text into searchable tokens in order: folded (lower case, no
 * diacritics), split on anything but letters and digits, stop words and
 * single letters dropped, stemmed.
 */
export function tokenizeWords(text: string): Token[] {
  const tokens: Token[] = [];
  for (const [word] of foldText(text).matchAll(WORD)) {
    if (STOP_WORDS.has(word) || (word.length < 2 && !/\d/.test(word))) continue;
    tokens.push({ term: stemCached(word), word });
  }
  return tokens;
}

/** The terms of `text` in order (see tokenizeWords). */
export function tokenize(text: string): string[] {
  return tokenizeWords(text).map((token) => token.term);
}

/** `2024-03_BankStatement.pdf` → `2024 03 Bank Statement`: file names as words. */
export function fileNameWords(fileName: string): string {
  const base = fileName.split(/[\\/]/).pop() ?? fileName;
  const withoutExtension = base.replace(/\.[A-Za-z0-9]{1,5}$/, '');
  return withoutExtension.replace(/([\p{Ll}\d])(\p{Lu})/gu, '$1 $2').replace(/[_.+-]+/g, ' ');
}
