import { Injectable } from '@nestjs/common';
import { CLASSIFY_CONTENT_LIMITS, contentClassifier } from '@emm/contracts';
import { InjectMcpClient, type McpClient } from '@emm/mcp';
import type { ContentClassification, ContentClassificationRequest, ContentClassifier } from './content-classifier.port';

/** content-classifier-service's classify_content, through the MCP client (timeout, retries, breaker, result cache). */
@Injectable()
export class ContentClassifierClient implements ContentClassifier {
  constructor(@InjectMcpClient('content-classifier') private readonly client: McpClient<'content-classifier'>) {}

  async classify(request: ContentClassificationRequest, signal?: AbortSignal): Promise<ContentClassification> {
    const args = {
      text: request.text.slice(0, CLASSIFY_CONTENT_LIMITS.textLength),
      ...(request.title !== undefined && { title: request.title }),
      source: 'bookmark',
      hints: request.hints.slice(0, CLASSIFY_CONTENT_LIMITS.hints).map((hint) => hint.slice(0, CLASSIFY_CONTENT_LIMITS.hintLength)),
    };
    // call() checks the result against the contract and fails with invalid_result when it does not match.
    const result = await this.client.call(contentClassifier.classifyContent, args, { signal });
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
      model: result.model,
      needsReview: result.needs_review,
    };
  }
}
