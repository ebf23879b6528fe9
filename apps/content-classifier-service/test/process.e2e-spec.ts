import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type BuiltService, freePort, type ProcessHandle, startBuiltService, startRedis, type RedisServer, waitFor } from '@emm/testing';
import type { z } from 'zod';
import type { classifyContentOutput } from '@emm/contracts';
import { FakeModelServer, openAiError } from './support/fake-model-server';
import { SAMPLES_DIR } from './support/samples';
import { APP_DIR, type JdClassifier, startJdClassifier } from './support/services';

const API_KEY = 'sk-proj-4b2e8c0d6f1a3e5c7b9d0f2a4c6e8b1d';
const RECIPE = readFileSync(join(SAMPLES_DIR, 'chicken-curry.md'), 'utf8');

/** The built service as a real process; `readyPath` given, it resolves once that answers 200. */
function spawnService(env: Record<string, string | undefined>, readyPath?: string): Promise<BuiltService> {
  return startBuiltService(APP_DIR, { env, readyPath: readyPath ?? false });
}

interface ToolReply {
  status: number;
  body: { result: z.output<typeof classifyContentOutput>; error?: { code: string; message: string } };
}

async function classify(url: string, text: string): Promise<ToolReply> {
  const res = await fetch(`${url}/tools/classify_content`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text }) });
  return { status: res.status, body: (await res.json()) as ToolReply['body'] };
}

describe('content-classifier-service as a process', () => {
  let redis: RedisServer;
  const started: ProcessHandle[] = [];

  beforeAll(async () => {
    redis = await startRedis();
  });

  afterEach(async () => {
    await Promise.all(started.splice(0).map((proc) => proc.stop()));
  });

  afterAll(async () => {
    await redis?.stop();
  });

  it('refuses to start on bad configuration with one line per problem and no stack trace', async () => {
    const { proc } = await spawnService({ REDIS_URL: redis.url, LLM_PROVIDER: 'gpt', CLASSIFY_REVIEW_THRESHOLD: '1.5', LLM_TIMEOUT_MS: 'soon', OLLAMA_URL: 'ftp://ollama' });
    expect((await proc.exited).code).toBe(1);
    const lines = proc.output().trim().split('\n');
    expect(lines).toEqual(
      expect.arrayContaining([
        'config error: LLM_PROVIDER: must be one of heuristic, ollama, openai',
        'config error: CLASSIFY_REVIEW_THRESHOLD: must be a number between 0 and 1',
        'config error: LLM_TIMEOUT_MS: must be a duration such as 1500, 500ms, 5s or 2m',
        'config error: OLLAMA_URL: must be an http:// or https:// URL',
      ]),
    );
    expect(proc.output()).not.toMatch(/\n\s+at /);
  });

  it('names what an LLM provider needs that is missing', async () => {
    const ollama = await spawnService({ REDIS_URL: redis.url, LLM_PROVIDER: 'ollama' });
    expect((await ollama.proc.exited).code).toBe(1);
    expect(ollama.proc.output()).toContain('config error: OLLAMA_MODEL: is required when LLM_PROVIDER=ollama');
    const openai = await spawnService({ REDIS_URL: redis.url, LLM_PROVIDER: 'openai', OPENAI_MODEL: 'gpt-4o-mini' });
    expect((await openai.proc.exited).code).toBe(1);
    expect(openai.proc.output()).toContain('config error: OPENAI_API_KEY: is required for api.openai.com');
  });

  it('waits for jd-classifier-service: not ready and 503 before it answers, ready after', async () => {
    const jdPort = await freePort();
    const { proc, url } = await spawnService({
      REDIS_URL: redis.url,
      MCP_JD_CLASSIFIER_URL: `http://127.0.0.1:${jdPort}/mcp`,
      MCP_CLIENT_RETRIES: '0',
      MCP_CLIENT_BREAKER_HALF_OPEN_AFTER_MS: '200',
    }, '/health/live');
    started.push(proc);

    const notReady = await fetch(`${url}/health/ready`);
    expect(notReady.status).toBe(503);
    expect(JSON.stringify(await notReady.json())).toContain('jd-structure');
    const refused = await classify(url, RECIPE);
    expect(refused.status).toBe(503);
    expect(refused.body.error).toMatchObject({ code: 'unavailable', message: expect.stringMatching(/^the JD structure is not available: .*127\.0\.0\.1/) });
    expect(JSON.stringify(refused.body)).not.toMatch(/\n\s+at /);

    const jd: JdClassifier = await startJdClassifier(redis.url, jdPort);
    started.push(jd.proc);
    await waitFor(async () => (await fetch(`${url}/health/ready`)).status === 200, { timeoutMs: 10_000, message: 'never became ready' });
    const answered = await classify(url, RECIPE);
    expect(answered.status).toBe(200);
    expect(answered.body.result.category?.id).toBe('25');
  });

  it('never logs the OpenAI API key, even when the endpoint echoes it', async () => {
    const jd = await startJdClassifier(redis.url);
    started.push(jd.proc);
    const openai = await FakeModelServer.start();
    openai.always(openAiError(401, `Incorrect API key provided: ${API_KEY}.`, 'invalid_request_error', 'invalid_api_key'));
    try {
      const { proc, url } = await spawnService(
        { REDIS_URL: redis.url, MCP_JD_CLASSIFIER_URL: jd.mcpUrl, LLM_PROVIDER: 'openai', OPENAI_BASE_URL: `${openai.url}/v1`, OPENAI_API_KEY: API_KEY, OPENAI_MODEL: 'gpt-4o-mini', LOG_LEVEL: 'debug' },
        '/health/ready',
      );
      started.push(proc);
      const res = await classify(url, RECIPE);
      expect(res.status).toBe(200);
      expect(res.body.result.fallback).toMatchObject({ from: 'openai', reason: 'http_error' });
      expect(openai.requests[0].headers.authorization).toBe(`Bearer ${API_KEY}`);
      await waitFor(() => proc.output().includes('LLM answer not used'), { timeoutMs: 2_000, message: 'fallback was not logged' });
      expect(proc.output()).toContain('invalid_api_key');
      expect(proc.output()).not.toContain(API_KEY);
      expect(JSON.stringify(res.body)).not.toContain(API_KEY);
    } finally {
      await openai.close();
    }
  });

  it('on SIGTERM: readiness 503 at once, then exit 0', async () => {
    const jd = await startJdClassifier(redis.url);
    started.push(jd.proc);
    const { proc, url } = await spawnService({ REDIS_URL: redis.url, MCP_JD_CLASSIFIER_URL: jd.mcpUrl, SHUTDOWN_DRAIN_MS: '500' }, '/health/ready');
    started.push(proc);
    expect((await classify(url, RECIPE)).status).toBe(200);
    proc.signal('SIGTERM');
    await waitFor(async () => (await fetch(`${url}/health/ready`)).status === 503, { timeoutMs: 400, message: 'readiness did not turn 503' });
    expect(await proc.exited).toEqual({ code: 0, signal: null });
  });
});
