import { execFile } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { freePort } from '@emm/testing';
import { IMAGE_APPS } from './support/apps';
import { resolvedCompose, userVariables } from './support/compose';

/**
 * The apps' compose health check is a Node one-liner (the image has no curl). It is run here
 * exactly as Docker runs it (`node -e <script>` with the container's PORT) against a real HTTP
 * server that answers like an app does.
 */
const compose = resolvedCompose(userVariables());
const scripts = [...new Set(IMAGE_APPS.map((app) => compose.services[app.name]?.healthcheck?.test[3]).filter((script) => script !== undefined))];

/** Exit code of the probe run with `PORT=port`. */
function probe(script: string, port: number): Promise<number> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['-e', script], { env: { PATH: process.env.PATH, PORT: String(port) }, timeout: 10_000 }, (error) => {
      resolve(error === null ? 0 : typeof error.code === 'number' ? error.code : 1);
    });
  });
}

/** A server answering `readyStatus` on /health/ready and 200 on anything else; records the paths asked for. */
async function appLike(readyStatus: number): Promise<{ server: Server; port: number; paths: string[] }> {
  const paths: string[] = [];
  const server = createServer((req, res) => {
    paths.push(req.url ?? '');
    res.writeHead(req.url === '/health/ready' ? readyStatus : 200, { 'content-type': 'application/json' });
    res.end('{}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as AddressInfo).port, paths };
}

const servers: Server[] = [];
afterAll(async () => {
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
});

it('one probe serves every app', () => {
  expect(scripts).toHaveLength(1);
});

describe.each(scripts.map((script, index) => [index, script] as const))('health check %i', (_index, script) => {
  it('passes when /health/ready on PORT answers 200', async () => {
    const app = await appLike(200);
    servers.push(app.server);
    expect(await probe(script, app.port)).toBe(0);
    expect(app.paths).toEqual(['/health/ready']);
  });

  it('fails when the app is not ready (503), even though it is alive', async () => {
    const app = await appLike(503);
    servers.push(app.server);
    expect(await probe(script, app.port)).not.toBe(0);
  });

  it('fails when nothing listens on PORT', async () => {
    expect(await probe(script, await freePort())).not.toBe(0);
  });
});
