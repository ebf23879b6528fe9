import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedWebhook {
  /** The parsed JSON body (undefined when it was not JSON). */
  body: unknown;
  rawBody: string;
  headers: IncomingMessage['headers'];
  /** The `x-emm-signature` matched HMAC-SHA256(secret, "<x-emm-timestamp>.<body>"). */
  signatureValid: boolean;
  at: number;
}

export interface WebhookReceiver {
  /** `http://127.0.0.1:<port>/hook` */
  url: string;
  secret: string;
  readonly received: ReceivedWebhook[];
  /** From now on answer `status` instead of 204 (e.g. 503 to make the sender retry). */
  respondWith(status: number): void;
  stop(): Promise<void>;
}

/**
 * A generic-webhook endpoint on a free 127.0.0.1 port, like the one an
 * operator points notifications-service at: it checks the signature, answers
 * 204 and keeps what it received. `startStack({ webhook: receiver })`.
 */
export async function startWebhookReceiver(options: { secret?: string } = {}): Promise<WebhookReceiver> {
  const secret = options.secret ?? randomBytes(24).toString('hex');
  const received: ReceivedWebhook[] = [];
  let status = 204;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const rawBody = Buffer.concat(chunks).toString('utf8');
      received.push({ body: parseJson(rawBody), rawBody, headers: req.headers, signatureValid: signatureValid(secret, req, rawBody), at: Date.now() });
      res.writeHead(status).end();
    });
  });
  await new Promise<void>((ready, fail) => {
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => ready());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    secret,
    received,
    respondWith: (next) => (status = next),
    stop: async () => {
      server.closeAllConnections();
      await new Promise<void>((done) => server.close(() => done()));
    },
  };
}

function signatureValid(secret: string, req: IncomingMessage, rawBody: string): boolean {
  const timestamp = req.headers['x-emm-timestamp'];
  const signature = req.headers['x-emm-signature'];
  if (typeof timestamp !== 'string' || typeof signature !== 'string') return false;
  const expected = Buffer.from(`v1=${createHmac('sha256', secret).update(`${timestamp}.${rawBody}`).digest('hex')}`);
  const actual = Buffer.from(signature);
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
