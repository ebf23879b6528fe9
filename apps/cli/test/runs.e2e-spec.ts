import { join } from 'node:path';
import { freePort, spawnProcess, startRedis, waitFor, type ProcessHandle, type RedisServer } from '@emm/testing';
import { Redis } from 'ioredis';
import { emm, expectNoStack, REPO_ROOT, startEmm } from './support';

// The run commands against a real agent process: the agent runtime's test
// agent (workflow `test-items`, whose items say how they behave), on a real
// redis-server, reached with --agent-url like any agent.

const TEST_AGENT = join(REPO_ROOT, 'packages/agent-runtime/test/fixtures/test-agent.js');
const TOKEN = 'cli-runs-e2e-token-0123456789';
const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

interface ItemSpec {
  key: string;
  delayMs?: number;
  permanent?: string;
  failWhileKey?: string;
}

function input(items: ItemSpec[]): string {
  return JSON.stringify({ items });
}

function keys(count: number, spec: Omit<ItemSpec, 'key'> = {}): ItemSpec[] {
  return Array.from({ length: count }, (_, index) => ({ key: `k${index + 1}`, ...spec }));
}

describe('emm run, runs, status, retry and cancel against a real agent', () => {
  let redis: RedisServer;
  let redisClient: Redis;
  let agent: ProcessHandle;
  let port: number;
  let agentUrl: string;
  const env = { RUN_API_TOKEN: TOKEN };
  const at = (): string[] => ['--agent-url', agentUrl];

  function startAgent(): Promise<ProcessHandle> {
    return spawnProcess(process.execPath, [TEST_AGENT], {
      env: {
        PORT: String(port),
        HOST: '127.0.0.1',
        REDIS_URL: redis.url,
        RUN_API_TOKEN: TOKEN,
        LOG_LEVEL: 'warn',
        SHUTDOWN_DRAIN_MS: '0',
        ITEM_ATTEMPTS: '2',
        ITEM_BACKOFF_MS: '50',
        WORKER_CONCURRENCY: '4',
        // A killed worker's items are taken up again within seconds.
        WORKER_LOCK_DURATION_MS: '2000',
        WORKER_STALLED_INTERVAL_MS: '1000',
      },
      readyUrl: `http://127.0.0.1:${port}/health/ready`,
    });
  }

  beforeAll(async () => {
    redis = await startRedis();
    redisClient = new Redis(redis.url);
    port = await freePort();
    agentUrl = `http://127.0.0.1:${port}`;
    agent = await startAgent();
  });

  afterAll(async () => {
    await agent?.stop();
    redisClient?.disconnect();
    await redis?.stop();
  });

  /** Starts a run without waiting and returns its id. */
  async function started(items: ItemSpec[]): Promise<string> {
    const run = await emm(['run', 'test-items', input(items), '--json', ...at()], env);
    expect(run.code).toBe(0);
    return (JSON.parse(run.stdout) as { run: { id: string } }).run.id;
  }

  async function stateOf(id: string): Promise<string> {
    const run = await emm(['status', id, '--json', ...at()], env);
    return (JSON.parse(run.stdout) as { run: { state: string } }).run.state;
  }

  it('run --wait follows the run to its end: progress on stderr, then the item table and a summary; exit 0', async () => {
    const run = await emm(['run', 'test-items', '-', '--wait', ...at()], env, input(keys(5)));
    expect(run.code).toBe(0);
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^STATUS\s+ITEM\s+NOTE OR ERROR$/);
    expect(lines.slice(1, 6).sort()).toEqual(['done    item k1  notes/k1.md', 'done    item k2  notes/k2.md', 'done    item k3  notes/k3.md', 'done    item k4  notes/k4.md', 'done    item k5  notes/k5.md']);
    expect(lines[6]).toBe('');
    expect(lines[7]).toMatch(new RegExp(`^run ${UUID} completed in \\S+: 5 done of 5 items \\(\\S+ items/s\\)$`));
    // Not a terminal: plain lines, no bar, no cursor movement.
    expect(run.stderr).toMatch(new RegExp(`^emm: run ${UUID} started: test-items on the agent\n`));
    expect(run.stderr).toMatch(/^test-items [0-9a-f]{8}: completed 5\/5 \(5 done\)/m);
    expect(run.stderr).not.toContain('\r');
  });

  it('a permanently failing item: its reason in the table, the run completed_with_errors, exit 1', async () => {
    const run = await emm(['run', 'test-items', input([...keys(2), { key: 'bad', permanent: 'unsupported file type .xyz' }]), '--wait', ...at()], env);
    expect(run.code).toBe(1);
    const lines = run.stdout.trimEnd().split('\n');
    // Failures come last, right above the summary.
    expect(lines.at(-3)).toBe('failed  item bad  unsupported file type .xyz');
    expect(lines.at(-1)).toMatch(new RegExp(`^run ${UUID} completed_with_errors in \\S+: 2 done, 1 failed of 3 items`));
  });

  it('run --wait --json prints one JSON document: the final run with every item', async () => {
    const run = await emm(['run', 'test-items', input(keys(2)), '--wait', '--json', ...at()], env);
    expect(run.code).toBe(0);
    expect(run.stdout.trimEnd().split('\n')).toHaveLength(1);
    const { run: final, agent: answeredBy } = JSON.parse(run.stdout) as { run: { state: string; counts: object; items: unknown[] }; agent: object };
    expect(final).toMatchObject({ state: 'completed', counts: { total: 2, done: 2, pending: 0 } });
    expect(final.items).toHaveLength(2);
    expect(answeredBy).toEqual({ name: 'the agent', url: agentUrl });
  });

  it('run without --wait prints the id and state; status shows state, counts and items, --items filters them', async () => {
    const run = await emm(['run', 'test-items', input([{ key: 'ok' }, { key: 'broken', permanent: 'not a PDF' }]), ...at()], env);
    expect(run.code).toBe(0);
    const [, id] = new RegExp(`^run (${UUID}) queued: test-items on the agent\nfollow it: emm status \\1\n$`).exec(run.stdout) ?? [];
    expect(id).toBeDefined();
    await waitFor(async () => (await stateOf(id)) === 'completed_with_errors', { timeoutMs: 15_000 });

    const status = await emm(['status', id, ...at()], env);
    expect(status.code).toBe(0);
    expect(status.stdout).toContain(`run      ${id}\nworkflow test-items on the agent (${agentUrl})\nstate    completed_with_errors\nitems    1 done, 1 failed of 2 items\n`);
    expect(status.stdout).toMatch(/\nSTATUS\s+ITEM\s+NOTE OR ERROR\ndone\s+item ok\s+notes\/ok\.md\nfailed\s+item broken\s+not a PDF\n$/);

    const failed = await emm(['status', id, '--items', 'failed', ...at()], env);
    expect(failed.stdout).toMatch(/\nSTATUS\s+ITEM\s+NOTE OR ERROR\nfailed\s+item broken\s+not a PDF\n$/);
    const review = await emm(['status', id, '--items', 'needs-review', ...at()], env);
    expect(review.stdout).toMatch(/\n\nno needs review items\n$/);
  });

  it('runs lists runs newest first; --state and --limit narrow the list; --json for programs', async () => {
    const older = await started([{ key: 'older', permanent: 'broken' }]);
    const newer = await started(keys(1));
    await waitFor(async () => (await stateOf(newer)) === 'completed' && (await stateOf(older)) === 'completed_with_errors', { timeoutMs: 15_000 });

    const listed = await emm(['runs', '--limit', '2', ...at()], env);
    expect(listed.code).toBe(0);
    const lines = listed.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^ID\s+WORKFLOW\s+STATE\s+ITEMS\s+DONE\s+REVIEW\s+SKIPPED\s+FAILED\s+CREATED\s+TOOK$/);
    expect(lines.slice(1).map((line) => line.split(/\s+/).slice(0, 3))).toEqual([
      [newer, 'test-items', 'completed'],
      [older, 'test-items', 'completed_with_errors'],
    ]);

    const withErrors = await emm(['runs', '--state', 'completed_with_errors', '--json', ...at()], env);
    const { runs } = JSON.parse(withErrors.stdout) as { runs: Array<{ id: string; state: string; agent: string }> };
    expect(runs.length).toBeGreaterThanOrEqual(1);
    expect(runs[0]).toMatchObject({ id: older, agent: 'the agent' });
    expect(new Set(runs.map((run) => run.state))).toEqual(new Set(['completed_with_errors']));

    const badState = await emm(['runs', '--state', 'done', ...at()], env);
    expect(badState.code).toBe(1);
    expect(badState.stderr).toMatch(/^emm: the agent refused the request:\n {2}state: must be one of "queued", "planning", "running", /);
  });

  it('retry --wait runs the failed items again and exits 0 once they succeed; a second retry gets the agent’s refusal', async () => {
    const block = 'emm-cli-test:block';
    await redisClient.set(block, '1');
    const first = await emm(['run', 'test-items', input([{ key: 'blocked', failWhileKey: block }, ...keys(2)]), '--wait', ...at()], env);
    expect(first.code).toBe(1);
    expect(first.stdout).toContain(`failed  item blocked  blocked by ${block}`);
    const id = new RegExp(`^run (${UUID}) completed_with_errors`, 'm').exec(first.stdout)?.[1] ?? '';

    await redisClient.del(block);
    const retried = await emm(['retry', id, '--wait', ...at()], env);
    expect(retried.code).toBe(0);
    expect(retried.stderr).toMatch(new RegExp(`^emm: run ${id} retrying 1 failed item again on the agent\n`));
    expect(retried.stdout).toContain('done    item blocked  notes/blocked.md');
    expect(retried.stdout).toMatch(new RegExp(`\nrun ${id} completed in \\S+: 3 done of 3 items\n$`));

    const again = await emm(['retry', id, ...at()], env);
    expect(again).toMatchObject({ code: 1, stdout: '', stderr: `emm: run ${id} has no failed items that can be retried\n` });
  });

  it('cancel stops a running run: the command following it ends cancelled with exit 1; a second cancel is refused', async () => {
    const following = startEmm(['run', 'test-items', '-', '--wait', ...at()], env, input(keys(60, { delayMs: 250 })));
    const [, id] = await following.waitForStderr(new RegExp(`^emm: run (${UUID}) started`));

    const cancelled = await emm(['cancel', id, ...at()], env);
    expect(cancelled.code).toBe(0);
    expect(cancelled.stdout).toMatch(new RegExp(`^run ${id} (cancelling: items not yet started are skipped, items in progress finish|cancelled)\n$`));

    const run = await following.finished;
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^skipped\s+item k\d+/m);
    expect(run.stdout).toMatch(new RegExp(`\nrun ${id} cancelled in \\S+: (\\d+ done, )?\\d+ skipped of 60 items`));

    const again = await emm(['cancel', id, ...at()], env);
    expect(again).toMatchObject({ code: 1, stderr: `emm: run ${id} has already ended (cancelled); nothing to cancel\n` });
  });

  it('Ctrl-C while following leaves the run running and says how to go on; exit 130', async () => {
    const following = startEmm(['run', 'test-items', input(keys(8, { delayMs: 500 })), '--wait', ...at()], env);
    const [, id] = await following.waitForStderr(new RegExp(`^emm: run (${UUID}) started`));
    following.signal('SIGINT');
    const run = await following.finished;
    expect(run.code).toBe(130);
    expect(run.stderr).toContain(`emm: stopped following run ${id}; it goes on (emm status ${id}, emm cancel ${id})\n`);
    await waitFor(async () => (await stateOf(id)) === 'completed', { timeoutMs: 15_000 });
  });

  it('a wrong or missing token: one line saying which variable to set; exit 1', async () => {
    const wrong = await emm(['runs', ...at()], { RUN_API_TOKEN: 'not-the-token' });
    expect(wrong).toMatchObject({ code: 1, stdout: '', stderr: "emm: the agent refused the token: set RUN_API_TOKEN or MCP_AUTH_TOKEN to the agent's RUN_API_TOKEN\n" });
    const missing = await emm(['run', 'test-items', input(keys(1)), '--json', ...at()], {});
    expect(missing.code).toBe(1);
    expect(missing.stderr).toBe('emm: the agent requires a token: set RUN_API_TOKEN or MCP_AUTH_TOKEN\n');
    expect(JSON.parse(missing.stdout)).toEqual({ error: { code: 'unauthorized', message: 'the agent requires a token: set RUN_API_TOKEN or MCP_AUTH_TOKEN', agent: 'the agent', url: agentUrl, status: 401 } });
    // MCP_AUTH_TOKEN is the fallback, as in the agents themselves.
    expect((await emm(['runs', '--limit', '1', ...at()], { MCP_AUTH_TOKEN: TOKEN })).code).toBe(0);
  });

  it('bad input: each field with the rule it broke; --json carries the issues', async () => {
    const run = await emm(['run', 'test-items', JSON.stringify({ items: [{ key: '' }, { key: 'x', delayMs: -1 }] }), ...at()], env);
    expect(run).toMatchObject({
      code: 1,
      stdout: '',
      stderr: 'emm: the agent refused the request:\n  input.items[0].key: must not be empty\n  input.items[1].delayMs: must be at least 0\n',
    });
    const json = await emm(['run', 'test-items', '{"items":"none"}', '--json', ...at()], env);
    expect(JSON.parse(json.stdout)).toMatchObject({ error: { code: 'invalid_argument', status: 400, issues: [{ path: 'input.items', message: expect.stringMatching(/^must be an array/) }] } });
    for (const result of [run, json]) expectNoStack(result.stderr);
  });

  it('an unknown run: not found, in the agent’s words; exit 1', async () => {
    const id = '00000000-0000-4000-8000-000000000000';
    const run = await emm(['status', id, ...at()], env);
    expect(run).toMatchObject({ code: 1, stderr: `emm: run ${id} not found on the agent (unknown, or older than RUN_HISTORY_MS)\n` });
  });

  it('the event stream drops when the agent dies: the run is polled until the restarted agent finishes it', async () => {
    const following = startEmm(['run', 'test-items', input(keys(24, { delayMs: 300 })), '--wait', ...at()], env);
    await following.waitForStderr(/: running \d+\/24/);
    agent.signal('SIGKILL'); // like a crashed pod: no goodbye on the stream
    await agent.exited;
    await following.waitForStderr(/^emm: the event stream of the agent dropped: .*; asking every 1s instead$/m);
    agent = await startAgent();
    const run = await following.finished;
    expect(run.stderr).toMatch(/^emm: cannot reach the agent at .*: connection (refused|closed by the agent); is it running\? check --agent-url; trying again for up to 60s$/m);
    expect(run.stderr).toContain('emm: the agent answers again\n');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(new RegExp(`\nrun ${UUID} completed in \\S+: 24 done of 24 items`));
  }, 60_000);
});

