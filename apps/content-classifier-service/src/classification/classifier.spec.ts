import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { JdIndex } from '@emm/jd';
import { closeRedisClient, createRedisClient, waitUntilReady } from '@emm/redis';
import { startRedis, type RedisServer } from '@emm/testing';
import type { Redis } from 'ioredis';
import { answer, FakeModelServer, openAiChat } from '../../test/support/fake-model-server';
import { HEURISTIC_MODEL } from '../heuristic/heuristic-classifier';
import { LlmClassifier } from '../llm/llm-classifier';
import { OpenAiChatModel } from '../llm/openai-chat-model';
import type { JdStructureSnapshot, JdStructureSource } from '../structure/jd-structure-source';
import { CACHE_KEY_PREFIX, ClassificationCache } from './classification-cache';
import { ClassificationMetrics } from './classification-metrics';
import { Classifier } from './classifier';

const EXAMPLE_JD = join(__dirname, '../../../../examples/jd.yaml');
/** Cache lookups may take long on a busy test machine; a slow lookup would count as a miss. */
const SLOW_MACHINE_MS = 2_000;
const RECIPE = 'Weeknight curry. Serves 4. Ingredients: 800 g chicken, 2 onions, 2 tbsp oil, 1 tsp cumin. Fry the onions, stir in the spices, simmer for 20 minutes.';
const CHAT = '[18:02] Tom: you still up for Saturday?\n[18:05] Me: yes, what time?\n[18:06] Tom: 11 at the station, then the canal walk. Fine by you?';

function mutableSource(snapshot: JdStructureSnapshot): JdStructureSource & { snapshot: JdStructureSnapshot } {
  const source = { snapshot, getStructure: async () => source.snapshot };
  return source;
}

