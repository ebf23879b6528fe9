import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ClassificationMetrics } from '../src/classification/classification-metrics';
import { Classifier } from '../src/classification/classifier';
import type { ChatModel } from '../src/llm/chat-model';
import { LlmClassifier } from '../src/llm/llm-classifier';
import { OllamaChatModel } from '../src/llm/ollama-chat-model';
import { OpenAiChatModel } from '../src/llm/openai-chat-model';
import { answer, FakeModelServer, ollamaChat, ollamaError, openAiChat, openAiError, type ScriptedReply } from './support/fake-model-server';
import { fileStructureSource } from './support/file-structure-source';
import { metricValue } from './support/metrics';
import { EXAMPLE_JD, SAMPLES_DIR } from './support/samples';

const SOURDOUGH = readFileSync(join(SAMPLES_DIR, 'sourdough.md'), 'utf8');
const API_KEY = 'sk-test-5f1c0e9a7b2d4e6f8a1b3c5d';

interface ProviderCase {
  provider: 'ollama' | 'openai';
  model: string;
  path: string;
  makeModel(url: string, timeoutMs: number): ChatModel;
  success(content: string, usage?: { prompt: number; completion: number }): ScriptedReply;
  error(status: number, message: string, headers?: Record<string, string>): ScriptedReply;
}

const PROVIDERS: ProviderCase[] = [
  {
    provider: 'ollama',
    model: 'llama3.1:8b',
    path: '/api/chat',
    makeModel: (url, timeoutMs) => new OllamaChatModel({ baseUrl: url, model: 'llama3.1:8b', timeoutMs }),
    success: (content, usage) => ollamaChat(content, usage),
    error: (status, message, headers) => ollamaError(status, message, headers),
  },
  {
    provider: 'openai',
    model: 'gpt-4o-mini',
    path: '/v1/chat/completions',
    makeModel: (url, timeoutMs) => new OpenAiChatModel({ baseUrl: `${url}/v1`, apiKey: API_KEY, model: 'gpt-4o-mini', timeoutMs, responseFormat: 'json_object' }),
    success: (content, usage) => openAiChat(content, usage),
    error: (status, message, headers) => openAiError(status, message, status === 429 ? 'requests' : 'server_error', status === 429 ? 'rate_limit_exceeded' : null, headers),
  },
];

