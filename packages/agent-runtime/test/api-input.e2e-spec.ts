import { startRedis, type RedisServer } from '@emm/testing';
import { Redis } from 'ioredis';
import request from 'supertest';
import { agentEnv, auth, type RunningAgent, startAgent } from './support';

describe('run API: bad input gets a clear 4xx and changes nothing', () => {
  let redis: RedisServer;
  let agent: RunningAgent;
  let client: Redis;

  beforeAll(async () => {
    redis = await startRedis();
    client = new Redis(redis.url);
    agent = await startAgent(agentEnv(redis.url, { RUN_API_BODY_LIMIT_BYTES: '4096', RUN_API_RATE_LIMIT_PER_MINUTE: '1000' }));
  });

  afterAll(async () => {
    await agent?.close();
    client?.disconnect();
    await redis?.stop();
  });

  const runCount = async (): Promise<number> => client.zcard('emm:test-agent:runs');

  it.each([
    ['malformed JSON', '{"workflow": "test-items", ', 400, 'invalid_json', /not valid JSON/],
    ['no body', '', 400, 'invalid_argument', /send a JSON object/],
    ['an array', '[]', 400, 'invalid_argument', /\(body\): must be an object/],
    ['an unknown workflow', '{"workflow":"nope"}', 400, 'invalid_argument', /^workflow: must be one of test-items$/],
    ['a wrong type', '{"workflow":"test-items","input":{"items":"all"}}', 400, 'invalid_argument', /^input\.items: must be an array$/],
    ['a missing field', '{"workflow":"test-items","input":{"items":[{"delayMs":1}]}}', 400, 'invalid_argument', /^input\.items\[0\]\.key: is required$/],
    ['a wrong workflow type', '{"workflow":42}', 400, 'invalid_argument', /^workflow: must be a string$/],
    ['an input that is no object', '{"workflow":"test-items","input":[1]}', 400, 'invalid_argument', /^input: must be an object$/],
  ])('%s', async (_name, body, status, code, message) => {
    const before = await runCount();
    const response = await request(agent.baseUrl).post('/runs').set({ ...auth(), 'Content-Type': 'application/json' }).send(body);
    expect(response.status).toBe(status);
    expect(response.body.error.code).toBe(code);
    expect(response.body.error.message).toMatch(message);
    expect(JSON.stringify(response.body)).not.toMatch(/at .*\.js:\d+/);
    expect(await runCount()).toBe(before);
  });

  it('refuses a body over RUN_API_BODY_LIMIT_BYTES with 413, and a non-JSON body with 415', async () => {
    const huge = await request(agent.baseUrl).post('/runs').set(auth()).send({ workflow: 'test-items', input: { items: [{ key: 'x'.repeat(10_000) }] } });
    expect(huge.status).toBe(413);
    expect(huge.body.error).toEqual({ code: 'payload_too_large', message: 'request body exceeds 4096 bytes' });
    const text = await request(agent.baseUrl).post('/runs').set({ ...auth(), 'Content-Type': 'text/plain' }).send('workflow=test-items');
    expect(text.status).toBe(415);
  });

  it('needs the bearer token: 401 without or with a wrong one', async () => {
    const missing = await request(agent.baseUrl).get('/runs');
    expect(missing.status).toBe(401);
    expect(missing.headers['www-authenticate']).toBe('Bearer realm="emm"');
    const wrong = await request(agent.baseUrl).post('/runs').set({ authorization: 'Bearer nope' }).send({ workflow: 'test-items' });
    expect(wrong.status).toBe(401);
    expect(wrong.body.error.message).toBe('the bearer token is not valid');
    expect((await request(agent.baseUrl).get('/health/ready')).status).toBe(200);
  });

  it('answers 400 for a malformed run id, 404 for an unknown one, 400 for bad list filters', async () => {
    const malformed = await request(agent.baseUrl).get('/runs/..%2F..%2Fetc').set(auth());
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.message).toMatch(/^id: must be a run id/);
    const unknown = await request(agent.baseUrl).get('/runs/3f0c7a4e-2a4b-4c8e-9d7e-5b8f1f2a6c3d').set(auth());
    expect(unknown.status).toBe(404);
    const filter = await request(agent.baseUrl).get('/runs?state=sleeping&limit=1000').set(auth());
    expect(filter.status).toBe(400);
    expect(filter.body.error.issues.map((issue: { path: string }) => issue.path).sort()).toEqual(['limit', 'state']);
    expect((await request(agent.baseUrl).get('/runs/3f0c7a4e-2a4b-4c8e-9d7e-5b8f1f2a6c3d/events').set(auth())).status).toBe(404);
  });
});

describe('run API rate limit', () => {
  let redis: RedisServer;
  let agent: RunningAgent;

  beforeAll(async () => {
    redis = await startRedis();
    agent = await startAgent(agentEnv(redis.url, { RUN_API_RATE_LIMIT_PER_MINUTE: '5' }));
  });

  afterAll(async () => {
    await agent?.close();
    await redis?.stop();
  });

  it('answers 429 with Retry-After once a client exceeds its requests per minute; other clients are not affected, probes never', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 7; i += 1) statuses.push((await request(agent.baseUrl).get('/runs').set(auth())).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429, 429]);
    const limited = await request(agent.baseUrl).get('/runs').set(auth());
    expect(limited.headers['retry-after']).toBeDefined();
    expect(limited.body.error.code).toBe('rate_limited');
    expect((await request(agent.baseUrl).get('/runs').set({ authorization: 'Bearer other' })).status).toBe(401);
    expect((await request(agent.baseUrl).get('/health/ready')).status).toBe(200);
  });
});
