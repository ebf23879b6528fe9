import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runInThisContext } from 'node:vm';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { sleep, startRedis, type RedisServer, waitFor } from '@emm/testing';
import request from 'supertest';
import {
  APP_DIR,
  callTool,
  connectMcp,
  deliveriesOf,
  notifyArgs,
  type Receiver,
  requestsFor,
  type RunningApp,
  SIGNING_SECRET,
  startApp,
  startReceiver,
  statusOf,
  testConfig,
} from './support';

type Verify = (secret: string, headers: Record<string, unknown>, rawBody: string) => boolean;

/** The verification snippet receivers are told to use, taken from the README as written. */
function readmeVerifier(): Verify {
  const readme = readFileSync(join(APP_DIR, 'README.md'), 'utf8');
  const snippet = /```js\n([\s\S]*?)```/.exec(readme)?.[1];
  if (snippet === undefined) throw new Error('README.md has no js verification snippet');
  return (runInThisContext(`(function (require) {\n${snippet}\nreturn verifyEmmWebhook;\n})`) as (r: NodeJS.Require) => Verify)(require);
}

const SLACK_PATH = '/services/T0000/B0000/slack-secret-token';
const WEBHOOK_PATH = '/hooks/emm?token=webhook-secret-token';

describe('notifications-service tools (REST and MCP, real Redis, local receivers)', () => {
  let redis: RedisServer;
  let slack: Receiver;
  let webhook: Receiver;
  let running: RunningApp;
  let mcp: Client;

  beforeAll(async () => {
    redis = await startRedis();
    slack = await startReceiver();
    webhook = await startReceiver();
    running = await startApp(
      testConfig({
        REDIS_URL: redis.url,
        NOTIFY_CHANNELS: 'slack,webhook,log',
        SLACK_WEBHOOK_URL: `${slack.url}${SLACK_PATH}`,
        WEBHOOK_URL: `${webhook.url}${WEBHOOK_PATH}`,
        WEBHOOK_SIGNING_SECRET: SIGNING_SECRET,
        NOTIFY_MAX_ATTEMPTS: '3',
        NOTIFY_BACKOFF_MS: '50',
        NOTIFY_BACKOFF_MAX_MS: '200',
        NOTIFY_DEDUPE_WINDOW_MS: '2s',
        NOTIFY_RATE_LIMIT_PER_MINUTE: '0',
      }),
    );
    mcp = await connectMcp(running.baseUrl);
  });

  beforeEach(() => {
    slack.respond = () => ({ status: 200, body: 'ok' });
    webhook.respond = () => ({ status: 200, body: 'ok' });
  });

  afterAll(async () => {
    await mcp?.close();
    await running?.app.close();
    await Promise.all([slack?.close(), webhook?.close()]);
    await redis?.stop();
  });

  const rest = () => request(running.baseUrl);
  const notify = async (args: Record<string, unknown>): Promise<{ id: string; deduplicated: boolean }> => {
    const res = await rest().post('/tools/notify').send(args).expect(200);
    return res.body.result;
  };
  const waitUntilSettled = (id: string, state = 'delivered') =>
    waitFor(async () => (await statusOf(running.baseUrl, id)).state === state, { timeoutMs: 10_000, message: `notification ${id} to be ${state}` });

  it('lists the four tools with schemas on both transports', async () => {
    const names = ['list_failed', 'notification_status', 'notify', 'retry_failed'];
    const listed = await rest().get('/tools').expect(200);
    expect(listed.body.tools.map((t: { name: string }) => t.name).sort()).toEqual(names);
    const { tools } = await mcp.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual(names);
    const notifyTool = tools.find((t) => t.name === 'notify');
    expect(Object.keys(notifyTool?.inputSchema.properties ?? {})).toEqual(expect.arrayContaining(['title', 'message', 'severity', 'links', 'dedupeKey']));
  });

  it('notify over MCP returns an id at once; Slack gets Block Kit, the webhook a signed JSON body, the log channel delivers too', async () => {
    const startedAt = Math.floor(Date.now() / 1000);
    const result = await mcp.callTool({
      name: 'notify',
      arguments: {
        title: 'Disk almost full',
        message: '**/var** is at 95%, see [Grafana](https://grafana.example/d/disk)\n- clean up logs',
        severity: 'critical',
        links: [{ text: 'Runbook', url: 'https://runbooks.example/disk' }],
      },
    });
    expect(result.isError).toBeFalsy();
    const { id, deduplicated, channels } = result.structuredContent as { id: string; deduplicated: boolean; channels: string[] };
    expect(deduplicated).toBe(false);
    expect(channels).toEqual(['slack', 'webhook', 'log']);
    await waitUntilSettled(id);

    const [slackRequest] = deliveriesOf(slack, id);
    expect(slackRequest.path).toBe(SLACK_PATH);
    expect(slackRequest.headers['content-type']).toBe('application/json');
    const message = JSON.parse(slackRequest.body);
    expect(message.text).toBe(':rotating_light: [CRITICAL] Disk almost full');
    expect(message.blocks.map((b: { type: string }) => b.type)).toEqual(['header', 'section', 'context', 'actions']);
    expect(message.blocks[0]).toEqual({ type: 'header', text: { type: 'plain_text', text: 'Disk almost full', emoji: true } });
    expect(message.blocks[1].text).toEqual({ type: 'mrkdwn', text: '*/var* is at 95%, see <https://grafana.example/d/disk|Grafana>\n• clean up logs' });
    expect(message.blocks[2].elements[0].text).toContain('*CRITICAL*');
    expect(message.blocks[3].elements).toEqual([
      expect.objectContaining({ type: 'button', url: 'https://runbooks.example/disk', text: { type: 'plain_text', text: 'Runbook', emoji: true } }),
    ]);

    const [hook] = deliveriesOf(webhook, id);
    expect(hook.path).toBe(WEBHOOK_PATH);
    // What a receiver does with the README's recipe: HMAC-SHA256 over "<timestamp>.<raw body>".
    const timestamp = hook.headers['x-emm-timestamp'] as string;
    const expected = `v1=${createHmac('sha256', SIGNING_SECRET).update(`${timestamp}.${hook.body}`).digest('hex')}`;
    expect(hook.headers['x-emm-signature']).toBe(expected);
    const verify = readmeVerifier();
    expect(verify(SIGNING_SECRET, hook.headers, hook.body)).toBe(true);
    expect(verify('not-the-signing-secret', hook.headers, hook.body)).toBe(false);
    expect(verify(SIGNING_SECRET, hook.headers, hook.body.replace('Disk', 'Disc'))).toBe(false);
    expect(Number(timestamp)).toBeGreaterThanOrEqual(startedAt - 1);
    expect(Number(timestamp)).toBeLessThanOrEqual(Math.floor(Date.now() / 1000));
    expect(hook.headers['x-emm-delivery-attempt']).toBe('1');
    expect(JSON.parse(hook.body)).toEqual({
      id,
      title: 'Disk almost full',
      message: '**/var** is at 95%, see [Grafana](https://grafana.example/d/disk)\n- clean up logs',
      severity: 'critical',
      links: [{ text: 'Runbook', url: 'https://runbooks.example/disk' }],
      createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });

    const status = await statusOf(running.baseUrl, id);
    expect(status.channels).toEqual([
      expect.objectContaining({ channel: 'slack', state: 'delivered', attempts: 1, deliveredAt: expect.any(String) }),
      expect.objectContaining({ channel: 'webhook', state: 'delivered', attempts: 1 }),
      expect.objectContaining({ channel: 'log', state: 'delivered', attempts: 1 }),
    ]);
  });

  it('a receiver failing twice then succeeding gets exactly one delivery; other channels are not retried', async () => {
    const failuresLeft = new Map<string, number>();
    webhook.respond = (req) => {
      const id = req.headers['x-emm-notification-id'] as string;
      const left = failuresLeft.get(id) ?? 2;
      failuresLeft.set(id, left - 1);
      return left > 0 ? { status: 503, body: 'try later' } : { status: 200, body: 'ok' };
    };
    const { id } = await notify(notifyArgs('Flaky receiver'));
    await waitUntilSettled(id);
    await sleep(300); // nothing more may arrive

    expect(requestsFor(webhook, id).map((r) => r.status)).toEqual([503, 503, 200]);
    expect(requestsFor(webhook, id).map((r) => r.headers['x-emm-delivery-attempt'])).toEqual(['1', '2', '3']);
    expect(deliveriesOf(webhook, id)).toHaveLength(1);
    expect(requestsFor(slack, id)).toHaveLength(1);
    const webhookStatus = (await statusOf(running.baseUrl, id)).channels.find((c) => c.channel === 'webhook');
    expect(webhookStatus).toMatchObject({ state: 'delivered', attempts: 3 });
  });

  it("waits as long as a 429's Retry-After asks, not the configured backoff", async () => {
    let answered429 = false;
    slack.respond = () => {
      if (answered429) return { status: 200, body: 'ok' };
      answered429 = true;
      return { status: 429, headers: { 'retry-after': '1' }, body: 'rate_limited' };
    };
    const { id } = await notify(notifyArgs('Rate limited by Slack'));
    await waitUntilSettled(id);
    const [first, second] = requestsFor(slack, id);
    expect([first.status, second.status]).toEqual([429, 200]);
    expect(second.receivedAt - first.receivedAt).toBeGreaterThanOrEqual(950);
    const metrics = await rest().get('/metrics').expect(200);
    expect(metrics.text).toMatch(/notifications_delivered_total\{[^}]*channel="slack"[^}]*status="rate_limited"[^}]*\} [1-9]/);
  });

  it('the same dedupe key within the window sends once, even when called concurrently', async () => {
    const args = notifyArgs('Backup failed', { dedupeKey: 'backup:nightly' });
    const [a, b] = await Promise.all([notify(args), notify(args)]);
    expect(a.id).toBe(b.id);
    expect([a.deduplicated, b.deduplicated].sort()).toEqual([false, true]);
    const c = await notify(args);
    expect(c).toMatchObject({ id: a.id, deduplicated: true });
    const other = await notify(notifyArgs('Backup failed', { dedupeKey: 'backup:weekly' }));
    expect(other.id).not.toBe(a.id);

    await waitUntilSettled(a.id);
    await waitUntilSettled(other.id);
    await sleep(200);
    expect(deliveriesOf(slack, a.id)).toHaveLength(1);
    expect(deliveriesOf(webhook, a.id)).toHaveLength(1);

    // After the window the key sends again, as a new notification.
    await sleep(2_000);
    const later = await notify(args);
    expect(later).toMatchObject({ deduplicated: false });
    expect(later.id).not.toBe(a.id);
    await waitUntilSettled(later.id);
  });

  it('gives up after NOTIFY_MAX_ATTEMPTS into the failed set; an operator lists it (URL redacted) and retries it', async () => {
    let down = true;
    webhook.respond = () => (down ? { status: 500, body: 'internal error' } : { status: 200, body: 'ok' });
    const { id } = await notify(notifyArgs('Receiver down'));
    await waitUntilSettled(id, 'partially_failed');
    expect(requestsFor(webhook, id)).toHaveLength(3);

    const listed = await rest().post('/tools/list_failed').send({ channel: 'webhook' }).expect(200);
    const entry = listed.body.result.failed.find((f: { id: string }) => f.id === id);
    expect(entry).toMatchObject({ channel: 'webhook', title: 'Receiver down', attempts: 3 });
    expect(entry.lastError).toBe(`webhook: POST ${webhook.url}/… answered 500: internal error`);
    expect(JSON.stringify(listed.body)).not.toMatch(/webhook-secret-token|\/hooks\/emm/);
    const status = await statusOf(running.baseUrl, id);
    expect(status.channels.find((c) => c.channel === 'webhook')).toMatchObject({ state: 'failed', lastError: entry.lastError });
    expect(status.channels.find((c) => c.channel === 'slack')).toMatchObject({ state: 'delivered' });

    down = false;
    const retried = await callTool(running.baseUrl, 'retry_failed', { id });
    expect(retried.body.result).toEqual({ retried: [{ id, channel: 'webhook' }] });
    await waitUntilSettled(id);
    expect(deliveriesOf(webhook, id)).toHaveLength(1);
    expect((await statusOf(running.baseUrl, id)).channels.find((c) => c.channel === 'webhook')).toMatchObject({ attempts: 1 });
    const again = await callTool(running.baseUrl, 'retry_failed', { id });
    expect(again.status).toBe(404);
    expect(again.body.error?.message).toBe(`id: notification ${id} has no failed delivery`);
  });

  it('a receiver that refuses for good (404) sends the delivery to the failed set without retrying', async () => {
    slack.respond = () => ({ status: 404, body: 'no_service' });
    const { id } = await notify(notifyArgs('Revoked Slack webhook'));
    await waitUntilSettled(id, 'partially_failed');
    expect(requestsFor(slack, id)).toHaveLength(1);
    const slackStatus = (await statusOf(running.baseUrl, id)).channels.find((c) => c.channel === 'slack');
    expect(slackStatus).toMatchObject({ state: 'failed', attempts: 1, lastError: `slack: POST ${slack.url}/… answered 404: no_service` });

    slack.respond = () => ({ status: 200, body: 'ok' });
    const all = await callTool<{ retried: Array<{ id: string; channel: string }> }>(running.baseUrl, 'retry_failed', { all: true, channel: 'slack' });
    expect(all.body.result.retried).toContainEqual({ id, channel: 'slack' });
    await waitUntilSettled(id);
  });

  it('bad arguments name the field and the rule', async () => {
    const severity = await rest().post('/tools/notify').send({ title: 't', message: 'm', severity: 'urgent' }).expect(400);
    expect(severity.body.error.issues).toEqual([expect.objectContaining({ path: 'severity' })]);
    const link = await rest()
      .post('/tools/notify')
      .send({ title: 't', message: 'm', severity: 'info', links: [{ text: 'x', url: 'javascript:alert(1)' }] })
      .expect(400);
    expect(link.body.error.issues).toEqual([{ path: 'links[0].url', message: 'must be an http:// or https:// URL' }]);
    const neither = await rest().post('/tools/retry_failed').send({}).expect(400);
    expect(neither.body.error.message).toContain('give either id or all: true');
    await rest().post('/tools/notification_status').send({ id: 'meta' }).expect(400);
    const unknown = await rest().post('/tools/notification_status').send({ id: '00000000-0000-4000-8000-000000000000' }).expect(404);
    expect(unknown.body.error.message).toMatch(/^id: no notification 00000000-/);
    const disabled = await rest().post('/tools/list_failed').send({ channel: 'sms' }).expect(400);
    expect(disabled.body.error.issues[0].path).toBe('channel');

    const viaMcp = await mcp.callTool({ name: 'notify', arguments: { title: '', message: 'm', severity: 'info' } });
    expect(viaMcp.isError).toBe(true);
    expect(JSON.stringify(viaMcp.content)).toContain('title');
  });

  it('shows deliveries and queue depth in /metrics, and is ready with its workers', async () => {
    const count = (text: string) =>
      Number(/notifications_delivered_total\{[^}]*channel="webhook"[^}]*status="delivered"[^}]*\} (\d+)/.exec(text)?.[1] ?? 0);
    const before = count((await rest().get('/metrics').expect(200)).text);
    const { id } = await notify(notifyArgs('Counted'));
    await waitUntilSettled(id);
    const after = (await rest().get('/metrics').expect(200)).text;
    expect(count(after) - before).toBe(1);
    expect(after).toMatch(/queue_jobs\{[^}]*queue="emm-notifications-webhook"[^}]*state="completed"[^}]*\} [1-9]/);
    expect(after).toMatch(/queue_jobs\{[^}]*queue="emm-notifications-slack"[^}]*state="failed"[^}]*\} \d/);

    const ready = await rest().get('/health/ready').expect(200);
    expect(ready.body.details['notification-workers']).toEqual({ status: 'up' });
  });

  it('answers unavailable (not internal error) while Redis is down, and works again when it is back', async () => {
    await redis.kill();
    try {
      const res = await rest().post('/tools/notify').send(notifyArgs('During an outage')).expect(503);
      expect(res.body.error).toEqual({ code: 'unavailable', message: 'could not queue the notification: Redis is unavailable; retry shortly' });
    } finally {
      await redis.restart();
    }
    await waitFor(async () => (await rest().get('/health/ready')).status === 200, { timeoutMs: 10_000, message: 'ready again' });
    const { id } = await notify(notifyArgs('After the outage'));
    await waitUntilSettled(id);
  });
});

