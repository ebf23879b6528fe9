/**
 * What the shape of a document says besides its words. Dates, amounts and
 * reference numbers carry no topic words but tell a lot (and as raw digits
 * they only add noise to word matching); code, placeholders and ingredient
 * quantities give a document's kind away even when it never names it.
 */
export interface DocumentSignals {
  /** The text with dates, times, amounts and long numbers blanked out, for word matching. */
  text: string;
  /** Words the document's kind implies, e.g. `code` for a snippet; fed to the scorer as hints. */
  kindWords: string[];
  counts: SignalCounts;
}

export interface SignalCounts {
  dates: number;
  amounts: number;
  /** Lines holding both a date and an amount: the rows of a statement or ledger. */
  ledgerRows: number;
  codeLines: number;
  placeholders: number;
  quantities: number;
}

const MONTH = '(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\\.?';
const DATE_PATTERNS = [
  /\b\d{4}-\d{1,2}-\d{1,2}\b/g,
  /\b\d{1,2}[./-]\d{1,2}[./-]\d{2,4}\b/g,
  /\b\d{1,2}\.\d{1,2}\.(?!\d)/g,
  new RegExp(`\\b\\d{1,2}(?:st|nd|rd|th)?\\s+${MONTH}(?:\\s+\\d{4})?(?![a-z])`, 'gi'),
  new RegExp(`\\b${MONTH}\\s+\\d{1,2}(?:st|nd|rd|th)?(?:,?\\s+\\d{4})?\\b`, 'gi'),
];
const AMOUNT_PATTERNS = [
  /[£$€¥]\s?[-+]?\d[\d,.' ]*\d(?:\.\d+)?|[£$€¥]\s?\d/g,
  /[-+]?\b\d[\d,.']*\d\s?(?:EUR|USD|GBP|CHF|SEK|NOK|DKK|PLN)\b/g,
  /[-+]?\b\d{1,3}(?:,\d{3})+(?:\.\d{1,2})?\b/g,
  /[-+]?\b\d+\.\d{2}\b/g,
];
/** One pass each: the alternatives of a pattern list, tried left to right at every position. */
function anyOf(patterns: readonly RegExp[], flags: string): RegExp {
  return new RegExp(patterns.map((pattern) => `(?:${pattern.source})`).join('|'), flags);
}
const DATE = anyOf(DATE_PATTERNS, 'gi');
const AMOUNT = anyOf(AMOUNT_PATTERNS, 'gi');
const TIME = /\b\d{1,2}:\d{2}(?::\d{2})?\s*(?:am|pm)?\b/gi;
const PERCENT = /\b\d+(?:[.,]\d+)?\s?%/g;
/**
 * Numbers standing on their own (account and order numbers, years, counts).
 * Numbers glued to letters or joined by `:`/`-` stay: `P60`, `401k`, `W-2`, `1:1` are words.
 */
const BARE_NUMBER = /(?<![\p{L}\d:\-])\d+(?:[.,]\d+)*(?![\p{L}\d:])/gu;

const CODE_LINE = [
  /[;{]\s*$/,
  /^\s*[}\])]/,
  /=>|===|!==|&&|\|\||::|->|:=|\+=/,
  /^\s*(?:import|export|const|let|var|def|class|function|return|async|await|public|private|package|fn|func)\b/,
  /^\s*(?:if|for|while|switch)\s*\(/,
  /^\s*(?:SELECT|INSERT|UPDATE|DELETE|CREATE|ALTER|FROM|WHERE|JOIN|GROUP BY|ORDER BY)\b/,
  /^\s*(?:\$\s+)?(?:git|npm|pnpm|yarn|pip|docker|kubectl|helm|curl|sudo|apt|brew|cd|ls|grep|ssh)\s+[-\w./]/,
  /\b[A-Za-z_][\w.]*\([^()\n]*\)\s*[:;]?\s*$/,
  /^\s*\w+\s*=\s*[\w.]+\(/,
];
const CODE_LINE_ANY = anyOf(CODE_LINE, '');
const FENCE = /^\s*(?:```|~~~)/;

/** `{{date}}`, `[Your name]`: gaps a person fills in. Checkboxes and Markdown links are not placeholders. */
const CURLY_PLACEHOLDER = /\{\{[^{}\n]{1,60}\}\}/g;
const SQUARE_PLACEHOLDER = /\[(?=[^\]\n]*\p{L}{2})[^\]\n]{2,60}\](?!\()/gu;

const QUANTITY =
  /(?:\b\d+(?:[.,/]\d+)?|[½¼¾⅓⅔])\s?(?:g|kg|mg|ml|l|tbsp|tsp|tablespoons?|teaspoons?|cups?|oz|lb|pinch|cloves?)\b/gi;

/** Thresholds at which a count becomes a statement about the document's kind. */
const KIND_RULES: Array<{ words: string[]; applies: (counts: SignalCounts) => boolean }> = [
  { words: ['code', 'programming'], applies: (c) => c.codeLines >= 3 },
  { words: ['template'], applies: (c) => c.placeholders >= 4 },
  { words: ['recipe', 'ingredients'], applies: (c) => c.quantities >= 3 },
  { words: ['statement', 'balance'], applies: (c) => c.ledgerRows >= 4 },
  { words: ['money'], applies: (c) => c.amounts >= 3 },
];

export function analyseDocument(text: string): DocumentSignals {
  const lines = text.split(/\r?\n/);
  const counts: SignalCounts = {
    dates: 0,
    amounts: 0,
    ledgerRows: 0,
    codeLines: countCodeLines(lines),
    placeholders: countMatches(text, CURLY_PLACEHOLDER) * 2 + countMatches(text, SQUARE_PLACEHOLDER),
    quantities: countMatches(text, QUANTITY),
  };

  const masked = lines.map((line) => {
    // Every pattern needs a digit; most prose lines have none.
    if (!/\d/.test(line)) return line;
    let dates = 0;
    let amounts = 0;
    const current = line
      .replace(DATE, () => (dates++, ' '))
      .replace(TIME, ' ')
      .replace(PERCENT, ' ')
      .replace(AMOUNT, () => (amounts++, ' '))
      .replace(BARE_NUMBER, ' ');
    counts.dates += dates;
    counts.amounts += amounts;
    if (dates > 0 && amounts > 0) counts.ledgerRows++;
    return current;
  });

  const kindWords = KIND_RULES.filter((rule) => rule.applies(counts)).flatMap((rule) => rule.words);
  return { text: masked.join('\n'), kindWords, counts };
}

function countMatches(text: string, pattern: RegExp): number {
  return text.match(pattern)?.length ?? 0;
}

function countCodeLines(lines: string[]): number {
  let count = 0;
  let inFence = false;
  for (const line of lines) {
    if (FENCE.test(line)) {
      inFence = !inFence;
      continue;
    }
    if (line.trim() === '') continue;
    if (inFence || CODE_LINE_ANY.test(line)) count++;
  }
  return count;
}
