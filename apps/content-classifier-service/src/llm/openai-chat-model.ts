import { type ChatAnswer, type ChatModel, type ChatRequest, LlmCallError } from './chat-model';
import { httpFailure, isRecord, tokenCount } from './http-failure';
import { ModelHttp } from './http-json';
import { withTrailingSlash } from './ollama-chat-model';

/** How to ask for JSON: servers differ in what they accept. */
export const OPENAI_RESPONSE_FORMATS = ['json_object', 'json_schema', 'none'] as const;
export type OpenAiResponseFormat = (typeof OPENAI_RESPONSE_FORMATS)[number];

export interface OpenAiOptions {
  /** Up to and including `/v1`, e.g. `https://api.openai.com/v1` or `http://127.0.0.1:8000/v1`. */
  baseUrl: string;
  /** Sent only in the Authorization header; never logged. Local servers often need none. */
  apiKey?: string;
  model: string;
  timeoutMs: number;
  responseFormat: OpenAiResponseFormat;
}

/**
 * Any OpenAI-compatible chat completions endpoint (OpenAI, vLLM, llama.cpp
 * server, LM Studio): `POST <base>/chat/completions`, answer in
 * `choices[0].message.content`, token counts in `usage`, errors as
 * `{ "error": { "message", "type", "code" } }`.
 */
export class OpenAiChatModel implements ChatModel {
  readonly provider = 'openai' as const;
  readonly model: string;
  private readonly url: string;
  private readonly headers: Record<string, string>;
  private readonly http: ModelHttp;
  private readonly responseFormat: OpenAiResponseFormat;

  constructor(options: OpenAiOptions) {
    this.model = options.model;
    this.url = new URL('chat/completions', withTrailingSlash(options.baseUrl)).toString();
    this.headers = options.apiKey === undefined ? {} : { authorization: `Bearer ${options.apiKey}` };
    this.http = new ModelHttp({ timeoutMs: options.timeoutMs, secrets: options.apiKey === undefined ? [] : [options.apiKey] });
    this.responseFormat = options.responseFormat;
  }

  async complete(request: ChatRequest): Promise<ChatAnswer> {
    const response = await this.http.postJson(
      this.url,
      { model: this.model, messages: request.messages, temperature: 0, ...this.responseFormatField(request) },
      this.headers,
      request.signal,
    );
    const body = response.body;
    if (response.status < 200 || response.status > 299) {
      const error = isRecord(body) && isRecord(body.error) ? body.error : undefined;
      const message = typeof error?.message === 'string' ? error.message : response.text;
      const code = typeof error?.code === 'string' ? ` (${error.code})` : '';
      throw httpFailure(response, 'the OpenAI-compatible endpoint', this.http.safeText(`${message}${code}`));
    }
    const choice = isRecord(body) && Array.isArray(body.choices) ? (body.choices[0] as unknown) : undefined;
    const content = isRecord(choice) && isRecord(choice.message) ? choice.message.content : undefined;
    if (typeof content !== 'string') {
      throw new LlmCallError('malformed_response', `the OpenAI-compatible endpoint answered without choices[0].message.content: ${this.http.safeText(response.text)}`);
    }
    const usage = isRecord(body) && isRecord(body.usage) ? body.usage : {};
    return { content, usage: { promptTokens: tokenCount(usage.prompt_tokens), completionTokens: tokenCount(usage.completion_tokens) } };
  }

  close(): Promise<void> {
    return this.http.close();
  }

  private responseFormatField(request: ChatRequest): Record<string, unknown> {
    switch (this.responseFormat) {
      case 'json_object':
        return { response_format: { type: 'json_object' } };
      case 'json_schema':
        return { response_format: { type: 'json_schema', json_schema: { name: 'classification', schema: request.answerSchema } } };
      case 'none':
        return {};
    }
  }
}
