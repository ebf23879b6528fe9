import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startRedis, type RedisServer } from '@emm/testing';
import request from 'supertest';
import { answer, FakeModelServer, ollamaChat } from './support/fake-model-server';
import { SAMPLES_DIR } from './support/samples';
import { type JdClassifier, type RunningApp, startApp, startJdClassifier, testConfig } from './support/services';

const SOURDOUGH = readFileSync(join(SAMPLES_DIR, 'sourdough.md'), 'utf8');

describe('content-classifier-service with LLM_PROVIDER=ollama (local server speaking Ollama’s API)', () => {
  let redis: RedisServer;
  let jd: JdClassifier;
  let ollama: FakeModelServer;
  let running: RunningApp;

  beforeAll(async () => {
    redis = await startRedis();
    jd = await startJdClassifier(redis.url);
    ollama = await FakeModelServer.start();
    running = await startApp(
      testConfig({
        REDIS_URL: redis.url,
        MCP_JD_CLASSIFIER_URL: jd.mcpUrl,
        // A busy test machine must not turn a cache hit into a miss.
        CLASSIFY_CACHE_TIMEOUT_MS: '2000',
        LLM_PROVIDER: 'ollama',
        OLLAMA_URL: ollama.url,
        OLLAMA_MODEL: 'qwen2.5:7b',
        LLM_TIMEOUT_MS: '1500',
      }),
    );
  });

  afterAll(async () => {
    await running?.app.close();
    await ollama?.close();
    await jd?.proc.stop();
    await redis?.stop();
  });

  const classify = (args: Record<string, unknown>) => request(running.baseUrl).post('/tools/classify_content').send(args);

  it('lets the model decide and says so', async () => {
    ollama.reply(ollamaChat(answer({ category: '25', id: '25.02', confidence: 0.88 }), { prompt: 900, completion: 70 }, 'qwen2.5:7b'));
    const res = await classify({ text: SOURDOUGH, file_name: 'bread.md' }).expect(200);
    expect(res.body.result).toMatchObject({
      provider: 'ollama',
      model: 'qwen2.5:7b',
      category: { id: '25' },
      item: { id: '25.02' },
      confidence: 0.88,
      needs_review: false,
      title: 'Everyday sourdough',
      cached: false,
    });
    expect(ollama.requests[0].body).toMatchObject({ model: 'qwen2.5:7b', stream: false, format: 'json' });

    // Identical content is not sent to the model again.
    const again = await classify({ text: SOURDOUGH, file_name: 'bread.md' }).expect(200);
    expect(again.body.result).toMatchObject({ provider: 'ollama', cached: true });
    expect(ollama.requests).toHaveLength(1);
  });

  it('falls back to the heuristic on a timeout, with the reason in the result and the metrics', async () => {
    ollama.reply({ ...ollamaChat(answer({})), delayMs: 6_000 });
    const started = Date.now();
    const res = await classify({ text: `${SOURDOUGH}\nVariation: add a handful of seeds.` }).expect(200);
    expect(Date.now() - started).toBeLessThan(4_000);
    expect(res.body.result).toMatchObject({
      provider: 'heuristic',
      category: { id: '25' },
      fallback: { from: 'ollama', reason: 'timeout', detail: expect.stringContaining('no answer') },
    });

    const metrics = (await request(running.baseUrl).get('/metrics').expect(200)).text;
    expect(metrics).toMatch(/llm_requests_total\{[^}]*provider="ollama",model="qwen2.5:7b",status="ok"[^}]*\} 1/);
    expect(metrics).toMatch(/llm_requests_total\{[^}]*provider="ollama",model="qwen2.5:7b",status="timeout"[^}]*\} 1/);
    expect(metrics).toMatch(/llm_request_duration_seconds_count\{[^}]*provider="ollama",model="qwen2.5:7b"[^}]*\} 2/);
    expect(metrics).toMatch(/llm_tokens_total\{[^}]*provider="ollama",model="qwen2.5:7b",type="prompt"[^}]*\} 900/);
    expect(metrics).toMatch(/llm_tokens_total\{[^}]*provider="ollama",model="qwen2.5:7b",type="completion"[^}]*\} 70/);
    expect(metrics).toMatch(/classification_fallbacks_total\{[^}]*provider="ollama",reason="timeout"[^}]*\} 1/);
    expect(metrics).toMatch(/classification_confidence_count\{[^}]*provider="ollama"[^}]*\} 1/);
  });
});
