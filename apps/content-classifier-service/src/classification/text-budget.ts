/**
 * Long documents cut to fit a model's context: the head (what it is: title,
 * parties, subject) and the tail (totals, signatures, conclusions) both
 * carry the signal, the middle least. Tokens are estimated at four
 * characters each, which holds for English prose with common tokenizers.
 */
export const CHARS_PER_TOKEN = 4;
const HEAD_SHARE = 2 / 3;
/** How far back from a cut a word or line boundary is looked for. */
const BOUNDARY_SLACK = 200;

export interface BudgetedText {
  text: string;
  /** Characters left out from the middle (0 when the text fit). */
  omittedChars: number;
}

export function estimateTokens(text: string): number {
  return Math.ceil(text.length / CHARS_PER_TOKEN);
}

export function fitToTokenBudget(text: string, maxTokens: number): BudgetedText {
  const maxChars = maxTokens * CHARS_PER_TOKEN;
  if (text.length <= maxChars) return { text, omittedChars: 0 };
  const headEnd = boundaryBefore(text, Math.floor(maxChars * HEAD_SHARE));
  const tailStart = boundaryAfter(text, text.length - (maxChars - headEnd));
  const omittedChars = tailStart - headEnd;
  return {
    text: `${text.slice(0, headEnd).trimEnd()}\n\n[… ${omittedChars} characters omitted …]\n\n${text.slice(tailStart).trimStart()}`,
    omittedChars,
  };
}

/** The last line break (else space) at or before `index`, within reach. */
function boundaryBefore(text: string, index: number): number {
  const window = text.slice(Math.max(0, index - BOUNDARY_SLACK), index);
  const at = Math.max(window.lastIndexOf('\n'), window.lastIndexOf(' '));
  return at < 0 ? index : index - window.length + at;
}

/** The first line break (else space) at or after `index`, within reach. */
function boundaryAfter(text: string, index: number): number {
  const window = text.slice(index, index + BOUNDARY_SLACK);
  const candidates = [window.indexOf('\n'), window.indexOf(' ')].filter((at) => at >= 0);
  return candidates.length === 0 ? index : index + Math.min(...candidates) + 1;
}
