import { freePort, sleep, spawnProcess, startRedis, type RedisServer, waitFor } from '@emm/testing';
import { Redis } from 'ioredis';
import request from 'supertest';
import { agentEnv, auth, FIXTURE_MAIN, getRun, items, type RunningAgent, spawnAgent, startAgent, startRun, waitForFinal } from './support';

// Real processes and a real Redis: what happens to a run when a worker dies,
// is told to stop, or Redis restarts. After each: every item done exactly once.

describe('workflow runtime under faults', () => {
  let redis: RedisServer;
  let client: Redis;

  beforeEach(async () => {
    redis = await startRedis();
    client = new Redis(redis.url, { maxRetriesPerRequest: null });
  });

  afterEach(async () => {
    client.disconnect();
    await redis.stop();
  });

  async function doneKeys(runId: string): Promise<number> {
    return client.scard(`emm-test:done:${runId}`);
  }

  async function waitUntilDone(baseUrl: string, runId: string, atLeast: number): Promise<void> {
    await waitFor(async () => (await getRun(baseUrl, runId)).counts.done >= atLeast, { timeoutMs: 30_000, intervalMs: 50, message: `${atLeast} items done` });
  }

  it('a worker SIGKILLed in the middle of a 200-item run: its items are taken up again; all 200 end done exactly once', async () => {
    const env = agentEnv(redis.url, { WORKER_CONCURRENCY: '4' });
    const first = await spawnAgent(env);
    const second = await spawnAgent(env);
    try {
      const runId = await startRun(first.baseUrl, items(200, { delayMs: 30 }));
      await waitUntilDone(first.baseUrl, runId, 40);
      first.handle.signal('SIGKILL');
      expect((await first.handle.exited).signal).toBe('SIGKILL');
      const run = await waitForFinal(second.baseUrl, runId, 60_000);
      expect(run.state).toBe('completed');
      expect(run.counts).toEqual({ total: 200, pending: 0, done: 200, failed: 0, skipped: 0, needsReview: 0 });
      expect(await doneKeys(runId)).toBe(200);
      // Both processes worked on the run, and the survivor took over what the killed one held.
      expect(new Set(await client.lrange(`emm-test:pids:${runId}`, 0, -1)).size).toBe(2);
      expect(await client.hget(`emm-test:finished:${runId}`, '0')).toBe('1');
      // The survivor says it took up the dead worker's jobs.
      const metrics = await (await fetch(`${second.baseUrl}/metrics`)).text();
      expect(Number(/^workflow_jobs_stalled_total\{[^}]*workflow_type="test-items"[^}]*\} (\d+)/m.exec(metrics)?.[1] ?? 0)).toBeGreaterThan(0);
    } finally {
      await first.handle.stop();
      await second.handle.stop();
    }
  });

  it('SIGTERM during a run: active items finish, the process exits 0, the rest continue on the other worker', async () => {
    const env = agentEnv(redis.url, { WORKER_CONCURRENCY: '4', SHUTDOWN_TIMEOUT_MS: '20000', ITEM_TIMEOUT_MS: '5000', LOG_LEVEL: 'info' });
    const first = await spawnAgent(env);
    const second = await spawnAgent(env);
    try {
      const runId = await startRun(first.baseUrl, items(80, { delayMs: 150 }));
      await waitUntilDone(first.baseUrl, runId, 10);
      first.handle.signal('SIGTERM');
      expect((await first.handle.exited).code).toBe(0);
      const run = await waitForFinal(second.baseUrl, runId, 60_000);
      expect(run.counts).toMatchObject({ total: 80, done: 80, failed: 0 });
      // Nothing was cut off mid-way and done again: every item ran exactly once.
      expect(Object.values(await client.hgetall(`emm-test:attempts:${runId}`)).every((attempts) => attempts === '1')).toBe(true);
      expect(first.handle.output()).toMatch(/workers stopped; active items finished/);
    } finally {
      await first.handle.stop();
      await second.handle.stop();
    }
  });

  it('Redis restarted (AOF on) in the middle of a run: the run completes, every item once', async () => {
    const agent = await spawnAgent(agentEnv(redis.url, { WORKER_CONCURRENCY: '8' }));
    try {
      const runId = await startRun(agent.baseUrl, items(200, { delayMs: 10 }));
      await waitUntilDone(agent.baseUrl, runId, 30);
      await redis.restart();
      const run = await waitForFinal(agent.baseUrl, runId, 60_000);
      expect(run.state).toBe('completed');
      expect(run.counts.done).toBe(200);
      expect(await doneKeys(runId)).toBe(200);
    } finally {
      await agent.handle.stop();
    }
  });
});

describe('schedules and start-up checks', () => {
  let redis: RedisServer;

  afterEach(async () => {
    await redis?.stop();
  });

  it('a schedule fires once per period however many replicas run it', async () => {
    redis = await startRedis();
    const env = agentEnv(redis.url, { RUN_SCHEDULE: 'every 1s', RUN_SCHEDULE_INPUT: JSON.stringify({ items: [{ key: 'tick' }] }) });
    const replicas: RunningAgent[] = [await startAgent(env), await startAgent(env)];
    try {
      const started = Date.now();
      await sleep(4_500);
      const elapsedPeriods = (Date.now() - started) / 1000;
      const { body } = await request(replicas[0].baseUrl).get('/runs?limit=50').set(auth());
      const scheduled = (body.runs as Array<{ trigger: string }>).filter((run) => run.trigger === 'schedule');
      expect(scheduled.length).toBeGreaterThanOrEqual(3);
      expect(scheduled.length).toBeLessThanOrEqual(Math.ceil(elapsedPeriods) + 1);
    } finally {
      for (const replica of replicas) await replica.close();
    }
  });

  it('skips a scheduled period while the previous run is still going', async () => {
    redis = await startRedis();
    const env = agentEnv(redis.url, { RUN_SCHEDULE: 'every 1s', RUN_SCHEDULE_INPUT: JSON.stringify({ items: [{ key: 'slow', delayMs: 3_500 }] }) });
    const agent = await startAgent(env);
    try {
      await sleep(5_000);
      const { body } = await request(agent.baseUrl).get('/runs?limit=50').set(auth());
      const scheduled = (body.runs as Array<{ trigger: string; state: string }>).filter((run) => run.trigger === 'schedule');
      // About five periods passed, but each run takes 3.5 s: one or two runs, never five overlapping ones.
      expect(scheduled.length).toBeGreaterThanOrEqual(1);
      expect(scheduled.length).toBeLessThanOrEqual(2);
      expect(scheduled.filter((run) => run.state === 'running').length).toBeLessThanOrEqual(1);
    } finally {
      await agent.close();
    }
  });

  it('refuses to start when the queue Redis may evict keys, and says why', async () => {
    redis = await startRedis({ maxmemoryPolicy: 'allkeys-lru' });
    const agent = await spawnProcess(process.execPath, [FIXTURE_MAIN], { env: { ...agentEnv(redis.url), LOG_LEVEL: 'info', PORT: String(await freePort()) } });
    const exit = await agent.exited;
    expect(exit.code).toBe(1);
    expect(agent.output()).toMatch(/maxmemory-policy is \\"allkeys-lru\\", but queues need \\"noeviction\\"/);
    expect(agent.output()).not.toMatch(/\n\s+at /);
  });
});
