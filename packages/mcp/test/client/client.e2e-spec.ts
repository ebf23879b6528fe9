import { createRedisClient, closeRedisClient, redisEnvSchema, redisSettingsFromEnv } from '@emm/redis';
import { startRedis, waitFor, type RedisServer } from '@emm/testing';
import type { Redis } from 'ioredis';
import { argumentsHash, McpCallError, McpClient, type McpClientOptions } from '../../src';
import { allocateId, findCategory, findCategoryWrongShape, resolvePath } from './support/contracts';
import { FaultProxy } from './support/fault-proxy';
import { startJdService, type JdService } from './support/jd-service';
import { callCounts, delta, metricValue } from './support/metrics';
import { RecordingLogger } from './support/silent-logger';

const CALLER = 'client-e2e';
const VERSION = '1.4.2';

/** The rejection of `promise`, which must reject with an McpCallError. */
async function callError(promise: Promise<unknown>): Promise<McpCallError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof McpCallError) return error;
    throw error;
  }
  throw new Error('the call succeeded but was expected to fail');
}

function cacheClient(url: string): Redis {
  return createRedisClient(redisSettingsFromEnv(redisEnvSchema.parse({ REDIS_URL: url })).main, 'request', { name: CALLER });
}

describe('McpClient against a real jd-classifier-service', () => {
  let serviceRedis: RedisServer;
  let jd: JdService;
  let proxy: FaultProxy;
  const clients: McpClient[] = [];

  /** A client to jd-classifier through the fault proxy, with fast retries so tests stay quick. */
  function client(options: Partial<McpClientOptions<'jd-classifier'>> = {}): McpClient<'jd-classifier'> {
    const made = new McpClient({
      service: 'jd-classifier',
      caller: CALLER,
      callerVersion: VERSION,
      url: proxy.mcpUrl,
      retry: { retries: 2, baseDelayMs: 10, maxDelayMs: 40 },
      logger: new RecordingLogger(),
      ...options,
    });
    clients.push(made);
    return made;
  }

  beforeAll(async () => {
    serviceRedis = await startRedis();
    jd = await startJdService({ redisUrl: serviceRedis.url });
    proxy = await FaultProxy.start(jd.baseUrl);
  });

  // A fault a test armed but did not use up must not hit the next test.
  afterEach(() => proxy.clearFaults());

  afterAll(async () => {
    await Promise.all(clients.map((made) => made.close()));
    await proxy?.close();
    await jd?.stop();
    await serviceRedis?.stop();
  });

  describe('typed calls', () => {
    it('returns the tool result typed and checked against the contract', async () => {
      const jdClient = client();
      const { matches } = await jdClient.call(findCategory, { query: 'Monthly bank statement with card payments' });
      // Typed: `matches[0].categoryId` is `string | undefined`, `score` a number.
      expect(matches[0].categoryId).toBe('11');
      expect(matches[0].score).toBeGreaterThan(0);
      expect(Object.keys(matches[0]).sort()).toEqual(['categoryId', 'id', 'kind', 'name', 'path', 'score']);
    });

    it('reuses one connection: a handshake once, then one POST per call', async () => {
      const jdClient = client();
      const before = proxy.requests.length;
      await jdClient.call(findCategory, { name: 'Banking' });
      // The handshake's own GET (an SSE stream the stateless server declines with 405) may land anywhere.
      const posts = () => proxy.requests.slice(before).map((r) => r.method).filter((method) => method !== 'GET');
      expect(posts()).toEqual(['initialize', 'notifications/initialized', 'tools/list', 'tools/call']);
      await jdClient.call(findCategory, { name: 'Banking' });
      await jdClient.call(resolvePath, { id: '11.01' });
      expect(posts()).toEqual(['initialize', 'notifications/initialized', 'tools/list', 'tools/call', 'tools/call', 'tools/call']);
    });

    it('re-reads the tool listing in the background once it is older than catalogMaxAgeMs', async () => {
      const jdClient = client({ catalogMaxAgeMs: 100 });
      const listings = () => proxy.requests.filter((r) => r.method === 'tools/list').length;
      await jdClient.call(findCategory, { name: 'Banking' });
      const before = listings();
      await jdClient.call(findCategory, { name: 'Banking' });
      expect(listings()).toBe(before);
      await new Promise((resolve) => setTimeout(resolve, 150));
      await jdClient.call(findCategory, { name: 'Banking' });
      await waitFor(() => listings() === before + 1, { message: 'a background tools/list' });
    });

    it('rejects a result that breaks the caller contract as a tool_error, not as data', async () => {
      const error = await callError(client().call(findCategoryWrongShape, { query: 'bank' }));
      expect(error).toMatchObject({ kind: 'tool_error', code: 'invalid_result', service: 'jd-classifier', tool: 'find_category' });
      expect(error.detail).toContain('matches[0].score: must be a string');
    });
  });

  describe('errors a caller can act on', () => {
    it('a bad argument: invalid_argument with the field and rule, sent once, never retried', async () => {
      const jdClient = client();
      await jdClient.call(resolvePath, { id: '11.01' });
      const sent = proxy.toolCalls('find_category');
      const error = await callError(jdClient.call(findCategory, { query: 'bank', limit: 500 }));
      expect(error).toMatchObject({ kind: 'invalid_argument', code: 'invalid_argument', tool: 'find_category', attempts: 1 });
      expect(error.issues).toEqual([{ path: 'limit', message: 'must be at most 50' }]);
      expect(error.retryable).toBe(false);
      expect(proxy.toolCalls('find_category') - sent).toBe(1);
    });

    it('a tool failure: tool_error with the tool code and message, not retried', async () => {
      const jdClient = client();
      const sent = proxy.toolCalls('resolve_path');
      const error = await callError(jdClient.call(resolvePath, { id: '11.77' }));
      expect(error).toMatchObject({ kind: 'tool_error', code: 'not_found', attempts: 1 });
      expect(error.message).toBe('jd-classifier/resolve_path: id: 11.77 is neither declared in the JD structure nor allocated');
      expect(proxy.toolCalls('resolve_path') - sent).toBe(1);
    });

    it('an unknown tool (raw call): invalid_argument / unknown_tool', async () => {
      const error = await callError(client().callRaw('no_such_tool', {}));
      expect(error).toMatchObject({ kind: 'invalid_argument', code: 'unknown_tool', tool: 'no_such_tool' });
    });
  });

  describe('retries', () => {
    it('retries 503s with backoff and then succeeds', async () => {
      const jdClient = client();
      await jdClient.call(resolvePath, { id: '11.01' });
      const sent = proxy.toolCalls('find_category');
      const retries = await metricValue('mcp_tool_retries_total', { server: 'jd-classifier', tool: 'find_category' });
      proxy.failNext(2, 503);
      const { matches } = await jdClient.call(findCategory, { name: 'Banking' });
      expect(matches[0]).toMatchObject({ id: '11', kind: 'category' });
      expect(proxy.toolCalls('find_category') - sent).toBe(3);
      expect(await metricValue('mcp_tool_retries_total', { server: 'jd-classifier', tool: 'find_category' })).toBe(retries + 2);
    });

    it('gives up after the configured retries with unavailable, saying how many attempts it made', async () => {
      const jdClient = client({ retry: { retries: 1, baseDelayMs: 5, maxDelayMs: 5 } });
      await jdClient.call(resolvePath, { id: '11.01' });
      proxy.failNext(2, 503);
      const error = await callError(jdClient.call(findCategory, { name: 'Banking' }));
      expect(error).toMatchObject({ kind: 'unavailable', code: 'http_503', attempts: 2 });
      expect(error.retryable).toBe(true);
      expect(error.detail).toContain('HTTP 503');
    });

    it('retries a non-idempotent tool only when the request never reached it (503 yes, 502 no)', async () => {
      const jdClient = client();
      await jdClient.call(resolvePath, { id: '11.01' });
      const sent = proxy.toolCalls('allocate_id');
      proxy.failNext(1, 503);
      const allocated = await jdClient.call(allocateId, { category: '21', name: 'Retried once', key: 'retry-503' });
      expect(allocated.created).toBe(true);
      expect(proxy.toolCalls('allocate_id') - sent).toBe(2);

      proxy.failNext(1, 502);
      const error = await callError(jdClient.call(allocateId, { category: '21', name: 'Maybe delivered' }));
      expect(error).toMatchObject({ kind: 'unavailable', code: 'http_502', stage: 'sent', attempts: 1 });
      expect(proxy.toolCalls('allocate_id') - sent).toBe(3);
    });
  });

  describe('timeouts', () => {
    it('fails a call that outlives its timeout with kind timeout, and cancels its request', async () => {
      const jdClient = client({ timeoutMs: 150, retry: { retries: 0 } });
      // Warm up (connect, tool list) with room to spare: only the calls below race the deadline.
      await jdClient.call(resolvePath, { id: '11.01' }, { timeoutMs: 10_000 });
      proxy.delayNext(1, 3_000);
      const startedAt = performance.now();
      const error = await callError(jdClient.call(findCategory, { name: 'Banking' }));
      const elapsed = performance.now() - startedAt;
      expect(error).toMatchObject({ kind: 'timeout', code: 'timeout', stage: 'sent' });
      // At the deadline, not when the (held back) answer would have come.
      expect(elapsed).toBeGreaterThanOrEqual(140);
      expect(elapsed).toBeLessThan(1_500);
      // The HTTP request was aborted, not left waiting for the answer.
      await waitFor(() => proxy.requests.at(-1)?.outcome === 'client aborted', { timeoutMs: 1_000, message: 'the delayed request to be aborted' });
    });

    it('honours a per-call timeout, and retries a timed-out idempotent call', async () => {
      const jdClient = client({ timeoutMs: 150 });
      // Warm up (connect, tool list) with room to spare: only the calls below race the deadline.
      await jdClient.call(resolvePath, { id: '11.01' }, { timeoutMs: 10_000 });
      proxy.delayNext(1, 400);
      await expect(jdClient.call(findCategory, { name: 'Banking' }, { timeoutMs: 2_000 })).resolves.toMatchObject({ matches: [expect.objectContaining({ id: '11' })] });

      const sent = proxy.toolCalls('find_category');
      proxy.delayNext(1, 1_000);
      await expect(jdClient.call(findCategory, { name: 'Banking' })).resolves.toMatchObject({ matches: [expect.objectContaining({ id: '11' })] });
      expect(proxy.toolCalls('find_category') - sent).toBe(2);
    });

    it('does not retry a timed-out call of a non-idempotent tool: it may have run', async () => {
      const jdClient = client({ timeoutMs: 150 });
      // Warm up (connect, tool list) with room to spare: only the calls below race the deadline.
      await jdClient.call(resolvePath, { id: '11.01' }, { timeoutMs: 10_000 });
      const sent = proxy.toolCalls('allocate_id');
      proxy.delayNext(1, 1_000);
      const error = await callError(jdClient.call(allocateId, { category: '22', name: 'Slow allocation' }));
      expect(error).toMatchObject({ kind: 'timeout', attempts: 1 });
      expect(proxy.toolCalls('allocate_id') - sent).toBe(1);
    });

    it('rejects with the caller’s abort reason when the caller cancels', async () => {
      const jdClient = client();
      await jdClient.call(resolvePath, { id: '11.01' });
      proxy.delayNext(1, 1_000);
      const controller = new AbortController();
      setTimeout(() => controller.abort(new Error('job cancelled')), 50);
      await expect(jdClient.call(findCategory, { name: 'Banking' }, { signal: controller.signal })).rejects.toThrow('job cancelled');
    });
  });

  describe('result cache (real Redis)', () => {
    let cacheRedis: RedisServer;
    let redis: Redis;

    beforeAll(async () => {
      cacheRedis = await startRedis({ appendOnly: false, maxmemoryPolicy: 'allkeys-lru' });
      redis = cacheClient(cacheRedis.url);
      await waitFor(() => redis.status === 'ready');
    });

    afterAll(async () => {
      await closeRedisClient(redis);
      await cacheRedis?.stop();
    });

    it('answers the second identical call from Redis, whatever the argument order', async () => {
      const jdClient = client({ cache: { redis } });
      await jdClient.call(resolvePath, { id: '11.01' });
      const sent = proxy.toolCalls('find_category');
      const hits = await metricValue('mcp_cache_requests_total', { server: 'jd-classifier', tool: 'find_category', result: 'hit' });

      const first = await jdClient.call(findCategory, { query: 'tax return and payslips', limit: 3 });
      const second = await jdClient.call(findCategory, { limit: 3, query: 'tax return and payslips' });
      expect(second).toEqual(first);
      expect(proxy.toolCalls('find_category') - sent).toBe(1);
      expect(await metricValue('mcp_cache_requests_total', { server: 'jd-classifier', tool: 'find_category', result: 'hit' })).toBe(hits + 1);

      // Keyed per caller, caller version, service and tool, with the tool's declared TTL (300 s).
      const keys = await redis.keys(`emm:${CALLER}:mcp-cache:${VERSION}:jd-classifier:find_category:*`);
      expect(keys).toHaveLength(1);
      expect(keys[0]).toMatch(/:[0-9a-f]{64}$/);
      expect(await redis.ttl(keys[0])).toBeGreaterThan(290);
    });

    it('takes a per-call TTL, skips the cache on request, and never caches non-cacheable tools', async () => {
      const jdClient = client({ cache: { redis } });
      await jdClient.call(findCategory, { query: 'insurance policy' }, { cache: { ttlSeconds: 7 } });
      const key = `emm:${CALLER}:mcp-cache:${VERSION}:jd-classifier:find_category:${argumentsHash({ query: 'insurance policy' })}`;
      const ttl = await redis.ttl(key);
      expect(ttl).toBeGreaterThan(0);
      expect(ttl).toBeLessThanOrEqual(7);

      const sent = proxy.toolCalls('find_category');
      await jdClient.call(findCategory, { query: 'insurance policy' }, { cache: false });
      expect(proxy.toolCalls('find_category') - sent).toBe(1);

      await jdClient.call(allocateId, { category: '23', name: 'Never cached', key: 'cache-check' });
      await jdClient.call(allocateId, { category: '23', name: 'Never cached', key: 'cache-check' });
      expect(await redis.keys(`emm:${CALLER}:mcp-cache:*:allocate_id:*`)).toEqual([]);
    });

    it('keeps calls working, uncached, while Redis is down, and caches again once it is back', async () => {
      const logger = new RecordingLogger();
      const jdClient = client({ cache: { redis }, logger });
      await jdClient.call(findCategory, { query: 'car repair invoice' });
      const errors = await metricValue('mcp_cache_requests_total', { server: 'jd-classifier', tool: 'find_category', result: 'error' });

      await cacheRedis.kill();
      const sent = proxy.toolCalls('find_category');
      for (let i = 0; i < 3; i++) {
        const startedAt = performance.now();
        const { matches } = await jdClient.call(findCategory, { query: 'car repair invoice' });
        expect(matches.length).toBeGreaterThan(0);
        expect(performance.now() - startedAt).toBeLessThan(500);
      }
      expect(proxy.toolCalls('find_category') - sent).toBe(3);
      expect(await metricValue('mcp_cache_requests_total', { server: 'jd-classifier', tool: 'find_category', result: 'error' })).toBe(errors + 3);
      expect(logger.lines.some((line) => line.startsWith('warn MCP result cache unavailable'))).toBe(true);

      await cacheRedis.restart();
      await waitFor(() => redis.status === 'ready', { timeoutMs: 10_000, message: 'the cache client to reconnect' });
      await jdClient.call(findCategory, { query: 'car repair invoice' });
      await waitFor(async () => (await redis.keys(`emm:${CALLER}:mcp-cache:*:find_category:*`)).length > 0, { message: 'a cache entry after the restart' });
      const again = proxy.toolCalls('find_category');
      await jdClient.call(findCategory, { query: 'car repair invoice' });
      expect(proxy.toolCalls('find_category')).toBe(again);
    });
  });

  describe('metrics', () => {
    it('counts every call by outcome and times it', async () => {
      const jdClient = client();
      const before = await callCounts('jd-classifier', 'resolve_path');
      await jdClient.call(resolvePath, { id: '11.01' });
      await jdClient.call(resolvePath, { id: '21' });
      await callError(jdClient.call(resolvePath, { id: '11.77' }));
      await callError(jdClient.call(resolvePath, { id: '' }));
      proxy.failNext(3, 503);
      await callError(jdClient.call(resolvePath, { id: '11.02' }));
      const after = await callCounts('jd-classifier', 'resolve_path');
      expect(delta(before, after)).toEqual({ ok: 2, tool_error: 1, invalid_argument: 1, unavailable: 1, timed: 5 });
    });
  });
});

