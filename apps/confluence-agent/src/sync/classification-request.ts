import { CLASSIFY_CONTENT_LIMITS, type classifyContentInput } from '@emm/contracts';
import type { z } from 'zod';
import type { PageSummary, SpaceRef } from './page-item';

/**
 * How much of a page the classifier gets. Its verdict rests on the title,
 * the hints and the opening of the text (an LLM sees only its token budget
 * of it); sending megabytes would only cost time.
 */
export const CLASSIFY_TEXT_CHARS = 100_000;

export type ClassifyRequest = z.input<typeof classifyContentInput>;

/** The page as classify_content takes it: its Markdown, title, and the space, labels and ancestors as hints. */
export function classificationRequest(page: PageSummary & { markdown: string }, space: SpaceRef): ClassifyRequest {
  return {
    text: cut(page.markdown, CLASSIFY_TEXT_CHARS),
    title: cut(page.title, 1_000),
    source: 'confluence',
    hints: pageHints(page, space),
  };
}

/** Space name and key, labels, ancestor titles (root first): each once, within the classifier's limits. */
export function pageHints(page: Pick<PageSummary, 'labels' | 'ancestors'>, space: SpaceRef): string[] {
  const candidates = [space.name, space.key, ...page.labels, ...page.ancestors.map((ancestor) => ancestor.title)];
  const hints: string[] = [];
  const seen = new Set<string>();
  for (const candidate of candidates) {
    const hint = candidate === undefined ? '' : cut(candidate.trim(), CLASSIFY_CONTENT_LIMITS.hintLength);
    if (hint === '' || seen.has(hint.toLowerCase())) continue;
    seen.add(hint.toLowerCase());
    hints.push(hint);
    if (hints.length === CLASSIFY_CONTENT_LIMITS.hints) break;
  }
  return hints;
}

/** Cuts at a code point boundary: half a surrogate pair is not text. */
function cut(text: string, maxChars: number): string {
  if (text.length <= maxChars) return text;
  const end = /[\uD800-\uDBFF]/.test(text[maxChars - 1] ?? '') ? maxChars - 1 : maxChars;
  return text.slice(0, end);
}
