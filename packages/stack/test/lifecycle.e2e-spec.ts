import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { jdClassifier } from '@emm/contracts';
import type { McpClient } from '@emm/mcp';
import { httpStatus, sleep, waitFor } from '@emm/testing';
import { Redis } from 'ioredis';
import { ProcessStartError, type Stack, startStack } from '../src';
import { childProcesses, clientOf, isAlive, tempDataDir } from './support';

const readiness = (stack: Stack, app: 'jd-classifier-service' | 'file-system-service'): Promise<number | string> =>
  httpStatus(`${stack.baseUrl(app)}/health/ready`).catch(() => 'refused');

describe('a running stack: crashes, restarts, Redis restarts', () => {
  const dataDir = tempDataDir();
  let stack: Stack;
  let jd: McpClient<'jd-classifier'>;

  beforeAll(async () => {
    stack = await startStack({ dataDir: dataDir.path, services: ['jd-classifier-service', 'file-system-service'] });
    jd = clientOf(stack, 'jd-classifier', 'jd-classifier-service');
  }, 60_000);

  afterAll(async () => {
    await jd?.close();
    await stack?.stop();
    dataDir.remove();
  });

  it('creates the vault, the inbox and the logs under the data dir', () => {
    expect(stack).toMatchObject({ vaultDir: join(dataDir.path, 'vault'), unsortedDir: join(dataDir.path, 'unsorted'), logDir: join(dataDir.path, 'logs') });
    expect(stack.logTail('redis')).toContain('Ready to accept connections');
  });

  it('brings a SIGKILLed service back on the same port', async () => {
    const before = stack.apps.find((app) => app.name === 'jd-classifier-service')!;
    const exit = await stack.kill('jd-classifier-service');
    expect(exit).toEqual({ code: null, signal: 'SIGKILL' });
    expect(isAlive(before.pid!)).toBe(false);
    expect(stack.apps.find((app) => app.name === 'jd-classifier-service')).toMatchObject({ state: 'exited', pid: undefined, exit: { signal: 'SIGKILL' } });
    expect(await readiness(stack, 'jd-classifier-service')).toBe('refused');

    await stack.restart('jd-classifier-service');
    const after = stack.apps.find((app) => app.name === 'jd-classifier-service')!;
    expect(after).toMatchObject({ state: 'ready', port: before.port });
    expect(after.pid).not.toBe(before.pid);
    expect(await readiness(stack, 'jd-classifier-service')).toBe(200);
    expect((await jd.call(jdClassifier.validateId, { id: '11.01' })).valid).toBe(true);
  });

  it('stops a service gracefully (exit 0) and starts it again on the same port', async () => {
    const port = stack.apps.find((app) => app.name === 'file-system-service')!.port;
    expect(await stack.stopApp('file-system-service')).toEqual({ code: 0, signal: null });
    expect(stack.apps.find((app) => app.name === 'file-system-service')!.state).toBe('stopped');
    await stack.startApp('file-system-service');
    expect(stack.apps.find((app) => app.name === 'file-system-service')).toMatchObject({ state: 'ready', port });
    await expect(stack.startApp('file-system-service')).rejects.toThrow(`file-system-service is already running (port ${port})`);
  });

  it('restarts Redis on the same port and data dir: its AOF keeps what was written', async () => {
    const redis = new Redis(stack.redisUrl, { maxRetriesPerRequest: 1, retryStrategy: () => 200, lazyConnect: true });
    redis.on('error', () => undefined);
    try {
      await redis.connect();
      await redis.set('emm:stack-test:graceful', 'kept');
      const allocated = await jd.call(jdClassifier.allocateId, { category: '11', name: 'Stack test account', key: 'stack-test' });
      expect(allocated.created).toBe(true);

      await stack.stopRedis();
      await waitFor(async () => (await readiness(stack, 'jd-classifier-service')) === 503, { timeoutMs: 10_000, message: 'readiness to fail without Redis' });
      await stack.startRedis();
      await waitFor(async () => (await readiness(stack, 'jd-classifier-service')) === 200, { timeoutMs: 15_000, message: 'readiness after the Redis restart' });
      expect(await redis.get('emm:stack-test:graceful')).toBe('kept');

      // A crash loses at most the last second (appendfsync everysec): what is older survives.
      await redis.set('emm:stack-test:crash', 'kept');
      await sleep(1_500);
      await stack.killRedis();
      await stack.startRedis();
      await waitFor(async () => (await readiness(stack, 'jd-classifier-service')) === 200, { timeoutMs: 15_000, message: 'readiness after the Redis crash' });
      expect(await redis.get('emm:stack-test:crash')).toBe('kept');
      const again = await jd.call(jdClassifier.allocateId, { category: '11', name: 'Stack test account', key: 'stack-test' });
      expect(again).toEqual({ ...allocated, created: false });
    } finally {
      redis.disconnect();
    }
  }, 60_000);
});