describe('notifications-service per-channel rate limit', () => {
  let redis: RedisServer;
  let webhook: Receiver;
  let running: RunningApp;

  beforeAll(async () => {
    redis = await startRedis();
    webhook = await startReceiver();
    running = await startApp(
      testConfig({
        REDIS_URL: redis.url,
        NOTIFY_CHANNELS: 'webhook,log',
        WEBHOOK_URL: `${webhook.url}/hook`,
        WEBHOOK_SIGNING_SECRET: SIGNING_SECRET,
        NOTIFY_RATE_LIMIT_PER_MINUTE: '1000',
        NOTIFY_WEBHOOK_RATE_LIMIT_PER_MINUTE: '2',
      }),
    );
  });

  afterAll(async () => {
    await running?.app.close();
    await webhook?.close();
    await redis?.stop();
  });

  it('holds the webhook to 2 per minute while the log channel delivers everything', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 4; i++) ids.push((await callTool<{ id: string }>(running.baseUrl, 'notify', notifyArgs(`Limited ${i}`))).body.result.id);
    const channelState = async (id: string, channel: string) => (await statusOf(running.baseUrl, id)).channels.find((c) => c.channel === channel)?.state;
    await waitFor(async () => (await Promise.all(ids.map((id) => channelState(id, 'log')))).every((state) => state === 'delivered'), {
      timeoutMs: 5_000,
      message: 'all four on the log channel',
    });
    await sleep(1_000);
    expect(webhook.requests).toHaveLength(2);
    const webhookStates = await Promise.all(ids.map((id) => channelState(id, 'webhook')));
    expect(webhookStates.filter((state) => state === 'delivered')).toHaveLength(2);
    expect(webhookStates.filter((state) => state === 'queued')).toHaveLength(2);
  });
});

describe('notifications-service with MCP_AUTH_TOKEN', () => {
  let redis: RedisServer;
  let running: RunningApp;

  beforeAll(async () => {
    redis = await startRedis();
    running = await startApp(testConfig({ REDIS_URL: redis.url, MCP_AUTH_TOKEN: 'test-token-for-e2e' }));
  });

  afterAll(async () => {
    await running?.app.close();
    await redis?.stop();
  });

  it('rejects calls without the bearer token and accepts them with it; health and metrics stay open', async () => {
    const denied = await request(running.baseUrl).post('/tools/notify').send(notifyArgs('x')).expect(401);
    expect(denied.headers['www-authenticate']).toMatch(/^Bearer /);
    await request(running.baseUrl).post('/tools/notify').set('authorization', 'Bearer test-token-for-e2e').send(notifyArgs('x')).expect(200);
    const mcp = await connectMcp(running.baseUrl, 'test-token-for-e2e');
    expect((await mcp.listTools()).tools).toHaveLength(4);
    await mcp.close();
    await request(running.baseUrl).get('/health/live').expect(200);
    await request(running.baseUrl).get('/metrics').expect(200);
  });
});
