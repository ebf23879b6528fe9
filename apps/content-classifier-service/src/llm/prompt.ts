import type { JdIndex } from '@emm/jd';
import type { ClassifyInput } from '../classification/classification';
import type { ChatMessage } from './chat-model';
import { fitToTokenBudget } from '../classification/text-budget';

/** Keywords per node in the prompt: enough to show what a category is about, short enough to keep the prompt small. */
const MAX_KEYWORDS = 8;

const INSTRUCTIONS = `You file documents into a personal knowledge base organised with the Johnny.Decimal system.
Choose the one category the document belongs in and, when one fits, an existing ID inside that category.
Use only category and ID numbers listed in the structure below; never invent a number.
When nothing fits well, choose the closest category and give a low confidence.

Answer with one JSON object and nothing else, in exactly this shape:
{"category":"NN","id":"NN.NN or null","confidence":0.0,"alternatives":[{"category":"NN","id":"NN.NN or null","confidence":0.0}],"title":"…","summary":"…","tags":["…"]}

- category: the category number as a string, e.g. "11"
- id: an ID of that category, e.g. "11.01", or null when none fits
- confidence: 0 to 1, how likely the category is right; above 0.9 only when it is clearly right, below 0.5 when unsure or when nothing fits
- alternatives: up to 3 other plausible categories, best first, each with its own confidence
- title: a short descriptive title, at most 80 characters, in the document's language
- summary: one or two sentences, at most 300 characters
- tags: 3 to 6 lowercase keywords`;

const compactStructures = new WeakMap<JdIndex, string>();

/**
 * The structure as the model sees it: one line per category and ID with its
 * name, description and keywords, grouped by area. The review inbox is left
 * out: it is where unsure results go, not a topic.
 */
export function compactStructure(index: JdIndex): string {
  let text = compactStructures.get(index);
  if (text !== undefined) return text;
  const reviewInbox = index.reviewInbox.node.id;
  const lines: string[] = [];
  for (const area of index.areas) {
    lines.push(`${area.id} ${area.name}${area.description ? ` — ${area.description}` : ''}`);
    for (const category of area.categories) {
      lines.push(`  ${describe(category)}`);
      for (const item of category.ids) if (item.id !== reviewInbox) lines.push(`    ${describe(item)}`);
    }
  }
  text = lines.join('\n');
  compactStructures.set(index, text);
  return text;
}

function describe(node: { id: string; name: string; description?: string; keywords: readonly string[] }): string {
  const description = node.description ? ` — ${node.description}` : '';
  const keywords = node.keywords.length > 0 ? ` [${node.keywords.slice(0, MAX_KEYWORDS).join(', ')}]` : '';
  return `${node.id} ${node.name}${description}${keywords}`;
}

/** System message (instructions + structure) and user message (the document, cut to the token budget). */
export function buildPrompt(index: JdIndex, input: ClassifyInput, maxInputTokens: number): ChatMessage[] {
  const { text } = fitToTokenBudget(input.text, maxInputTokens);
  const about = [
    input.title && `Title: ${input.title}`,
    input.fileName && `File name: ${input.fileName}`,
    input.source && `Source: ${input.source}`,
    input.hints && input.hints.length > 0 && `Hints: ${input.hints.join('; ')}`,
  ].filter((line): line is string => typeof line === 'string' && line !== '');
  return [
    { role: 'system', content: `${INSTRUCTIONS}\n\nStructure:\n${compactStructure(index)}` },
    { role: 'user', content: `${about.join('\n')}${about.length > 0 ? '\n' : ''}Document:\n"""\n${text}\n"""` },
  ];
}

/** JSON Schema of the answer, for servers that enforce one (OpenAI json_schema). */
export function answerJsonSchema(index: JdIndex): Record<string, unknown> {
  const categories = index.categories().map((category) => category.id);
  const place = {
    category: { type: 'string', enum: categories },
    id: { type: ['string', 'null'] },
    confidence: { type: 'number', minimum: 0, maximum: 1 },
  };
  return {
    type: 'object',
    properties: {
      ...place,
      alternatives: { type: 'array', maxItems: 3, items: { type: 'object', properties: place, required: ['category', 'confidence'] } },
      title: { type: 'string' },
      summary: { type: 'string' },
      tags: { type: 'array', items: { type: 'string' } },
    },
    required: ['category', 'id', 'confidence', 'title', 'summary', 'tags'],
  };
}
