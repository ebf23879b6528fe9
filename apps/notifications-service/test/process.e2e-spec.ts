import { type BuiltService, freePort, type ProcessHandle, startBuiltService, startRedis, type RedisServer, sleep, waitFor } from '@emm/testing';
import {
  APP_DIR,
  callTool,
  deliveriesOf,
  notifyArgs,
  type Receiver,
  requestsFor,
  SIGNING_SECRET,
  startReceiver,
  statusOf,
} from './support';

/** The built service as a real process, the way a pod runs it. */
function startService(env: Record<string, string>): Promise<BuiltService> {
  return startBuiltService(APP_DIR, { env });
}

async function notify(url: string, title: string): Promise<string> {
  const reply = await callTool<{ id: string }>(url, 'notify', notifyArgs(title));
  expect(reply.status).toBe(200);
  return reply.body.result.id;
}

describe('notifications-service as processes', () => {
  let redis: RedisServer;
  const started: ProcessHandle[] = [];
  const receivers: Receiver[] = [];

  beforeAll(async () => {
    redis = await startRedis();
  });

  afterEach(async () => {
    await Promise.all(started.splice(0).map((proc) => proc.stop()));
    await Promise.all(receivers.splice(0).map((receiver) => receiver.close()));
  });

  afterAll(async () => {
    await redis?.stop();
  });

  it('killed with deliveries pending, it delivers each exactly once after a restart', async () => {
    const receiverPort = await freePort(); // nothing listens here yet: the receiver is down
    const env = {
      REDIS_URL: redis.url,
      NOTIFY_CHANNELS: 'webhook',
      WEBHOOK_URL: `http://127.0.0.1:${receiverPort}/hook`,
      WEBHOOK_SIGNING_SECRET: SIGNING_SECRET,
      NOTIFY_MAX_ATTEMPTS: '50',
      NOTIFY_BACKOFF_MS: '200',
      NOTIFY_BACKOFF_MAX_MS: '1s',
      // A delivery that was mid-attempt at the kill is taken up again once its lease runs out.
      WORKER_LOCK_DURATION_MS: '4s',
      WORKER_STALLED_INTERVAL_MS: '1s',
    };
    const first = await startService(env);
    started.push(first.proc);
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push(await notify(first.url, `Pending ${i}`));
    await waitFor(async () => (await Promise.all(ids.map((id) => statusOf(first.url, id)))).every((s) => s.channels[0].attempts >= 1), {
      timeoutMs: 5_000,
      message: 'a failed first attempt for every notification',
    });
    for (const id of ids) expect((await statusOf(first.url, id)).state).toBe('pending');

    first.proc.signal('SIGKILL');
    expect(await first.proc.exited).toEqual({ code: null, signal: 'SIGKILL' });

    const receiver = await startReceiver(receiverPort);
    receivers.push(receiver);
    await sleep(1_500); // no process runs: nothing may arrive
    expect(receiver.requests).toHaveLength(0);

    const second = await startService(env);
    started.push(second.proc);
    // Normally within a second or two; a job that was mid-attempt at the kill waits out its 4 s lease and the next stalled check.
    await waitFor(() => ids.every((id) => deliveriesOf(receiver, id).length > 0), { timeoutMs: 30_000, message: 'all five delivered after the restart' });
    await sleep(1_000); // and no duplicates trail in
    for (const id of ids) {
      expect(deliveriesOf(receiver, id)).toHaveLength(1);
      expect(await statusOf(second.url, id)).toMatchObject({ state: 'delivered' });
    }
  }, 90_000);

  it('on SIGTERM it finishes the delivery in flight, exits 0, and that notification is not sent again', async () => {
    const receiver = await startReceiver();
    receivers.push(receiver);
    receiver.respond = () => ({ status: 200, body: 'ok', delayMs: 1_000 });
    const env = {
      REDIS_URL: redis.url,
      NOTIFY_CHANNELS: 'webhook',
      WEBHOOK_URL: `${receiver.url}/hook`,
      WEBHOOK_SIGNING_SECRET: SIGNING_SECRET,
      SHUTDOWN_DRAIN_MS: '100',
    };
    const service = await startService(env);
    started.push(service.proc);
    const id = await notify(service.url, 'Slow receiver');
    await waitFor(() => requestsFor(receiver, id).length === 1, { message: 'the delivery to start' });

    service.proc.signal('SIGTERM');
    expect(await service.proc.exited).toEqual({ code: 0, signal: null });
    expect(service.proc.output()).toContain('notification workers stopped');

    receiver.respond = () => ({ status: 200, body: 'ok' });
    const again = await startService(env);
    started.push(again.proc);
    expect(await statusOf(again.url, id)).toMatchObject({ state: 'delivered', channels: [expect.objectContaining({ attempts: 1 })] });
    await sleep(500);
    expect(requestsFor(receiver, id)).toHaveLength(1);
  });

  it('logs each notification on the log channel and never a webhook URL, even when deliveries fail', async () => {
    const refusedPort = await freePort();
    const slackUrl = `http://127.0.0.1:${refusedPort}/services/T0000/B0000/slack-secret-token`;
    const service = await startService({
      REDIS_URL: redis.url,
      NOTIFY_CHANNELS: 'slack,log',
      SLACK_WEBHOOK_URL: slackUrl,
      NOTIFY_MAX_ATTEMPTS: '2',
      NOTIFY_BACKOFF_MS: '50',
    });
    started.push(service.proc);
    const id = await notify(service.url, 'Visible in the log');
    await waitFor(async () => (await statusOf(service.url, id)).state === 'partially_failed', { message: 'slack to give up' });

    const lines = service.proc
      .output()
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines).toContainEqual(expect.objectContaining({ msg: 'notification', notification_id: id, title: 'Visible in the log', severity: 'warning' }));
    expect(lines).toContainEqual(
      expect.objectContaining({
        msg: 'notification delivery failed; moved to the failed set',
        channel: 'slack',
        reason: expect.stringContaining(`slack: POST http://127.0.0.1:${refusedPort}/… failed:`),
      }),
    );
    expect(service.proc.output()).not.toContain('slack-secret-token');
    expect(service.proc.output()).not.toContain('/services/T0000');
  });

  it('starts without Redis: not ready and notify answers 503 at once; once Redis is up it is ready and delivers', async () => {
    const lateRedis = await startRedis();
    await lateRedis.kill();
    try {
      const { proc, url } = await startBuiltService(APP_DIR, { env: { REDIS_URL: lateRedis.url }, readyPath: false });
      started.push(proc);
      // Start-up waits a bounded time for each Redis connection before serving without it.
      await waitFor(async () => (await fetch(`${url}/health/live`)).status === 200, { timeoutMs: 30_000, message: 'the process to serve' });
      expect((await fetch(`${url}/health/ready`)).status).toBe(503);
      const startedAt = Date.now();
      const refused = await callTool(url, 'notify', notifyArgs('Too early'));
      expect(Date.now() - startedAt).toBeLessThan(1_000);
      expect(refused.status).toBe(503);
      expect(refused.body.error).toMatchObject({ code: 'unavailable' });

      await lateRedis.restart();
      await waitFor(async () => (await fetch(`${url}/health/ready`)).status === 200, { timeoutMs: 15_000, message: 'ready once Redis is up' });
      const id = await notify(url, 'Just in time');
      await waitFor(async () => (await statusOf(url, id)).state === 'delivered', { timeoutMs: 10_000, message: 'delivered on the log channel' });
      // One line per outage and source, not one per reconnect attempt.
      expect(proc.output().match(/"notification worker error"/g)?.length ?? 0).toBeLessThanOrEqual(2);
    } finally {
      await lateRedis.stop();
    }
  }, 90_000);

  it('refuses to start on bad configuration with one line per problem, no stack trace and no secret', async () => {
    const { proc } = await startBuiltService(APP_DIR, {
      env: { REDIS_URL: redis.url, NOTIFY_CHANNELS: 'slack,webhook,pager', WEBHOOK_URL: 'not-a-url-but-a-secret', NOTIFY_MAX_ATTEMPTS: '0' },
      readyPath: false,
    });
    expect((await proc.exited).code).toBe(1);
    const lines = proc.output().trim().split('\n');
    expect(lines).toHaveLength(5);
    expect(lines).toEqual(
      expect.arrayContaining([
        'config error: NOTIFY_MAX_ATTEMPTS: must be an integer between 1 and 100',
        'config error: NOTIFY_CHANNELS: unknown channel "pager"; use slack, webhook, log',
        'config error: SLACK_WEBHOOK_URL: is required when NOTIFY_CHANNELS includes slack',
        'config error: WEBHOOK_URL: must be an http:// or https:// URL',
        'config error: WEBHOOK_SIGNING_SECRET: is required when NOTIFY_CHANNELS includes webhook',
      ]),
    );
    expect(proc.output()).not.toContain('not-a-url-but-a-secret');
    expect(proc.output()).not.toMatch(/\n\s+at /);
  });
});
