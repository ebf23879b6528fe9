import { fileNameWords, foldText, tokenize } from '@emm/jd';

/**
 * Title, summary and tags taken from the document itself (extractive): what
 * the heuristic can offer without a language model, and what a person
 * recognises because they are the document's own words.
 */

const MAX_TITLE_LENGTH = 120;
/** A first line longer than this is prose, not a title: its first sentence is used. */
const SHORT_TITLE_LENGTH = 80;
const MAX_SUMMARY_LENGTH = 300;
const MIN_SUMMARY_LENGTH = 120;
/** The summary comes from the start: the rest of a long document need not be read for it. */
const SUMMARY_SOURCE_LENGTH = 6_000;
const MAX_TAGS = 6;
/** How far into a document a title is looked for. */
const TITLE_SEARCH_LINES = 15;

const HEADER_LINE = /^\s*(?:from|to|cc|bcc|date|sent|reply-to|received|attachments?)\s*:/i;
const SUBJECT_LINE = /^\s*subject\s*:\s*(.+)$/i;
const REPLY_PREFIX = /^(?:(?:re|fw|fwd|aw|wg)\s*:\s*)+/i;
const SALUTATION = /^\s*(?:dear|hi|hello|hey|good (?:morning|afternoon|evening)|to whom it may concern)\b[^.!?]{0,60}[,!:]?\s*$/i;
const HEADING = /^\s{0,3}#{1,6}\s+(.+?)\s*#*\s*$/;
const SEPARATOR = /^\s*(?:[-=_*~]{3,}|\|?[\s:|-]{3,}\|?)\s*$/;
const CHAT_LINE = /^\s*\[\d{1,2}:\d{2}\]/;

/** Markdown emphasis, list markers, quote marks and stray symbols around a line. */
function plainLine(line: string): string {
  return line
    .replace(/^\s*(?:>\s*)+/, '')
    .replace(/^\s*(?:[-*+•]|\d+[.)])\s+(?:\[[ xX]\]\s+)?/, '')
    .replace(/(\*\*|__|`)/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

function letterCount(text: string): number {
  return text.match(/\p{L}/gu)?.length ?? 0;
}

/** Lines of the document without a leading YAML front matter block. */
function contentLines(text: string): string[] {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  if (lines[0]?.trim() === '---') {
    const end = lines.findIndex((line, i) => i > 0 && line.trim() === '---');
    if (end > 0) return lines.slice(end + 1);
  }
  return lines;
}

function shorten(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max - 1);
  const atWord = cut.replace(/\s+\S*$/, '');
  return `${(atWord.length > max * 0.6 ? atWord : cut).replace(/[\s,;:–-]+$/, '')}…`;
}

function isTitleCandidate(line: string): boolean {
  return (
    letterCount(line) >= 3 &&
    !HEADER_LINE.test(line) &&
    !SALUTATION.test(line) &&
    !SEPARATOR.test(line) &&
    !CHAT_LINE.test(line) &&
    !/\{\{[^}]*\}\}/.test(line)
  );
}

/**
 * The title the author declared: an e-mail subject or the first Markdown
 * heading near the top. Unlike a first line (often a letterhead such as
 * "Riverside Food Bank"), it says what the document is about.
 */
export function declaredTitle(text: string): string | undefined {
  const head = contentLines(text).slice(0, TITLE_SEARCH_LINES);
  const subject = head.map((line) => SUBJECT_LINE.exec(line)?.[1]).find((value) => value !== undefined);
  if (subject !== undefined && letterCount(subject) >= 3) return shorten(plainLine(subject.replace(REPLY_PREFIX, '')), MAX_TITLE_LENGTH);
  const heading = head.map((line) => HEADING.exec(line)?.[1]).find((value) => value !== undefined && isTitleCandidate(value));
  return heading === undefined ? undefined : shorten(plainLine(heading), MAX_TITLE_LENGTH);
}

/**
 * A title to show: the declared one, else the first line that reads like a
 * title (not a header, greeting or rule), else the file name's words, else
 * the first words. Undefined when nothing usable is there.
 */
export function deriveTitle(text: string, fileName?: string): string | undefined {
  const declared = declaredTitle(text);
  if (declared !== undefined) return declared;
  const lines = contentLines(text).slice(0, 200);
  for (const line of lines) {
    const plain = plainLine(line);
    if (isTitleCandidate(plain)) return titleFromLine(plain);
  }
  const fromFile = fileName === undefined ? '' : fileNameWords(fileName).replace(/\s+/g, ' ').trim();
  if (letterCount(fromFile) >= 3) return shorten(fromFile, MAX_TITLE_LENGTH);
  // A chat log or a list of fragments: its first words are the best there is.
  for (const line of lines) {
    const plain = plainLine(line.replace(CHAT_LINE, ''));
    if (letterCount(plain) >= 3) return titleFromLine(plain);
  }
  return undefined;
}

/** A line as a title: a long line of prose gives its first sentence, or its start. */
function titleFromLine(line: string): string {
  const text = line.length > SHORT_TITLE_LENGTH ? (sentences(line)[0] ?? line) : line;
  return shorten(text.replace(/[.:,;]+$/, ''), text.length > MAX_TITLE_LENGTH ? SHORT_TITLE_LENGTH : MAX_TITLE_LENGTH);
}

/** Sentence ends: punctuation followed by a capital, a digit or a quote — not `£17.99` or `gov.uk`. */
const SENTENCE_BREAK = /(?<=[.!?]["')\]]?)\s+(?=["'(\p{Lu}\d])/u;

function sentences(paragraph: string): string[] {
  return paragraph
    .split(SENTENCE_BREAK)
    .map((sentence) => sentence.trim())
    .filter((sentence) => sentence !== '');
}

/** Paragraphs: runs of lines that are not headers, headings, greetings, rules or table rows; lazily, in order. */
function* paragraphsOf(text: string, title: string | undefined): Generator<string> {
  const titleKey = title === undefined ? undefined : foldText(title);
  let current: string[] = [];
  for (const raw of contentLines(text.replace(/<!--[\s\S]*?-->/g, ''))) {
    const line = SUBJECT_LINE.test(raw) ? '' : plainLine(raw);
    const isBreak =
      line === '' ||
      HEADER_LINE.test(raw) ||
      HEADING.test(raw) ||
      SEPARATOR.test(raw) ||
      SALUTATION.test(raw) ||
      /\S\s{3,}\S/.test(raw) || // columns of a table or form
      /^\s*```/.test(raw) ||
      // The title line again (folding only lines of about its length).
      (titleKey !== undefined && Math.abs(line.length - titleKey.length) <= 3 && foldText(line.replace(/[.:,;]+$/, '')) === titleKey);
    if (!isBreak) {
      current.push(line);
      continue;
    }
    if (current.length > 0) yield current.join(' ');
    current = [];
  }
  if (current.length > 0) yield current.join(' ');
}