describe('McpClient circuit breaker against a service that goes down and comes back', () => {
  let redis: RedisServer;
  let jd: JdService;
  let jdClient: McpClient<'jd-classifier'>;
  const TOKEN = 'breaker-test-token';

  beforeAll(async () => {
    redis = await startRedis();
    jd = await startJdService({ redisUrl: redis.url, env: { MCP_AUTH_TOKEN: TOKEN } });
    jdClient = new McpClient({
      service: 'jd-classifier',
      caller: CALLER,
      url: jd.mcpUrl,
      authToken: TOKEN,
      timeoutMs: 1_000,
      retry: { retries: 2, baseDelayMs: 10, maxDelayMs: 20 },
      breaker: { threshold: 3, halfOpenAfterMs: 400 },
      logger: new RecordingLogger(),
    });
  });

  afterAll(async () => {
    await jdClient?.close();
    await jd?.stop();
    await redis?.stop();
  });

  it('sends the bearer token; a wrong one is a tool_error naming the variable to fix', async () => {
    await expect(jdClient.call(resolvePath, { id: '11.01' })).resolves.toMatchObject({ path: '10-19 Finance/11 Banking/11.01 Statements' });
    const wrong = new McpClient({ service: 'jd-classifier', caller: CALLER, url: jd.mcpUrl, authToken: 'wrong', logger: new RecordingLogger() });
    const error = await callError(wrong.call(resolvePath, { id: '11.01' }));
    await wrong.close();
    expect(error).toMatchObject({ kind: 'tool_error', code: 'unauthorized', attempts: 1 });
    expect(error.detail).toContain('MCP_JD_CLASSIFIER_AUTH_TOKEN');
  });

  it('opens after repeated failures, then fails fast; recovers through a half-open probe', async () => {
    await jdClient.call(resolvePath, { id: '11.01' });
    expect(jdClient.breakerState).toBe('closed');
    const port = jd.port;
    await jd.stop();

    // Three failed attempts (one call with its two retries) reach the threshold.
    const refused = await callError(jdClient.call(resolvePath, { id: '11.01' }));
    expect(refused).toMatchObject({ kind: 'unavailable', code: 'connection_failed', attempts: 3 });
    expect(refused.detail).toContain('ECONNREFUSED');
    expect(jdClient.breakerState).toBe('open');
    expect(await metricValue('mcp_circuit_breaker_state', { server: 'jd-classifier' })).toBe(2);

    const startedAt = performance.now();
    const fast = await callError(jdClient.call(resolvePath, { id: '11.01' }));
    // No connection attempt, no backoff: the open circuit answers at once.
    expect(performance.now() - startedAt).toBeLessThan(50);
    expect(fast).toMatchObject({ kind: 'unavailable', code: 'circuit_open', attempts: 1 });

    jd = await startJdService({ redisUrl: redis.url, port, env: { MCP_AUTH_TOKEN: TOKEN } });
    // Still open until the half-open delay has passed since it opened.
    await waitFor(
      async () => {
        try {
          await jdClient.call(resolvePath, { id: '11.01' }, { retry: false });
          return true;
        } catch {
          return false;
        }
      },
      { timeoutMs: 5_000, intervalMs: 100, message: 'the breaker to let a probe through and close' },
    );
    expect(jdClient.breakerState).toBe('closed');
    expect(await metricValue('mcp_circuit_breaker_state', { server: 'jd-classifier' })).toBe(0);
    await expect(jdClient.call(findCategory, { name: 'Banking' })).resolves.toMatchObject({ matches: [expect.objectContaining({ id: '11' })] });
  });
});
