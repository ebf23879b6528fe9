/** What the classifier needs from a language model, whatever its wire format. */

export interface ChatMessage {
  role: 'system' | 'user';
  content: string;
}

export interface ChatRequest {
  messages: ChatMessage[];
  /** JSON Schema of the answer, for servers that can enforce one. */
  answerSchema: Record<string, unknown>;
  /** Aborts the request (deadline reached, caller gone). */
  signal: AbortSignal;
}

/** Token counts as the provider reports them; absent when it reports none. */
export interface ChatUsage {
  promptTokens?: number;
  completionTokens?: number;
}

export interface ChatAnswer {
  content: string;
  usage: ChatUsage;
}

export type LlmProviderName = 'ollama' | 'openai';

export interface ChatModel {
  readonly provider: LlmProviderName;
  readonly model: string;
  /** One HTTP exchange; throws LlmCallError. Retries are the caller's business. */
  complete(request: ChatRequest): Promise<ChatAnswer>;
  close(): Promise<void>;
}

export type LlmCallFailure = 'timeout' | 'rate_limited' | 'unreachable' | 'http_error' | 'malformed_response';

/** A failed exchange with a model server, in words safe to log and return (secrets redacted). */
export class LlmCallError extends Error {
  constructor(
    readonly kind: LlmCallFailure,
    message: string,
    readonly details: { status?: number; retryAfterMs?: number } = {},
  ) {
    super(message);
    this.name = 'LlmCallError';
  }
}
