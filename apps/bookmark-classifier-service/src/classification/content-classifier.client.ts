import { Injectable } from '@nestjs/common';
import { InjectMcpClient, McpCallError, type McpClient } from '@emm/mcp';
import { z } from 'zod';
import type { ContentClassification, ContentClassificationRequest, ContentClassifier } from './content-classifier.port';

/** classify_content's limits on what it is sent (its contract). */
const MAX_TEXT_LENGTH = 1_000_000;
const MAX_HINTS = 50;
const MAX_HINT_LENGTH = 300;

/**
 * The part of classify_content's result this service reads, checked on
 * arrival. content-classifier declares the full contract in its app
 * (classify-content.contract.ts); once it is in @emm/contracts this becomes
 * `client.call(contentClassifier.classifyContent, args)`.
 */
const place = z.object({ id: z.string(), name: z.string(), path: z.string() });
const classifyContentResult = z.object({
  category: place.nullable(),
  item: place.nullable(),
  alternatives: z.array(z.object({ category: place, item: place.optional(), score: z.number() })),
  confidence: z.number().min(0).max(1),
  needs_review: z.boolean(),
  title: z.string(),
  summary: z.string(),
  tags: z.array(z.string()),
  provider: z.string(),
});

/** content-classifier-service's classify_content, through the MCP client (timeout, retries, breaker, result cache). */
@Injectable()
export class ContentClassifierClient implements ContentClassifier {
  constructor(@InjectMcpClient('content-classifier') private readonly client: McpClient<'content-classifier'>) {}

  async classify(request: ContentClassificationRequest, signal?: AbortSignal): Promise<ContentClassification> {
    const args = {
      text: request.text.slice(0, MAX_TEXT_LENGTH),
      ...(request.title !== undefined && { title: request.title }),
      source: 'bookmark',
      hints: request.hints.slice(0, MAX_HINTS).map((hint) => hint.slice(0, MAX_HINT_LENGTH)),
    };
    const raw = await this.client.callRaw('classify_content', args, { signal });
    const parsed = classifyContentResult.safeParse(raw);
    if (!parsed.success) {
      const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(result)'}: ${issue.message}`).join('; ');
      throw new McpCallError({ kind: 'tool_error', service: 'content-classifier', tool: 'classify_content', code: 'invalid_result', detail: `unexpected result: ${problems}`, stage: 'answered' });
    }
    const result = parsed.data;
    return {
      ...(result.category && {
        best: { categoryId: result.category.id, ...(result.item && { itemId: result.item.id }), confidence: result.confidence },
      }),
      alternatives: result.alternatives.map((alternative) => ({
        categoryId: alternative.category.id,
        ...(alternative.item && { itemId: alternative.item.id }),
        score: alternative.score,
      })),
      title: result.title,
      summary: result.summary,
      tags: result.tags,
      provider: result.provider,
      needsReview: result.needs_review,
    };
  }
}
