import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local HTTP server that answers like a model server (Ollama or an
 * OpenAI-compatible endpoint) with scripted replies in their documented wire
 * format, and records every request for the test to inspect.
 */

/** The fields of a chat request the tests look at (Ollama and OpenAI share most of them). */
export interface ModelRequestBody {
  model?: string;
  messages?: Array<{ role: string; content: string }>;
  stream?: boolean;
  format?: unknown;
  options?: Record<string, unknown>;
  temperature?: number;
  response_format?: { type: string; json_schema?: { name: string; schema: { properties: Record<string, { enum?: string[] }> } } };
}

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  /** The parsed JSON body ({} when it was not JSON). */
  body: ModelRequestBody;
  receivedAt: number;
}

export interface ScriptedReply {
  status?: number;
  headers?: Record<string, string>;
  /** An object is sent as JSON, a string as it is. */
  body: unknown;
  /** Wait this long before answering (for timeouts). */
  delayMs?: number;
}

export class FakeModelServer {
  readonly requests: RecordedRequest[] = [];
  private readonly queue: ScriptedReply[] = [];
  private fallbackReply: ScriptedReply = { status: 500, body: { error: 'no reply scripted' } };
  private readonly server: Server;
  private address = '';

  private constructor() {
    this.server = createServer((req, res) => {
      let raw = '';
      req.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')));
      req.on('end', () => this.handle(req.method ?? '', req.url ?? '', req.headers, raw, res));
    });
  }

  /** `http://127.0.0.1:<port>` */
  get url(): string {
    return this.address;
  }

  static async start(): Promise<FakeModelServer> {
    const fake = new FakeModelServer();
    await new Promise<void>((resolve) => fake.server.listen(0, '127.0.0.1', resolve));
    fake.address = `http://127.0.0.1:${(fake.server.address() as AddressInfo).port}`;
    return fake;
  }

  /** Replies for the next requests, in order; after them every request gets `always`'s reply. */
  reply(...replies: ScriptedReply[]): this {
    this.queue.push(...replies);
    return this;
  }

  always(reply: ScriptedReply): this {
    this.fallbackReply = reply;
    return this;
  }

  reset(): void {
    this.requests.length = 0;
    this.queue.length = 0;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private handle(method: string, path: string, headers: IncomingHttpHeaders, raw: string, res: ServerResponse): void {
    let body: ModelRequestBody = {};
    try {
      body = JSON.parse(raw) as ModelRequestBody;
    } catch {
      // recorded as empty: the test will notice
    }
    this.requests.push({ method, path, headers, body, receivedAt: Date.now() });
    const reply = this.queue.shift() ?? this.fallbackReply;
    const send = () => {
      if (res.destroyed) return;
      const text = typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body);
      res.writeHead(reply.status ?? 200, { 'content-type': 'application/json', ...reply.headers });
      res.end(text);
    };
    if (reply.delayMs === undefined) send();
    else setTimeout(send, reply.delayMs).unref();
  }
}

// Ollama: POST /api/chat (stream: false) — https://github.com/ollama/ollama/blob/main/docs/api.md#chat-request-no-streaming
export function ollamaChat(content: string, usage = { prompt: 412, completion: 58 }, model = 'llama3.1:8b'): ScriptedReply {
  return {
    body: {
      model,
      created_at: '2024-05-01T10:15:30.123456Z',
      message: { role: 'assistant', content },
      done_reason: 'stop',
      done: true,
      total_duration: 4_883_583_458,
      load_duration: 1_334_875,
      prompt_eval_count: usage.prompt,
      prompt_eval_duration: 342_546_000,
      eval_count: usage.completion,
      eval_duration: 4_535_599_000,
    },
  };
}

export function ollamaError(status: number, message: string, headers?: Record<string, string>): ScriptedReply {
  return { status, headers, body: { error: message } };
}

// OpenAI: POST /v1/chat/completions — https://platform.openai.com/docs/api-reference/chat/object
export function openAiChat(content: string, usage = { prompt: 512, completion: 64 }, model = 'gpt-4o-mini'): ScriptedReply {
  return {
    body: {
      id: 'chatcmpl-9xY2kLmNoPq',
      object: 'chat.completion',
      created: 1_714_558_530,
      model,
      system_fingerprint: 'fp_44709d6fcb',
      choices: [{ index: 0, message: { role: 'assistant', content, refusal: null }, logprobs: null, finish_reason: 'stop' }],
      usage: { prompt_tokens: usage.prompt, completion_tokens: usage.completion, total_tokens: usage.prompt + usage.completion },
    },
  };
}

// https://platform.openai.com/docs/guides/error-codes: { error: { message, type, param, code } }
export function openAiError(status: number, message: string, type: string, code: string | null, headers?: Record<string, string>): ScriptedReply {
  return { status, headers, body: { error: { message, type, param: null, code } } };
}

/** A classification answer as the prompt asks for it. */
export function answer(fields: Record<string, unknown>): string {
  return JSON.stringify({
    category: '25',
    id: '25.02',
    confidence: 0.92,
    alternatives: [{ category: '53', id: null, confidence: 0.05 }],
    title: 'Everyday sourdough',
    summary: 'A 75% hydration sourdough loaf, mixed one day and baked the next.',
    tags: ['sourdough', 'bread', 'baking'],
    ...fields,
  });
}
