import { join } from 'node:path';
import type { DynamicModule, INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { loadConfig } from '@emm/config';
import { freePort, spawnProcess, type ProcessHandle, waitFor } from '@emm/testing';
import request from 'supertest';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const fixture = require('./fixtures/test-agent.js') as {
  schema: Parameters<typeof loadConfig>[0];
  appModule: (config: unknown) => DynamicModule;
};

export const FIXTURE_MAIN = join(__dirname, 'fixtures/test-agent.js');
export const TOKEN = 'test-token-0123456789';

export interface ItemSpec {
  key: string;
  delayMs?: number;
  failUntilAttempt?: number;
  permanent?: string;
  failWhileKey?: string;
}

export function agentEnv(redisUrl: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    REDIS_URL: redisUrl,
    LOG_LEVEL: 'silent',
    SHUTDOWN_DRAIN_MS: '0',
    RUN_API_TOKEN: TOKEN,
    ITEM_BACKOFF_MS: '50',
    WORKER_LOCK_DURATION_MS: '2000',
    WORKER_STALLED_INTERVAL_MS: '1000',
    ...extra,
  };
}

export interface RunningAgent {
  app: INestApplication;
  baseUrl: string;
  close(): Promise<void>;
}

/** The fixture agent in this process (Test.createTestingModule), listening on a free port. */
export async function startAgent(env: Record<string, string>): Promise<RunningAgent> {
  const config = loadConfig(fixture.schema, env);
  const moduleRef = await Test.createTestingModule({ imports: [fixture.appModule(config)] }).compile();
  const app = moduleRef.createNestApplication({ logger: false });
  await app.listen(0, '127.0.0.1');
  const baseUrl = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  await waitFor(async () => (await request(baseUrl).get('/health/ready')).status === 200, { timeoutMs: 10_000 });
  return { app, baseUrl, close: () => app.close() };
}

/** The fixture agent as a real process (for SIGKILL and SIGTERM). */
export async function spawnAgent(env: Record<string, string>): Promise<{ handle: ProcessHandle; baseUrl: string }> {
  const port = await freePort();
  const handle = await spawnProcess(process.execPath, [FIXTURE_MAIN], {
    env: { ...env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: env.LOG_LEVEL === 'silent' ? 'warn' : env.LOG_LEVEL },
    readyUrl: `http://127.0.0.1:${port}/health/ready`,
  });
  return { handle, baseUrl: `http://127.0.0.1:${port}` };
}

export function auth(): Record<string, string> {
  return { authorization: `Bearer ${TOKEN}` };
}

export async function startRun(baseUrl: string, items: ItemSpec[], extra: Record<string, unknown> = {}): Promise<string> {
  const response = await request(baseUrl).post('/runs').set(auth()).send({ workflow: 'test-items', input: { items, ...extra } });
  if (response.status !== 202) throw new Error(`POST /runs answered ${response.status}: ${JSON.stringify(response.body)}`);
  return (response.body as { id: string }).id;
}

export interface RunBody {
  id: string;
  state: string;
  counts: { total: number; pending: number; done: number; failed: number; skipped: number; needsReview: number };
  items: Array<{ key: string; status: string; error?: string; detail?: string; notePath?: string; attempts: number }>;
  retries: number;
  error?: string;
}

export async function getRun(baseUrl: string, id: string): Promise<RunBody> {
  const response = await request(baseUrl).get(`/runs/${id}`).set(auth());
  if (response.status !== 200) throw new Error(`GET /runs/${id} answered ${response.status}: ${JSON.stringify(response.body)}`);
  return response.body as RunBody;
}

const FINAL = ['completed', 'completed_with_errors', 'failed', 'cancelled'];

export async function waitForFinal(baseUrl: string, id: string, timeoutMs = 30_000): Promise<RunBody> {
  let run: RunBody | undefined;
  await waitFor(
    async () => {
      run = await getRun(baseUrl, id);
      return FINAL.includes(run.state);
    },
    { timeoutMs, intervalMs: 100 },
  );
  return run!;
}

export function items(count: number, spec: Omit<ItemSpec, 'key'> = {}): ItemSpec[] {
  return Array.from({ length: count }, (_, index) => ({ key: `k${String(index).padStart(4, '0')}`, ...spec }));
}
