import { copyFileSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import type { WorkflowContext } from '@emm/agent-runtime';
import { McpClient } from '@emm/mcp';
import { startStack, type Stack } from '@emm/stack';
import { filesUnder } from '@emm/testing';
import { parse as parseYaml } from 'yaml';

export const FIXTURES = join(__dirname, 'fixtures');

/** The services file-import calls, as separate processes with one Redis. */
export const IMPORT_SERVICES = ['jd-classifier-service', 'content-classifier-service', 'file-system-service', 'notifications-service'] as const;

/** file-system-service reads at most this much, so one fixture is "too large to read". */
export const READ_MAX_BYTES = 64 * 1024;

export async function startImportStack(dataDir: string, webhookUrl: string): Promise<Stack> {
  return startStack({
    dataDir,
    services: IMPORT_SERVICES,
    webhook: { url: webhookUrl },
    env: { 'file-system-service': { READ_MAX_BYTES: String(READ_MAX_BYTES) }, 'notifications-service': { NOTIFY_BACKOFF_MS: '100' } },
    logLevel: 'warn',
  });
}

/** The clients a FileImportWorkflow is built with, pointed at the stack. */
export function stackClients(stack: Stack) {
  const client = <S extends 'file-system' | 'content-classifier' | 'jd-classifier' | 'notifications'>(service: S, app: (typeof IMPORT_SERVICES)[number]) =>
    new McpClient({ service, caller: 'file-system-agent-test', url: stack.mcpUrl(app), authToken: stack.token, retry: { retries: 0 } });
  return {
    files: client('file-system', 'file-system-service'),
    classifier: client('content-classifier', 'content-classifier-service'),
    jd: client('jd-classifier', 'jd-classifier-service'),
    notifier: client('notifications', 'notifications-service'),
  };
}

export function workflowContext(runId: string): WorkflowContext {
  const quiet = () => undefined;
  return { runId, workflow: 'file-import', signal: new AbortController().signal, log: { info: quiet, warn: quiet, error: quiet } };
}

/** Writes a file under `root`, making its folders. */
export function put(root: string, path: string, content: string | Buffer): void {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), content);
}

export function putFixture(root: string, path: string, fixture: string): void {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  copyFileSync(join(FIXTURES, fixture), join(root, path));
}

/** Each file's bytes and modification time: equal snapshots mean nothing was written. */
export function snapshot(dir: string): Record<string, { content: string; mtimeMs: number }> {
  return Object.fromEntries(filesUnder(dir).map((path) => [path, { content: readFileSync(join(dir, path)).toString('base64'), mtimeMs: statSync(join(dir, path)).mtimeMs }]));
}

export interface ParsedNote {
  frontMatter: Record<string, unknown>;
  body: string;
}

export function readNote(vaultDir: string, path: string): ParsedNote {
  const text = readFileSync(join(vaultDir, path), 'utf8');
  const match = /^---\n([\s\S]*?)\n---\n?([\s\S]*)$/.exec(text);
  if (match === null) throw new Error(`${path} has no front matter:\n${text}`);
  return { frontMatter: parseYaml(match[1]) as Record<string, unknown>, body: match[2] };
}

/** A generic-webhook receiver (notifications-service's signed JSON POSTs), collecting what arrives. */
export interface WebhookReceiver {
  url: string;
  received: Array<{ id: string; title: string; message: string; severity: string; dedupeKey?: string }>;
  close(): Promise<void>;
}

export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const received: WebhookReceiver['received'] = [];
  const seen = new Set<string>();
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as WebhookReceiver['received'][number];
      // Delivery is at least once; a receiver drops repeats by id, as the service's README advises.
      if (!seen.has(body.id)) {
        seen.add(body.id);
        received.push(body);
      }
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
