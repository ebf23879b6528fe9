import { type JdIndex } from '@emm/jd';
import { z } from 'zod';
import type { FallbackReason, RankedPlace } from '../classification/classification';
import { placeOf } from '../heuristic/heuristic-classifier';

const MAX_TITLE = 120;
const MAX_SUMMARY = 400;
const MAX_TAGS = 8;
const MAX_ALTERNATIVES = 3;

/** A JD number as models write it: "11", 11, "11.01" or 11.01 (a number loses a trailing zero, so 11.1 is read as 11.10). */
const jdNumber = z.union([z.string(), z.number()]).transform((value) => {
  if (typeof value === 'string') return value.trim();
  return Number.isInteger(value) ? String(value).padStart(2, '0') : value.toFixed(2).padStart(5, '0');
});
/** Models say 0.8, 80 or "0.8"; all mean the same. */
const confidence = z.union([z.number(), z.string().regex(/^\s*\d+(\.\d+)?\s*%?\s*$/).transform((text) => Number.parseFloat(text))]).transform((value, ctx) => {
  const scaled = value > 1 && value <= 100 ? value / 100 : value;
  if (!(scaled >= 0 && scaled <= 1)) {
    ctx.addIssue({ code: 'custom', message: 'must be between 0 and 1' });
    return z.NEVER;
  }
  return scaled;
});

const placeSchema = z.object({
  category: jdNumber,
  id: jdNumber.nullish(),
  confidence,
});

const answerSchema = placeSchema.extend({
  alternatives: z.array(z.unknown()).nullish(),
  title: z.string().nullish(),
  summary: z.string().nullish(),
  tags: z.array(z.unknown()).nullish(),
});

/** The parts of a classification a model answered with, checked against the structure. */
export interface ModelVerdict {
  best: RankedPlace;
  alternatives: RankedPlace[];
  confidence: number;
  title?: string;
  summary?: string;
  tags: string[];
}

export type AnswerReading = { ok: true; verdict: ModelVerdict } | { ok: false; reason: FallbackReason; detail: string };

/**
 * Reads a model's answer: JSON (tolerating a Markdown fence or words around
 * the object), the expected fields, and numbers that exist in the structure.
 * An invented category is refused; an ID that is not in the chosen category
 * is dropped (the category alone is still a sound answer).
 */
export function readAnswer(content: string, index: JdIndex): AnswerReading {
  const json = parseJsonObject(content);
  if (json === undefined) return { ok: false, reason: 'malformed_json', detail: `the answer is not a JSON object: ${preview(content)}` };
  const parsed = answerSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, reason: 'invalid_answer', detail: `${issue.path.join('.') || 'answer'}: ${issue.message}` };
  }
  const answer = parsed.data;
  const best = toPlace(index, answer.category, answer.id ?? undefined, answer.confidence);
  if (best === undefined) {
    return { ok: false, reason: 'unknown_category', detail: `category "${answer.category}" is not in the JD structure` };
  }
  const alternatives: RankedPlace[] = [];
  for (const raw of answer.alternatives ?? []) {
    const alternative = placeSchema.safeParse(raw);
    if (!alternative.success) continue;
    const place = toPlace(index, alternative.data.category, alternative.data.id ?? undefined, alternative.data.confidence);
    const seen = [best, ...alternatives].some((known) => known.category.id === place?.category.id);
    if (place !== undefined && !seen) alternatives.push(place);
    if (alternatives.length === MAX_ALTERNATIVES) break;
  }
  return {
    ok: true,
    verdict: {
      best,
      alternatives,
      confidence: answer.confidence,
      title: cleanText(answer.title, MAX_TITLE),
      summary: cleanText(answer.summary, MAX_SUMMARY),
      tags: cleanTags(answer.tags ?? []),
    },
  };
}

function toPlace(index: JdIndex, categoryId: string, itemId: string | undefined, score: number): RankedPlace | undefined {
  const category = index.getCategory(categoryId);
  if (category === undefined) return undefined;
  const isOwnItem = itemId !== undefined && itemId !== index.reviewInbox.node.id && category.ids.some((item) => item.id === itemId);
  return {
    category: placeOf(index, category.id),
    ...(isOwnItem && { item: placeOf(index, itemId) }),
    score: Math.round(score * 1000) / 1000,
  };
}

/** The JSON object in a model's answer: the whole text, or the outermost `{…}` inside fences or prose. */
function parseJsonObject(content: string): unknown {
  const attempts = [content.trim()];
  const start = content.indexOf('{');
  const end = content.lastIndexOf('}');
  if (start >= 0 && end > start) attempts.push(content.slice(start, end + 1));
  for (const attempt of attempts) {
    try {
      const value: unknown = JSON.parse(attempt);
      if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value;
    } catch {
      // try the next reading
    }
  }
  return undefined;
}

function cleanText(value: string | null | undefined, max: number): string | undefined {
  const text = value?.replace(/\s+/g, ' ').trim();
  if (text === undefined || text === '') return undefined;
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

function cleanTags(values: readonly unknown[]): string[] {
  const tags: string[] = [];
  for (const value of values) {
    if (typeof value !== 'string') continue;
    const tag = value.toLowerCase().trim().replace(/^#/, '').replace(/\s+/g, '-').slice(0, 40);
    if (tag !== '' && !tags.includes(tag)) tags.push(tag);
    if (tags.length === MAX_TAGS) break;
  }
  return tags;
}

function preview(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 120 ? `${flat.slice(0, 120)}…` : flat === '' ? '(empty)' : flat;
}