function isProse(paragraph: string): boolean {
  return (paragraph.match(/\p{L}{2,}/gu)?.length ?? 0) >= 6 && letterCount(paragraph) / paragraph.length > 0.6;
}

/**
 * The first sentences of the document's prose, about one to three
 * sentences, at most 300 characters; a document without prose (a form, a
 * table) gets its first lines instead.
 */
export function deriveSummary(text: string, title: string | undefined): string {
  const other: string[] = [];
  let summary = '';
  for (const paragraph of paragraphsOf(text.slice(0, SUMMARY_SOURCE_LENGTH), title)) {
    if (!isProse(paragraph)) {
      other.push(paragraph);
      continue;
    }
    for (const sentence of sentences(paragraph)) {
      const next = `${summary} ${sentence}`.trim();
      if (next.length > MAX_SUMMARY_LENGTH && summary.length > 0) return summary;
      summary = next;
      if (summary.length >= MIN_SUMMARY_LENGTH) return shorten(summary, MAX_SUMMARY_LENGTH);
    }
  }
  if (summary !== '') return shorten(summary, MAX_SUMMARY_LENGTH);
  return shorten(other.join('; '), MAX_SUMMARY_LENGTH);
}

/**
 * Tags from the words that placed the document (strongest first): lower case,
 * hyphenated, distinct. `isTagWorthy` keeps the words a person chose for the
 * structure (names, keywords) and drops incidental description words.
 */
export function deriveTags(matched: readonly string[], isTagWorthy: (label: string) => boolean = () => true): string[] {
  const tags: string[] = [];
  const covered = new Set<string>();
  for (const label of matched) {
    if (!isTagWorthy(label)) continue;
    const tag = foldText(label)
      .replace(/[^\p{L}\p{N}]+/gu, '-')
      .replace(/^-+|-+$/g, '');
    const stems = tokenize(label);
    // "statements" after "statement", or "account statement" after both words, says nothing new.
    if (tag.length < 2 || stems.length === 0 || stems.every((stem) => covered.has(stem))) continue;
    tags.push(tag);
    stems.forEach((stem) => covered.add(stem));
    if (tags.length === MAX_TAGS) break;
  }
  return tags;
}
