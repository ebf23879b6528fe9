import { defineToolContract } from '@emm/mcp/contract';
import { z } from 'zod';

// Tool contract of content-classifier-service: classify_content, shared by the
// service and its callers (agents, bookmark-classifier).

/**
 * What classify_content accepts: callers cut their input to these. The text
 * limit matches the MCP body limit (1 MiB by default) with room for the other fields.
 */
export const CLASSIFY_CONTENT_LIMITS = { textLength: 1_000_000, hints: 50, hintLength: 300 } as const;

const place = z.object({
  id: z.string().describe('JD number, e.g. 11 or 11.01'),
  name: z.string(),
  path: z.string().describe('Vault folder relative to the vault root'),
});

const rankedPlace = z.object({
  category: place,
  item: place.optional().describe('An existing ID in that category, where one fits'),
  score: z.number().describe('0..1'),
});

export const classifyContentInput = z
  .object({
    text: z.string().max(CLASSIFY_CONTENT_LIMITS.textLength).describe('The document text (extracted from a file, a page, a bookmark description)'),
    title: z.string().max(1_000).optional().describe('The document title, when it has one'),
    file_name: z.string().max(1_000).optional().describe('Original file name, e.g. 2024-03_statement.pdf'),
    source: z.string().max(100).optional().describe('Where the document comes from: file, bookmark, confluence, …'),
    hints: z
      .array(z.string().max(CLASSIFY_CONTENT_LIMITS.hintLength))
      .max(CLASSIFY_CONTENT_LIMITS.hints)
      .optional()
      .describe('Short strong signals such as a bookmark folder, tags or a Confluence space name'),
  })
  .refine((args) => [args.text, args.title, args.file_name].some((value) => value !== undefined && /[\p{L}\p{N}]/u.test(value)), {
    message: 'give some words to classify in text, title or file_name',
    path: ['text'],
  });

export const classifyContentOutput = z.object({
  category: place.nullable().describe('Best category; null when nothing in the structure fits at all'),
  item: place.nullable().describe('Best existing ID in that category, where one fits'),
  alternatives: z.array(rankedPlace).describe('Other candidate categories with their scores, best first'),
  confidence: z.number().min(0).max(1).describe('0..1: how sure the provider is about the category'),
  needs_review: z.boolean().describe('true when confidence is below CLASSIFY_REVIEW_THRESHOLD or nothing fits: a person should decide'),
  destination: place.describe('Where to file it: the item or category, or the review inbox when needs_review'),
  title: z.string().describe('Suggested title'),
  summary: z.string().describe('A short summary'),
  tags: z.array(z.string()),
  provider: z.enum(['heuristic', 'ollama', 'openai']).describe('Which provider decided'),
  model: z.string(),
  fallback: z
    .object({
      from: z.enum(['ollama', 'openai', 'heuristic']),
      reason: z.enum(['timeout', 'rate_limited', 'unreachable', 'http_error', 'malformed_json', 'invalid_answer', 'unknown_category']),
      detail: z.string(),
    })
    .optional()
    .describe('Set when the configured LLM was not used and the heuristic decided, with the reason'),
  structure_version: z.string().describe('Version of the JD structure classified against'),
  cached: z.boolean().describe('true when identical content was classified before'),
});

const classifyContent = defineToolContract({
  service: 'content-classifier',
  name: 'classify_content',
  input: classifyContentInput,
  output: classifyContentOutput,
});

/** The tool of content-classifier-service: `client.call(contentClassifier.classifyContent, { text })`. */
export const contentClassifier = { classifyContent } as const;