describe('emm run commands when no agent answers', () => {
  let closed: string;

  beforeAll(async () => {
    closed = `http://127.0.0.1:${await freePort()}`;
  });

  it('names the agent, its address and the variable to set; exit 1', async () => {
    const run = await emm(['run', 'file-import'], { FILE_SYSTEM_AGENT_URL: closed });
    expect(run).toMatchObject({
      code: 1,
      stdout: '',
      stderr: `emm: cannot reach file-system-agent at ${closed}: connection refused; is it running? set FILE_SYSTEM_AGENT_URL\n`,
    });
  });

  it('a run id is looked for on every agent; each one that could not be asked gets its line', async () => {
    const env = { FILE_SYSTEM_AGENT_URL: closed, BOOKMARK_SCRAPER_URL: closed, CONFLUENCE_AGENT_URL: closed };
    const run = await emm(['status', '00000000-0000-4000-8000-000000000000'], env);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      [
        'emm: run 00000000-0000-4000-8000-000000000000: no agent could be asked:',
        `  cannot reach file-system-agent at ${closed}: connection refused; is it running? set FILE_SYSTEM_AGENT_URL`,
        `  cannot reach bookmark-scraper at ${closed}: connection refused; is it running? set BOOKMARK_SCRAPER_URL`,
        `  cannot reach confluence-agent at ${closed}: connection refused; is it running? set CONFLUENCE_AGENT_URL`,
        '',
      ].join('\n'),
    );
    expectNoStack(run.stderr);
  });

  it('a wrong command line or environment: the problem and the usage; exit 2', async () => {
    const unknown = await emm(['run', 'file-imports'], {});
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/^emm: unknown workflow "file-imports"; known: file-import \(file-system-agent\), bookmark-import \(bookmark-scraper\), confluence-sync \(confluence-agent\)/);
    expect(unknown.stderr).toContain('Usage: emm <command> [options]');

    const badInput = await emm(['run', 'file-import', '["scans"]'], {});
    expect(badInput.code).toBe(2);
    expect(badInput.stderr).toMatch(/^emm: the input must be a JSON object/);

    const badEnv = await emm(['runs'], { CONFLUENCE_AGENT_URL: 'confluence-agent:8080' });
    expect(badEnv).toMatchObject({ code: 2, stdout: '', stderr: 'config error: CONFLUENCE_AGENT_URL: must be an http:// or https:// URL\n' });
  });
});
