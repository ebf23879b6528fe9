import { mkdirSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { type PageServer, servePages, startWebhookReceiver } from '../src';
import { tempDataDir } from './support';

/** A GET with the path sent exactly as written (fetch would normalise `..` away). */
function rawGet(origin: string, path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(`${origin}${path}`, { agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.path = path;
    req.once('error', reject).end();
  });
}

describe('servePages', () => {
  const dir = tempDataDir();
  let pages: PageServer;

  beforeAll(async () => {
    mkdirSync(join(dir.path, 'site', 'docs'), { recursive: true });
    writeFileSync(join(dir.path, 'site', 'docs', 'index.html'), '<h1>Docs</h1>');
    writeFileSync(join(dir.path, 'site', 'notes.txt'), 'plain notes');
    writeFileSync(join(dir.path, 'secret.txt'), 'outside the site');
    pages = await servePages(join(dir.path, 'site'));
  });

  afterAll(async () => {
    await pages?.stop();
    dir.remove();
  });

  it('serves files with their content type and a folder’s index.html', async () => {
    const text = await fetch(pages.url('notes.txt'));
    expect([text.status, text.headers.get('content-type'), await text.text()]).toEqual([200, 'text/plain; charset=utf-8', 'plain notes']);
    const index = await fetch(pages.url('docs/'));
    expect([index.status, index.headers.get('content-type'), await index.text()]).toEqual([200, 'text/html; charset=utf-8', '<h1>Docs</h1>']);
    expect(pages.host).toBe(`127.0.0.1:${pages.port}`);
  });

  it('answers 404 for missing files and for paths leading out of the folder', async () => {
    expect((await fetch(pages.url('missing.html'))).status).toBe(404);
    expect((await rawGet(pages.origin, '/../secret.txt')).status).toBe(404);
    expect((await rawGet(pages.origin, '/%2e%2e/secret.txt')).status).toBe(404);
  });

  it('turns a page into a dead link on request', async () => {
    pages.failPath('notes.txt', 410);
    expect((await fetch(pages.url('notes.txt'))).status).toBe(410);
    expect(pages.requests).toContain('/notes.txt');
  });
});

describe('startWebhookReceiver', () => {
  it('keeps what it receives and checks the signature', async () => {
    const receiver = await startWebhookReceiver({ secret: 'a-webhook-secret-of-some-length' });
    try {
      const res = await fetch(receiver.url, { method: 'POST', headers: { 'x-emm-timestamp': '1', 'x-emm-signature': 'v1=forged' }, body: '{"title":"x"}' });
      expect(res.status).toBe(204);
      expect(receiver.received).toEqual([expect.objectContaining({ body: { title: 'x' }, signatureValid: false })]);
      receiver.respondWith(503);
      expect((await fetch(receiver.url, { method: 'POST', body: '{}' })).status).toBe(503);
    } finally {
      await receiver.stop();
    }
  });
});