describe.each(PROVIDERS)('$provider provider against a local server speaking its wire format', (spec) => {
  let server: FakeModelServer;
  let structure: Awaited<ReturnType<typeof fileStructureSource>>;
  const classifiers: LlmClassifier[] = [];

  beforeAll(async () => {
    server = await FakeModelServer.start();
    structure = await fileStructureSource(EXAMPLE_JD);
  });

  afterEach(() => server.reset());

  afterAll(async () => {
    await Promise.all(classifiers.map((classifier) => classifier.close()));
    await server.close();
  });

  function classifier(options: { timeoutMs?: number; maxRetries?: number; maxInputTokens?: number } = {}) {
    const llm = new LlmClassifier(
      spec.makeModel(server.url, options.timeoutMs ?? 5_000),
      { maxInputTokens: options.maxInputTokens ?? 3_000, timeoutMs: options.timeoutMs ?? 5_000, maxRetries: options.maxRetries ?? 2, retryBaseDelayMs: 50 },
      new ClassificationMetrics(),
    );
    classifiers.push(llm);
    return new Classifier({ structure, llm, metrics: new ClassificationMetrics(), reviewThreshold: 0.5, logger: { warn: () => undefined } });
  }

  const fallbacks = (reason: string) => metricValue('classification_fallbacks_total', { provider: spec.provider, reason });

  it('uses the answer: category, ID, confidence, title, summary, tags; counts requests and tokens', async () => {
    const labels = { provider: spec.provider, model: spec.model };
    const before = {
      ok: await metricValue('llm_requests_total', { ...labels, status: 'ok' }),
      prompt: await metricValue('llm_tokens_total', { ...labels, type: 'prompt' }),
      completion: await metricValue('llm_tokens_total', { ...labels, type: 'completion' }),
      confidence: await metricValue('classification_confidence', { provider: spec.provider }),
    };
    server.reply(spec.success(answer({}), { prompt: 1_234, completion: 56 }));

    const result = await classifier().classify({ text: SOURDOUGH, fileName: 'bread.md', source: 'file', hints: ['Kitchen'] });

    expect(result).toMatchObject({
      provider: spec.provider,
      model: spec.model,
      best: { category: { id: '25', name: 'Recipes and cooking' }, item: { id: '25.02', name: 'Baking and desserts' }, score: 0.92 },
      alternatives: [{ category: { id: '53' }, score: 0.05 }],
      confidence: 0.92,
      needsReview: false,
      destination: { id: '25.02', path: '20-29 Home and life/25 Recipes and cooking/25.02 Baking and desserts' },
      title: 'Everyday sourdough',
      tags: ['sourdough', 'bread', 'baking'],
    });
    expect(result.fallback).toBeUndefined();

    expect(await metricValue('llm_requests_total', { ...labels, status: 'ok' })).toBe(before.ok + 1);
    expect(await metricValue('llm_tokens_total', { ...labels, type: 'prompt' })).toBe(before.prompt + 1_234);
    expect(await metricValue('llm_tokens_total', { ...labels, type: 'completion' })).toBe(before.completion + 56);
    expect(await metricValue('classification_confidence', { provider: spec.provider })).toBe(before.confidence + 1);
  });

  it('sends the model, the compact structure and the document, and asks for JSON', async () => {
    server.reply(spec.success(answer({})));
    await classifier().classify({ text: SOURDOUGH, title: 'Bread', fileName: 'bread.md', source: 'file', hints: ['Kitchen'] });

    expect(server.requests).toHaveLength(1);
    const [request] = server.requests;
    expect(request.method).toBe('POST');
    expect(request.path).toBe(spec.path);
    expect(request.body.model).toBe(spec.model);
    const [system, user] = request.body.messages as Array<{ role: string; content: string }>;
    expect(system.role).toBe('system');
    expect(system.content).toContain('JSON');
    expect(system.content).toContain('25 Recipes and cooking — Recipes to cook again and kitchen know-how.');
    expect(system.content).toContain('25.02 Baking and desserts [bake, bread, cake, dough, dessert, flour, yeast]');
    expect(system.content).not.toContain('00.01 Review inbox');
    expect(user.role).toBe('user');
    expect(user.content).toContain('Title: Bread\nFile name: bread.md\nSource: file\nHints: Kitchen');
    expect(user.content).toContain('375 g water, lukewarm');
    if (spec.provider === 'ollama') {
      expect(request.body).toMatchObject({ stream: false, format: 'json' });
      expect(request.headers.authorization).toBeUndefined();
    } else {
      expect(request.body.response_format).toEqual({ type: 'json_object' });
      expect(request.headers.authorization).toBe(`Bearer ${API_KEY}`);
    }
  });

  it('falls back to the heuristic when the model invents a category, saying so', async () => {
    const before = await fallbacks('unknown_category');
    server.reply(spec.success(answer({ category: '99', id: '99.01' })));
    const result = await classifier().classify({ text: SOURDOUGH });
    expect(result.provider).toBe('heuristic');
    expect(result.best?.category.id).toBe('25');
    expect(result.fallback).toEqual({ from: spec.provider, reason: 'unknown_category', detail: 'category "99" is not in the JD structure' });
    expect(await fallbacks('unknown_category')).toBe(before + 1);
  });

  it('drops an ID that is not in the chosen category but keeps the category', async () => {
    server.reply(spec.success(answer({ category: '25', id: '11.01' })));
    const result = await classifier().classify({ text: SOURDOUGH });
    expect(result.provider).toBe(spec.provider);
    expect(result.best?.category.id).toBe('25');
    expect(result.best?.item).toBeUndefined();
    expect(result.destination.id).toBe('25');
  });

  it('falls back when the answer is not JSON', async () => {
    const before = await fallbacks('malformed_json');
    server.reply(spec.success('Sure! This looks like a bread recipe, so I would put it under Recipes.'));
    const result = await classifier().classify({ text: SOURDOUGH });
    expect(result.provider).toBe('heuristic');
    expect(result.fallback).toMatchObject({ from: spec.provider, reason: 'malformed_json' });
    expect(result.fallback?.detail).toContain('Sure! This looks like');
    expect(await fallbacks('malformed_json')).toBe(before + 1);
  });

  it('reads JSON wrapped in a Markdown fence', async () => {
    server.reply(spec.success(`\`\`\`json\n${answer({ category: '25', id: '25.02' })}\n\`\`\``));
    expect((await classifier().classify({ text: SOURDOUGH })).provider).toBe(spec.provider);
  });

  it('falls back when the answer lacks a field it needs', async () => {
    server.reply(spec.success(JSON.stringify({ category: '25', title: 'x' })));
    const result = await classifier().classify({ text: SOURDOUGH });
    expect(result.fallback).toMatchObject({ reason: 'invalid_answer', detail: expect.stringMatching(/^confidence: /) });
  });

  it('falls back on a timeout, within the deadline', async () => {
    const before = await fallbacks('timeout');
    server.reply({ ...spec.success(answer({})), delayMs: 3_000 });
    const started = Date.now();
    const result = await classifier({ timeoutMs: 300 }).classify({ text: SOURDOUGH });
    expect(Date.now() - started).toBeLessThan(1_500);
    expect(result.provider).toBe('heuristic');
    expect(result.best?.category.id).toBe('25');
    expect(result.fallback).toMatchObject({ from: spec.provider, reason: 'timeout' });
    expect(await fallbacks('timeout')).toBe(before + 1);
  });

  it('honours Retry-After on 429 and then uses the answer', async () => {
    const rateLimited = await metricValue('llm_requests_total', { provider: spec.provider, model: spec.model, status: 'rate_limited' });
    server.reply(spec.error(429, 'Rate limit reached, please try again in 1s', { 'retry-after': '1' }), spec.success(answer({})));
    const result = await classifier().classify({ text: SOURDOUGH });
    expect(result.provider).toBe(spec.provider);
    expect(result.fallback).toBeUndefined();
    expect(server.requests).toHaveLength(2);
    expect(server.requests[1].receivedAt - server.requests[0].receivedAt).toBeGreaterThanOrEqual(950);
    expect(await metricValue('llm_requests_total', { provider: spec.provider, model: spec.model, status: 'rate_limited' })).toBe(rateLimited + 1);
  });

  it('gives up at once when Retry-After is beyond the deadline', async () => {
    server.reply(spec.error(429, 'Rate limit reached', { 'retry-after': '60' }));
    const started = Date.now();
    const result = await classifier({ timeoutMs: 2_000 }).classify({ text: SOURDOUGH });
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(server.requests).toHaveLength(1);
    expect(result.fallback).toMatchObject({ reason: 'rate_limited', detail: expect.stringContaining('HTTP 429') });
  });

  it('falls back on a server error, with the server’s message', async () => {
    server.reply(spec.error(500, 'model runner has unexpectedly stopped'));
    const result = await classifier().classify({ text: SOURDOUGH });
    expect(result.fallback).toMatchObject({ reason: 'http_error', detail: expect.stringContaining('model runner has unexpectedly stopped') });
    expect(result.fallback?.detail).toContain('HTTP 500');
  });

  it('falls back when the server cannot be reached', async () => {
    const unreachable = new LlmClassifier(spec.makeModel('http://127.0.0.1:9', 2_000), { maxInputTokens: 3_000, timeoutMs: 2_000, maxRetries: 2 }, new ClassificationMetrics());
    classifiers.push(unreachable);
    const result = await new Classifier({ structure, llm: unreachable, metrics: new ClassificationMetrics(), reviewThreshold: 0.5, logger: { warn: () => undefined } }).classify({ text: SOURDOUGH });
    expect(result.fallback).toMatchObject({ reason: 'unreachable', detail: expect.stringContaining('cannot reach http://127.0.0.1:9') });
  });

  it('cuts a long document to the token budget, keeping head and tail', async () => {
    server.reply(spec.success(answer({})));
    const middle = 'The middle part says nothing new. '.repeat(2_000);
    await classifier({ maxInputTokens: 200 }).classify({ text: `HEAD-MARKER ${SOURDOUGH}\n${middle}\nTAIL-MARKER the end.` });
    const user = (server.requests[0].body.messages as Array<{ content: string }>)[1].content;
    expect(user).toContain('HEAD-MARKER');
    expect(user).toContain('TAIL-MARKER the end.');
    expect(user).toMatch(/\[… \d+ characters omitted …\]/);
    expect(user.length).toBeLessThan(200 * 4 + 300);
  });
});

