import { getOrCreateCounter, getOrCreateHistogram } from '@emm/metrics';
import type { ChatUsage, LlmCallFailure } from '../llm/chat-model';
import type { FallbackReason, ProviderName } from './classification';

/** LLM calls take seconds, not milliseconds. */
const LLM_DURATION_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2, 4, 8, 15, 30, 60, 120];
const CONFIDENCE_BUCKETS = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1];

export type LlmRequestStatus = 'ok' | LlmCallFailure;

/** The classifier's metrics, created once per process (tests build several apps). */
export class ClassificationMetrics {
  private readonly llmRequests = getOrCreateCounter({
    name: 'llm_requests_total',
    help: 'HTTP requests to the language model, by outcome (ok, rate_limited, timeout, unreachable, http_error, malformed_response)',
    labelNames: ['provider', 'model', 'status'],
  });
  private readonly llmDuration = getOrCreateHistogram({
    name: 'llm_request_duration_seconds',
    help: 'Duration of one HTTP request to the language model',
    labelNames: ['provider', 'model'],
    buckets: LLM_DURATION_BUCKETS,
  });
  private readonly llmTokens = getOrCreateCounter({
    name: 'llm_tokens_total',
    help: "Tokens as the model server reports them in its usage fields, by type (prompt, completion)",
    labelNames: ['provider', 'model', 'type'],
  });
  private readonly confidence = getOrCreateHistogram({
    name: 'classification_confidence',
    help: 'Confidence of each classification, by the provider that decided',
    labelNames: ['provider'],
    buckets: CONFIDENCE_BUCKETS,
  });
  private readonly fallbacks = getOrCreateCounter({
    name: 'classification_fallbacks_total',
    help: "Classifications where the configured LLM's answer was not used and the heuristic decided, by reason",
    labelNames: ['provider', 'reason'],
  });
  private readonly classifications = getOrCreateCounter({
    name: 'classifications_total',
    help: 'Classifications answered, by the provider that decided, whether they need review, and whether they came from the cache',
    labelNames: ['provider', 'needs_review', 'cached'],
  });

  llmRequest(provider: string, model: string, status: LlmRequestStatus, seconds: number): void {
    this.llmRequests.inc({ provider, model, status });
    this.llmDuration.observe({ provider, model }, seconds);
  }

  llmUsage(provider: string, model: string, usage: ChatUsage): void {
    if (usage.promptTokens !== undefined) this.llmTokens.inc({ provider, model, type: 'prompt' }, usage.promptTokens);
    if (usage.completionTokens !== undefined) this.llmTokens.inc({ provider, model, type: 'completion' }, usage.completionTokens);
  }

  fallback(provider: ProviderName, reason: FallbackReason): void {
    this.fallbacks.inc({ provider, reason });
  }

  classified(provider: ProviderName, confidence: number, needsReview: boolean, cached: boolean): void {
    if (!cached) this.confidence.observe({ provider }, confidence);
    this.classifications.inc({ provider, needs_review: String(needsReview), cached: String(cached) });
  }
}