describe('a stack that cannot start', () => {
  const dataDir = tempDataDir();

  afterAll(() => dataDir.remove());

  it('names the app that failed with the tail of its log, and leaves no process behind', async () => {
    const failure = await startStack({
      dataDir: dataDir.path,
      services: ['jd-classifier-service', 'content-classifier-service'],
      env: { 'content-classifier-service': { CLASSIFY_REVIEW_THRESHOLD: 'high', LLM_TIMEOUT_MS: 'soon' } },
    }).catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(ProcessStartError);
    const error = failure as ProcessStartError;
    expect(error.processName).toBe('content-classifier-service');
    expect(error.message).toMatch(/^content-classifier-service exited before it was ready \(exit code 1\); last lines of .*content-classifier-service\.log:\n/);
    expect(error.logTail.split('\n')).toEqual([
      'config error: LLM_TIMEOUT_MS: must be a duration such as 1500, 500ms, 5s or 2m',
      'config error: CLASSIFY_REVIEW_THRESHOLD: must be a number between 0 and 1',
    ]);
    expect(error.logFile).toBe(join(dataDir.path, 'logs', 'content-classifier-service.log'));
    // jd-classifier and Redis had started: they were stopped again.
    expect(childProcesses()).toEqual([]);
  }, 60_000);

  it('refuses a service whose dependencies are not in the stack, before starting anything', async () => {
    await expect(startStack({ dataDir: dataDir.path, services: ['bookmark-classifier-service', 'jd-classifier-service'] })).rejects.toThrow(
      "bookmark-classifier-service calls content-classifier-service, which this stack does not run: add it to services, or set MCP_CONTENT_CLASSIFIER_URL in env['bookmark-classifier-service']",
    );
    expect(childProcesses()).toEqual([]);
  });

  it('refuses names that are not apps', async () => {
    await expect(startStack({ dataDir: dataDir.path, services: ['jd-classifier' as never] })).rejects.toThrow(/^unknown app jd-classifier; the stack runs jd-classifier-service, /);
  });
});

describe('a stack whose owner dies', () => {
  const dataDir = tempDataDir();

  afterAll(() => dataDir.remove());

  it('does not outlive it, even when the owner is SIGKILLed and runs no exit handler', async () => {
    const owner = spawn(process.execPath, [join(__dirname, 'fixtures', 'stack-owner.js'), dataDir.path], { stdio: ['ignore', 'pipe', 'inherit'] });
    const firstLine = await new Promise<string>((resolve, reject) => {
      let out = '';
      owner.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        if (out.includes('\n')) resolve(out.split('\n')[0]);
      });
      owner.once('exit', (code) => reject(new Error(`the stack owner exited (code ${code}) before its stack was up`)));
    });
    const stackPids = JSON.parse(firstLine) as number[];
    expect(stackPids).toHaveLength(2); // redis-server and jd-classifier-service
    expect(stackPids.every(isAlive)).toBe(true);

    owner.kill('SIGKILL');
    await waitFor(() => !stackPids.some(isAlive), { timeoutMs: 15_000, message: 'the orphaned stack processes to stop' });
  }, 60_000);
});
