import { type ChatAnswer, type ChatModel, type ChatRequest, LlmCallError } from './chat-model';
import { httpFailure, isRecord, tokenCount } from './http-failure';
import { ModelHttp } from './http-json';

export interface OllamaOptions {
  /** e.g. `http://127.0.0.1:11434` */
  baseUrl: string;
  model: string;
  timeoutMs: number;
}

/**
 * Ollama's native API: `POST /api/chat` with `stream: false` and
 * `format: "json"`, answer in `message.content`, token counts in
 * `prompt_eval_count` / `eval_count`, errors as `{ "error": "…" }`.
 */
export class OllamaChatModel implements ChatModel {
  readonly provider = 'ollama' as const;
  readonly model: string;
  private readonly url: string;
  private readonly http: ModelHttp;

  constructor(options: OllamaOptions) {
    this.model = options.model;
    this.url = new URL('api/chat', withTrailingSlash(options.baseUrl)).toString();
    this.http = new ModelHttp({ timeoutMs: options.timeoutMs });
  }

  async complete(request: ChatRequest): Promise<ChatAnswer> {
    const response = await this.http.postJson(
      this.url,
      {
        model: this.model,
        messages: request.messages,
        stream: false,
        format: 'json',
        // Classification wants the most likely answer, not a creative one.
        options: { temperature: 0 },
      },
      {},
      request.signal,
    );
    const body = response.body;
    if (response.status < 200 || response.status > 299) {
      const message = isRecord(body) && typeof body.error === 'string' ? body.error : response.text;
      throw httpFailure(response, 'Ollama', this.http.safeText(message));
    }
    if (!isRecord(body) || !isRecord(body.message) || typeof body.message.content !== 'string') {
      throw new LlmCallError('malformed_response', `Ollama answered without message.content: ${this.http.safeText(response.text)}`);
    }
    return {
      content: body.message.content,
      usage: { promptTokens: tokenCount(body.prompt_eval_count), completionTokens: tokenCount(body.eval_count) },
    };
  }

  close(): Promise<void> {
    return this.http.close();
  }
}

export function withTrailingSlash(url: string): string {
  return url.endsWith('/') ? url : `${url}/`;
}
