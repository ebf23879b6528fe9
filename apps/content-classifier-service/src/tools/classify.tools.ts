import { Injectable } from '@nestjs/common';
import { defineTool, type McpToolProvider, ToolError } from '@emm/mcp';
import type { z } from 'zod';
import { type classifyContentOutput, contentClassifier } from '@emm/contracts';
import { ClassificationService } from '../classification/classification.service';
import type { ClassifyResult } from '../classification/classifier';
import { StructureUnavailableError } from '../structure/refreshing-structure-source';

/** classify_content, declared once and served over MCP and REST. */
@Injectable()
export class ClassifyTools implements McpToolProvider {
  constructor(private readonly classification: ClassificationService) {}

  tools() {
    return [this.classifyContent];
  }

  readonly classifyContent = defineTool(contentClassifier.classifyContent, {
    title: 'Classify content',
    description:
      'Finds where a document belongs in the Johnny.Decimal structure: the best category and, where one fits, an existing ID, ranked alternatives, a confidence (0..1), a suggested title, a short summary and tags. needs_review is true when a person should decide; destination is then the review inbox. Identical content is classified once.',
    // Results change only with the structure (its version is in the result); a short TTL keeps callers current.
    cache: { ttlSeconds: 300 },
    idempotent: true,
    readOnly: true,
    handler: async (args, { signal }) => {
      try {
        const result = await this.classification.classify(
          { text: args.text, title: args.title, fileName: args.file_name, source: args.source, hints: args.hints },
          signal,
        );
        return toOutput(result);
      } catch (error) {
        if (error instanceof StructureUnavailableError) throw new ToolError('unavailable', error.message);
        throw error;
      }
    },
  });
}

function toOutput(result: ClassifyResult): z.input<typeof classifyContentOutput> {
  return {
    category: result.best?.category ?? null,
    item: result.best?.item ?? null,
    alternatives: result.alternatives,
    confidence: result.confidence,
    needs_review: result.needsReview,
    destination: result.destination,
    title: result.title,
    summary: result.summary,
    tags: result.tags,
    provider: result.provider,
    model: result.model,
    ...(result.fallback !== undefined && { fallback: result.fallback }),
    structure_version: result.structureVersion,
    cached: result.cached,
  };
}
