import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { freePort } from '@emm/testing';
import { DeliveryError, PermanentDeliveryError, RateLimitedError } from './errors';
import { postJson } from './http-post';

type Reply = (res: import('node:http').ServerResponse) => void;

describe('postJson', () => {
  let server: Server;
  let base: string;
  let reply: Reply;
  let received: { body: string; contentType?: string } | undefined;

  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        received = { body, contentType: req.headers['content-type'] };
        reply(res);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  const secretUrl = () => `${base}/hooks/T000/B000/the-secret-part`;
  const post = (timeoutMs = 2_000) => postJson(secretUrl(), '{"a":1}', { label: 'webhook', timeoutMs });

  it('resolves on 2xx and sends the JSON body', async () => {
    reply = (res) => res.writeHead(204).end();
    await expect(post()).resolves.toBeUndefined();
    expect(received).toEqual({ body: '{"a":1}', contentType: 'application/json' });
  });

  it('turns 429 into RateLimitedError carrying Retry-After', async () => {
    reply = (res) => res.writeHead(429, { 'retry-after': '7' }).end('rate_limited');
    const error = await post().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimitedError);
    expect((error as RateLimitedError).retryAfterMs).toBe(7_000);
  });

  it('retries 5xx, gives up on other 4xx and on redirects, quoting the receiver but never the URL path', async () => {
    reply = (res) => res.writeHead(503).end('upstream down');
    const transient = await post().catch((e: unknown) => e);
    expect(transient).toBeInstanceOf(DeliveryError);
    expect((transient as Error).message).toBe(`webhook: POST ${base}/… answered 503: upstream down`);

    reply = (res) => res.writeHead(404).end('no_service');
    const gone = await post().catch((e: unknown) => e);
    expect(gone).toBeInstanceOf(PermanentDeliveryError);
    expect((gone as Error).message).toContain('answered 404: no_service');

    reply = (res) => res.writeHead(302, { location: 'http://elsewhere.example/' }).end();
    await expect(post()).rejects.toBeInstanceOf(PermanentDeliveryError);
    for (const error of [transient, gone]) expect((error as Error).message).not.toContain('the-secret-part');
  });

  it('reports a timeout and a refused connection as retryable, without the path', async () => {
    reply = () => undefined; // never answers
    const slow = await post(200).catch((e: unknown) => e);
    expect(slow).toBeInstanceOf(DeliveryError);
    expect((slow as Error).message).toBe(`webhook: POST ${base}/… timed out after 200 ms`);

    const closedPort = await freePort();
    const refused = await postJson(`http://127.0.0.1:${closedPort}/secret/path`, '{}', { label: 'slack', timeoutMs: 2_000 }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(DeliveryError);
    expect((refused as Error).message).toMatch(/^slack: POST http:\/\/127\.0\.0\.1:\d+\/… failed: .*ECONNREFUSED/);
    expect((refused as Error).message).not.toContain('secret');
  });
});
