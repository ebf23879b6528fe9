import { type JdIndex } from '@emm/jd';
import { DelegateBackoff, handleWhen, retry } from 'cockatiel';
import type { ClassificationMetrics } from '../classification/classification-metrics';
import type { ClassifyInput, Fallback, FallbackReason } from '../classification/classification';
import { type ModelVerdict, readAnswer } from './answer';
import { type ChatAnswer, type ChatMessage, type ChatModel, type LlmCallFailure, LlmCallError } from './chat-model';
import { answerJsonSchema, buildPrompt } from './prompt';

export interface LlmClassifierOptions {
  /** Most tokens of document text sent to the model (head + tail beyond that). */
  maxInputTokens: number;
  /** Deadline for the whole classification, retries and waits included. */
  timeoutMs: number;
  /** Retries after a 429/503 (0: none). */
  maxRetries: number;
  /** Wait before a retry when the server gave no Retry-After; doubles each time. */
  retryBaseDelayMs?: number;
}

export type LlmOutcome = { ok: true; verdict: ModelVerdict } | { ok: false; fallback: Fallback };

const DEFAULT_RETRY_BASE_DELAY_MS = 500;

const FALLBACK_FOR: Record<LlmCallFailure, FallbackReason> = {
  timeout: 'timeout',
  rate_limited: 'rate_limited',
  unreachable: 'unreachable',
  http_error: 'http_error',
  malformed_response: 'malformed_json',
};

/**
 * Classification by a language model: the compact structure and the
 * document in, strict JSON out, checked against the structure. Rate limits
 * are retried after the server's Retry-After while the deadline allows;
 * every other failure (and an answer that does not hold up) comes back as a
 * fallback with its reason, for the heuristic to take over.
 */
export class LlmClassifier {
  readonly provider: ChatModel['provider'];
  readonly modelName: string;
  private readonly retryBaseDelayMs: number;

  constructor(
    private readonly model: ChatModel,
    private readonly options: LlmClassifierOptions,
    private readonly metrics: ClassificationMetrics,
  ) {
    this.provider = model.provider;
    this.modelName = model.model;
    this.retryBaseDelayMs = options.retryBaseDelayMs ?? DEFAULT_RETRY_BASE_DELAY_MS;
  }

  /** Rejects only when `signal` (the caller) aborts; every model failure is a fallback outcome. */
  async classify(index: JdIndex, input: ClassifyInput, signal?: AbortSignal): Promise<LlmOutcome> {
    const deadlineAt = Date.now() + this.options.timeoutMs;
    const deadline = AbortSignal.timeout(this.options.timeoutMs);
    const requestSignal = signal === undefined ? deadline : AbortSignal.any([signal, deadline]);
    const messages = buildPrompt(index, input, this.options.maxInputTokens);
    const answerSchema = answerJsonSchema(index);

    const waitBefore = (error: LlmCallError, attempt: number) => error.details.retryAfterMs ?? this.retryBaseDelayMs * 2 ** (attempt - 1);
    let attempt = 0;
    const policy = retry(
      handleWhen((error) => {
        // Retry a rate limit only when the wait still fits before the deadline.
        if (!(error instanceof LlmCallError) || error.kind !== 'rate_limited') return false;
        return Date.now() + waitBefore(error, attempt) < deadlineAt;
      }),
      {
        maxAttempts: this.options.maxRetries,
        backoff: new DelegateBackoff((context) => {
          const error = 'error' in context.result ? context.result.error : undefined;
          return error instanceof LlmCallError ? waitBefore(error, context.attempt) : this.retryBaseDelayMs;
        }),
      },
    );

    let answer: ChatAnswer;
    try {
      answer = await policy.execute(() => {
        attempt++;
        return this.exchange(messages, answerSchema, requestSignal);
      }, requestSignal);
    } catch (error) {
      if (signal?.aborted) throw signal.reason;
      if (error instanceof LlmCallError) return this.fallback(FALLBACK_FOR[error.kind], error.message);
      if (deadline.aborted) return this.fallback('timeout', `no answer within ${this.options.timeoutMs} ms`);
      throw error;
    }
    const reading = readAnswer(answer.content, index);
    return reading.ok ? reading : this.fallback(reading.reason, reading.detail);
  }

  private async exchange(messages: ChatMessage[], answerSchema: Record<string, unknown>, signal: AbortSignal): Promise<ChatAnswer> {
    const started = performance.now();
    try {
      const answer = await this.model.complete({ messages, answerSchema, signal });
      this.metrics.llmRequest(this.provider, this.modelName, 'ok', (performance.now() - started) / 1000);
      this.metrics.llmUsage(this.provider, this.modelName, answer.usage);
      return answer;
    } catch (error) {
      const status = error instanceof LlmCallError ? error.kind : 'unreachable';
      this.metrics.llmRequest(this.provider, this.modelName, status, (performance.now() - started) / 1000);
      throw error;
    }
  }

  private fallback(reason: FallbackReason, detail: string): LlmOutcome {
    return { ok: false, fallback: { from: this.provider, reason, detail } };
  }

  close(): Promise<void> {
    return this.model.close();
  }
}