describe('Classifier', () => {
  let redisServer: RedisServer;
  let redis: Redis;
  let snapshot: JdStructureSnapshot;
  const quiet = { warn: () => undefined, log: () => undefined };

  beforeAll(async () => {
    redisServer = await startRedis({ appendOnly: false });
    redis = createRedisClient({ host: redisServer.host, port: redisServer.port, db: 0, tls: false }, 'request', { name: 'classifier-spec' });
    await waitUntilReady(redis, 5_000);
    snapshot = { index: await JdIndex.load(EXAMPLE_JD), version: 'v-example' };
  });

  afterAll(async () => {
    await closeRedisClient(redis);
    await redisServer?.stop();
  });

  beforeEach(async () => {
    await redis.flushall();
  });

  const heuristic = (options: { threshold?: number; cache?: ClassificationCache; source?: JdStructureSource } = {}) =>
    new Classifier({
      structure: options.source ?? mutableSource(snapshot),
      cache: options.cache,
      metrics: new ClassificationMetrics(),
      reviewThreshold: options.threshold ?? 0.5,
      logger: quiet,
    });

  it('classifies identical content once: the second answer comes from Redis under the documented key', async () => {
    const classifier = heuristic({ cache: new ClassificationCache(redis, 3_600, quiet, SLOW_MACHINE_MS) });
    const input = { text: RECIPE, title: 'Curry', fileName: 'curry.md', hints: ['Kitchen'] };
    const first = await classifier.classify(input);
    const second = await classifier.classify(input);
    expect(first.cached).toBe(false);
    expect(second).toEqual({ ...first, cached: true });

    const hash = createHash('sha256').update(JSON.stringify([RECIPE, 'Curry', 'curry.md', ['Kitchen'], null])).digest('hex');
    const key = `${CACHE_KEY_PREFIX}:heuristic:${HEURISTIC_MODEL}:v-example:${hash}`;
    expect(key).toMatch(/^emm:content-classifier-service:classification:heuristic:jd-scorer-v1:v-example:[0-9a-f]{64}$/);
    expect(await redis.exists(key)).toBe(1);
    const ttl = await redis.ttl(key);
    expect(ttl).toBeGreaterThan(3_500);
    expect(ttl).toBeLessThanOrEqual(3_600);

    expect((await classifier.classify({ ...input, title: 'Another title' })).cached).toBe(false);
  });

  it('does not serve a classification made against another structure version', async () => {
    const source = mutableSource(snapshot);
    const classifier = heuristic({ cache: new ClassificationCache(redis, 3_600, quiet, SLOW_MACHINE_MS), source });
    await classifier.classify({ text: RECIPE });
    source.snapshot = { ...snapshot, version: 'v-changed' };
    const after = await classifier.classify({ text: RECIPE });
    expect(after.cached).toBe(false);
    expect(after.structureVersion).toBe('v-changed');
  });

  it('classifies without the cache when Redis is down, and says so once', async () => {
    const down = createRedisClient({ host: '127.0.0.1', port: 1, db: 0, tls: false }, 'request', { name: 'down' });
    const warnings: string[] = [];
    const classifier = heuristic({ cache: new ClassificationCache(down, 3_600, { warn: (msg) => warnings.push(msg), log: () => undefined }) });
    const first = await classifier.classify({ text: RECIPE });
    const second = await classifier.classify({ text: RECIPE });
    expect(first.best?.category.id).toBe('25');
    expect(second.cached).toBe(false);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/classification cache unavailable/);
    down.disconnect();
  });

  it('treats a slow cache as a miss instead of waiting for it', async () => {
    const classifier = heuristic({ cache: new ClassificationCache(redis, 3_600, quiet, 50) });
    await classifier.classify({ text: RECIPE });
    // Another connection makes the server hold every client's commands for a second.
    const admin = redis.duplicate({ enableOfflineQueue: true });
    try {
      await waitUntilReady(admin, 5_000);
      await admin.client('PAUSE', 1_000, 'ALL');
      const started = Date.now();
      const result = await classifier.classify({ text: RECIPE });
      expect(Date.now() - started).toBeLessThan(700);
      expect(result).toMatchObject({ cached: false, best: { category: { id: '25' } } });
    } finally {
      await admin.client('UNPAUSE').catch(() => undefined);
      admin.disconnect();
    }
  });

  it('routes to the review inbox below the threshold and to the place above it', async () => {
    const strict = await heuristic({ threshold: 0.99 }).classify({ text: RECIPE });
    expect(strict).toMatchObject({ needsReview: true, destination: { id: '00.01', path: '00-09 System/00 Index and inbox/00.01 Review inbox' } });
    expect(strict.best?.category.id).toBe('25');

    const lenient = await heuristic({ threshold: 0.1 }).classify({ text: RECIPE });
    expect(lenient.needsReview).toBe(false);
    expect(lenient.destination.id).toMatch(/^25/);

    const chat = await heuristic().classify({ text: CHAT });
    expect(chat.needsReview).toBe(true);
    expect(chat.confidence).toBeLessThan(0.5);
  });

  it('always needs review when nothing in the structure fits', async () => {
    const result = await heuristic({ threshold: 0 }).classify({ text: 'Zorp blick quandle frimp.' });
    expect(result).toMatchObject({ needsReview: true, confidence: 0, destination: { id: '00.01' }, alternatives: [] });
    expect(result.best).toBeUndefined();
  });

  describe('with a language model', () => {
    let server: FakeModelServer;
    let llm: LlmClassifier;

    beforeAll(async () => {
      server = await FakeModelServer.start();
      llm = new LlmClassifier(
        new OpenAiChatModel({ baseUrl: `${server.url}/v1`, model: 'gpt-4o-mini', timeoutMs: 1_000, responseFormat: 'json_object' }),
        { maxInputTokens: 3_000, timeoutMs: 1_000, maxRetries: 0 },
        new ClassificationMetrics(),
      );
    });

    afterEach(() => server.reset());

    afterAll(async () => {
      await llm.close();
      await server.close();
    });

    const withModel = () =>
      new Classifier({ structure: mutableSource(snapshot), llm, cache: new ClassificationCache(redis, 3_600, quiet, SLOW_MACHINE_MS), metrics: new ClassificationMetrics(), reviewThreshold: 0.5, logger: quiet });

    it('asks the model once for identical requests arriving together, and caches the answer under its model', async () => {
      server.always({ ...openAiChat(answer({ category: '25', id: '25.01' })), delayMs: 100 });
      const classifier = withModel();
      const results = await Promise.all([classifier.classify({ text: RECIPE }), classifier.classify({ text: RECIPE }), classifier.classify({ text: RECIPE })]);
      expect(server.requests).toHaveLength(1);
      expect(results.map((result) => result.best?.item?.id)).toEqual(['25.01', '25.01', '25.01']);
      expect((await classifier.classify({ text: RECIPE })).cached).toBe(true);
      expect(server.requests).toHaveLength(1);
      expect(await redis.keys(`${CACHE_KEY_PREFIX}:openai:gpt-4o-mini:v-example:*`)).toHaveLength(1);
    });

    it('does not cache a fallback: the model gets its chance again', async () => {
      server.reply({ ...openAiChat(answer({})), delayMs: 3_000 }, openAiChat(answer({ category: '25', id: '25.01' })));
      const classifier = withModel();
      const first = await classifier.classify({ text: RECIPE });
      expect(first).toMatchObject({ provider: 'heuristic', fallback: { reason: 'timeout' }, cached: false });
      const second = await classifier.classify({ text: RECIPE });
      expect(second).toMatchObject({ provider: 'openai', cached: false });
      expect(second.fallback).toBeUndefined();
    });
  });
});
