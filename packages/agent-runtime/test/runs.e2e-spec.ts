import { startRedis, type RedisServer } from '@emm/testing';
import { Redis } from 'ioredis';
import request from 'supertest';
import { agentEnv, auth, getRun, items, type RunningAgent, startAgent, startRun, waitForFinal } from './support';

describe('run API and workflow runtime (one process, real Redis)', () => {
  let redis: RedisServer;
  let agent: RunningAgent;
  let client: Redis;

  beforeAll(async () => {
    redis = await startRedis();
    client = new Redis(redis.url);
    agent = await startAgent(agentEnv(redis.url, { ITEM_ATTEMPTS: '3' }));
  });

  afterAll(async () => {
    await agent?.close();
    client?.disconnect();
    await redis?.stop();
  });

  it('runs every item of a run once and reports counts and per-item outcomes', async () => {
    const id = await startRun(agent.baseUrl, items(25));
    const run = await waitForFinal(agent.baseUrl, id);
    expect(run.state).toBe('completed');
    expect(run.counts).toEqual({ total: 25, pending: 0, done: 25, failed: 0, skipped: 0, needsReview: 0 });
    expect(run.items.find((item) => item.key === 'k0003')).toMatchObject({ status: 'done', notePath: 'notes/k0003.md', attempts: 1 });
    expect(await client.scard(`emm-test:done:${id}`)).toBe(25);
    expect(await client.hget(`emm-test:finished:${id}`, '0')).toBe('1');
  });

  it('retries transient errors with backoff; a permanent error fails its item alone, with the reason', async () => {
    const id = await startRun(agent.baseUrl, [
      { key: 'flaky', failUntilAttempt: 2 },
      { key: 'broken', permanent: 'unsupported file type .xyz' },
      { key: 'hopeless', failUntilAttempt: 99 },
      ...items(5),
    ]);
    const run = await waitForFinal(agent.baseUrl, id);
    expect(run.state).toBe('completed_with_errors');
    expect(run.counts).toMatchObject({ total: 8, done: 6, failed: 2 });
    const byKey = Object.fromEntries(run.items.map((item) => [item.key, item]));
    expect(byKey.flaky).toMatchObject({ status: 'done', attempts: 2 });
    expect(byKey.broken).toMatchObject({ status: 'failed', error: 'unsupported file type .xyz', attempts: 1 });
    expect(byKey.hopeless).toMatchObject({ status: 'failed', error: 'gave up after 3 attempts: flaky service (attempt 3)', attempts: 3 });
  });

  it('records entries the plan rejected as failed items, and a failed plan fails the run with its reason', async () => {
    const failedItems = async (): Promise<number> =>
      Number(/^workflow_items_total\{[^}]*outcome="failed"[^}]*\} (\d+)$/m.exec((await request(agent.baseUrl).get('/metrics')).text)?.[1] ?? 0);
    const failedBefore = await failedItems();
    const rejected = await waitForFinal(agent.baseUrl, await startRun(agent.baseUrl, [{ key: 'with-rejected' }]));
    expect(rejected.items).toContainEqual(expect.objectContaining({ key: 'rejected-entry', status: 'failed', error: 'not a URL' }));
    // The metric counts a rejected entry as the run does: one failed item.
    expect((await failedItems()) - failedBefore).toBe(1);
    const failed = await waitForFinal(agent.baseUrl, await startRun(agent.baseUrl, [], { planFails: 'the export is empty' }));
    expect(failed).toMatchObject({ state: 'failed', error: 'planning failed: the export is empty' });
    expect(await client.hget(`emm-test:finished:${failed.id}`, '0')).toBe('1');
  });

  it('retries the failed items of a finished run through the API, and only those', async () => {
    await client.set('emm-test:block', '1');
    const id = await startRun(agent.baseUrl, [{ key: 'blocked', failWhileKey: 'emm-test:block' }, ...items(3)]);
    expect((await waitForFinal(agent.baseUrl, id)).counts).toMatchObject({ done: 3, failed: 1 });
    await client.del('emm-test:block');
    const retried = await request(agent.baseUrl).post(`/runs/${id}/retry`).set(auth());
    expect(retried.status).toBe(202);
    const run = await waitForFinal(agent.baseUrl, id);
    expect(run).toMatchObject({ state: 'completed', retries: 1, counts: { done: 4, failed: 0 } });
    expect(await client.hgetall(`emm-test:attempts:${id}`)).toEqual({ blocked: '2', k0000: '1', k0001: '1', k0002: '1' });
    const again = await request(agent.baseUrl).post(`/runs/${id}/retry`).set(auth());
    expect(again.status).toBe(409);
    expect(again.body.error.message).toMatch(/no failed items/);
  });

  it('cancels a run: items not yet started are skipped, the run ends cancelled', async () => {
    const id = await startRun(agent.baseUrl, items(60, { delayMs: 100 }));
    await new Promise((resolve) => setTimeout(resolve, 300));
    const cancelled = await request(agent.baseUrl).post(`/runs/${id}/cancel`).set(auth());
    expect(cancelled.status).toBe(200);
    const run = await waitForFinal(agent.baseUrl, id);
    expect(run.state).toBe('cancelled');
    expect(run.counts.skipped).toBeGreaterThan(20);
    expect(run.counts.done + run.counts.skipped).toBe(60);
    expect((await request(agent.baseUrl).post(`/runs/${id}/cancel`).set(auth())).status).toBe(409);
  });

  it('returns the existing run for a repeated idempotency key (body or header) instead of starting another', async () => {
    const body = { workflow: 'test-items', input: { items: items(2) }, idempotencyKey: 'import-2026-11-22' };
    const first = await request(agent.baseUrl).post('/runs').set(auth()).send(body);
    const second = await request(agent.baseUrl).post('/runs').set(auth()).send(body);
    expect([first.status, second.status]).toEqual([202, 200]);
    expect(second.body.id).toBe(first.body.id);
    const viaHeader = await request(agent.baseUrl).post('/runs').set({ ...auth(), 'Idempotency-Key': 'import-2026-11-22' }).send({ workflow: 'test-items', input: { items: items(2) } });
    expect(viaHeader.body.id).toBe(first.body.id);
  });

  it('lists runs newest first, pages with a cursor and filters by state', async () => {
    const page = await request(agent.baseUrl).get('/runs?limit=2').set(auth());
    expect(page.status).toBe(200);
    expect(page.body.runs).toHaveLength(2);
    const next = await request(agent.baseUrl).get(`/runs?limit=2&cursor=${page.body.nextCursor as string}`).set(auth());
    expect(next.body.runs[0].createdAt <= page.body.runs[1].createdAt).toBe(true);
    const failed = await request(agent.baseUrl).get('/runs?state=failed&limit=50').set(auth());
    expect(failed.body.runs.length).toBeGreaterThan(0);
    expect(failed.body.runs.every((run: { state: string }) => run.state === 'failed')).toBe(true);
    const onlyFailedItems = await getRun(agent.baseUrl, (await startRunAndWait()).id);
    expect(onlyFailedItems.items).toHaveLength(1);
  });

  async function startRunAndWait(): Promise<{ id: string }> {
    const id = await startRun(agent.baseUrl, items(1));
    await waitForFinal(agent.baseUrl, id);
    return { id };
  }

  it('streams progress as Server-Sent Events: snapshot, one item event per item, then end', async () => {
    const id = await startRun(agent.baseUrl, items(5, { delayMs: 50 }));
    const response = await request(agent.baseUrl).get(`/runs/${id}/events`).set(auth()).buffer(true).parse((res, done) => {
      let text = '';
      res.on('data', (chunk: Buffer) => (text += chunk.toString()));
      res.on('end', () => done(null, text));
    });
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/event-stream/);
    const events = (response.body as string).split('\n\n').filter((block) => block.startsWith('event:')).map((block) => block.split('\n')[0].slice('event: '.length));
    expect(events[0]).toBe('snapshot');
    expect(events.filter((event) => event === 'item')).toHaveLength(5);
    expect(events[events.length - 1]).toBe('end');
    const end = JSON.parse((response.body as string).trim().split('\n\n').pop()!.split('\n')[1].slice('data: '.length)) as { state: string };
    expect(end.state).toBe('completed');
  });

  it('describes its workflows with their input schema', async () => {
    const response = await request(agent.baseUrl).get('/workflows').set(auth());
    expect(response.body.workflows).toEqual([expect.objectContaining({ name: 'test-items', inputSchema: expect.objectContaining({ type: 'object' }) })]);
  });

  it('exposes workflow metrics', async () => {
    const metrics = (await request(agent.baseUrl).get('/metrics')).text;
    expect(metrics).toMatch(/workflow_executions_total\{[^}]*workflow_type="test-items"[^}]*status="completed"[^}]*\} [1-9]/);
    expect(metrics).toMatch(/workflow_duration_seconds_bucket\{[^}]*workflow_type="test-items"/);
    expect(metrics).toMatch(/active_workflows\{[^}]*workflow_type="test-items"[^}]*\} 0/);
    expect(metrics).toMatch(/queue_jobs\{[^}]*queue="test-items"[^}]*state="waiting"[^}]*\} 0/);
    expect(metrics).toMatch(/workflow_items_total\{[^}]*outcome="failed"/);
  });
});