describe('openai provider and the API key', () => {
  it('never shows the key, even when the server echoes it in an error', async () => {
    const server = await FakeModelServer.start();
    server.reply(openAiError(401, `Incorrect API key provided: ${API_KEY}. You can find your API key at https://platform.openai.com/account/api-keys.`, 'invalid_request_error', 'invalid_api_key'));
    const llm = new LlmClassifier(
      new OpenAiChatModel({ baseUrl: `${server.url}/v1`, apiKey: API_KEY, model: 'gpt-4o-mini', timeoutMs: 2_000, responseFormat: 'json_object' }),
      { maxInputTokens: 3_000, timeoutMs: 2_000, maxRetries: 2 },
      new ClassificationMetrics(),
    );
    const warnings: unknown[] = [];
    const structure = await fileStructureSource(EXAMPLE_JD);
    const result = await new Classifier({ structure, llm, metrics: new ClassificationMetrics(), reviewThreshold: 0.5, logger: { warn: (fields) => warnings.push(fields) } }).classify({ text: SOURDOUGH });
    await llm.close();
    await server.close();

    expect(result.fallback).toMatchObject({ reason: 'http_error', detail: expect.stringContaining('Incorrect API key provided: [redacted]') });
    expect(JSON.stringify(result)).not.toContain(API_KEY);
    expect(JSON.stringify(warnings)).not.toContain(API_KEY);
    expect(JSON.stringify(warnings)).toContain('invalid_api_key');
  });

  it('asks for a JSON schema that only allows declared categories when configured so', async () => {
    const server = await FakeModelServer.start();
    server.reply(openAiChat(answer({})));
    const llm = new LlmClassifier(
      new OpenAiChatModel({ baseUrl: `${server.url}/v1`, model: 'local-model', timeoutMs: 2_000, responseFormat: 'json_schema' }),
      { maxInputTokens: 3_000, timeoutMs: 2_000, maxRetries: 0 },
      new ClassificationMetrics(),
    );
    const structure = await fileStructureSource(EXAMPLE_JD);
    await new Classifier({ structure, llm, metrics: new ClassificationMetrics(), reviewThreshold: 0.5, logger: { warn: () => undefined } }).classify({ text: SOURDOUGH });
    await llm.close();
    await server.close();

    const format = server.requests[0].body.response_format;
    expect(format?.type).toBe('json_schema');
    const categories = format?.json_schema?.schema.properties.category.enum;
    expect(categories).toEqual(expect.arrayContaining(['11', '25', '63']));
    expect(categories).not.toContain('99');
    expect(server.requests[0].headers.authorization).toBeUndefined();
  });
});
