import { execFile } from 'node:child_process';
import { dirname, join } from 'node:path';
import { freePort, spawnProcess, startRedis, type ProcessHandle, type RedisServer } from '@emm/testing';
import { emm, expectNoStack, REPO_ROOT, type Run } from './support';

const JD_DIR = dirname(require.resolve('jd-classifier-service/package.json'));
const TOKEN = 'cli-e2e-token';

describe('emm against a real jd-classifier-service', () => {
  let redis: RedisServer;
  let jd: ProcessHandle;
  let env: Record<string, string>;

  beforeAll(async () => {
    redis = await startRedis();
    const port = await freePort();
    jd = await spawnProcess(process.execPath, ['dist/main.js'], {
      cwd: JD_DIR,
      env: {
        PORT: String(port),
        HOST: '127.0.0.1',
        REDIS_URL: redis.url,
        JD_STRUCTURE_PATH: join(REPO_ROOT, 'examples/jd.yaml'),
        LOG_LEVEL: 'warn',
        SHUTDOWN_DRAIN_MS: '0',
        MCP_AUTH_TOKEN: TOKEN,
      },
      readyUrl: `http://127.0.0.1:${port}/health/ready`,
    });
    env = { MCP_JD_CLASSIFIER_URL: `http://127.0.0.1:${port}/mcp`, MCP_AUTH_TOKEN: TOKEN };
  });

  afterAll(async () => {
    await jd?.stop();
    await redis?.stop();
  });

  it('emm tools lists the tools with cache TTL and idempotency', async () => {
    const run = await emm(['tools', 'jd-classifier'], env);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe(`jd-classifier at ${env.MCP_JD_CLASSIFIER_URL}: 5 tools`);
    expect(lines[2]).toMatch(/^NAME\s+TITLE\s+CACHE\s+IDEMPOTENT\s+DESCRIPTION$/);
    expect(run.stdout).toMatch(/^find_category\s+Find a category\s+300s\s+yes\s+Finds where something belongs\./m);
    expect(run.stdout).toMatch(/^allocate_id\s+Allocate a new ID\s+no\s+no\s+Creates the next free ID/m);
  });

  it('emm tools --json gives the listing to programs', async () => {
    const run = await emm(['tools', 'jd-classifier-service', '--json'], env);
    expect(run.code).toBe(0);
    const { tools } = JSON.parse(run.stdout) as { tools: Array<{ name: string; cache: unknown; idempotent: boolean; inputSchema: unknown }> };
    expect(tools.map((tool) => tool.name).sort()).toEqual(['allocate_id', 'find_category', 'get_structure', 'resolve_path', 'validate_id']);
    expect(tools.find((tool) => tool.name === 'find_category')).toMatchObject({ cache: { ttlSeconds: 300 }, idempotent: true, inputSchema: { type: 'object' } });
  });

  it('emm call prints the structured result as pretty JSON', async () => {
    const run = await emm(['call', 'jd-classifier', 'find_category', '{"query":"bank statement"}'], env);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.stdout).toMatch(/^\{\n {2}"matches": \[/);
    const result = JSON.parse(run.stdout) as { matches: Array<{ categoryId: string }> };
    expect(result.matches[0].categoryId).toBe('11');
  });

  it('emm call --json prints one line; "-" reads the arguments from stdin', async () => {
    const run = await emm(['call', 'jd-classifier', 'resolve_path', '-', '--json'], env, '{"id":"11.01"}');
    expect(run.code).toBe(0);
    expect(run.stdout.trimEnd().split('\n')).toHaveLength(1);
    expect(JSON.parse(run.stdout)).toEqual({
      result: expect.objectContaining({ id: '11.01', kind: 'id', path: '10-19 Finance/11 Banking/11.01 Statements' }),
    });
  });

  it('a bad argument: one line with the kind, the field and the rule; exit 1', async () => {
    const run = await emm(['call', 'jd-classifier', 'find_category', '{"query":"bank","limit":500}'], env);
    expect(run).toMatchObject({ code: 1, stdout: '' });
    expect(run.stderr).toBe('emm: jd-classifier find_category failed [invalid_argument]: limit: must be at most 50\n');
  });

  it('a tool failure and a rejected token are one line each, exit 1', async () => {
    const notFound = await emm(['call', 'jd-classifier', 'resolve_path', '{"id":"11.77"}'], env);
    expect(notFound.code).toBe(1);
    expect(notFound.stderr).toBe('emm: jd-classifier resolve_path failed [tool_error/not_found]: id: 11.77 is neither declared in the JD structure nor allocated\n');

    const denied = await emm(['tools', 'jd-classifier'], { ...env, MCP_AUTH_TOKEN: undefined });
    expect(denied.code).toBe(1);
    expect(denied.stderr).toMatch(/^emm: jd-classifier tools\/list failed \[tool_error\/unauthorized\]: .*MCP_AUTH_TOKEN\n$/);
  });

  it('an unreachable service: unavailable after the retries, naming the variable to fix; --json puts the error on stdout', async () => {
    const closed = `http://127.0.0.1:${await freePort()}/mcp`;
    const run = await emm(['call', 'jd-classifier', 'validate_id', '{"id":"11"}', '--json'], { ...env, MCP_JD_CLASSIFIER_URL: closed, MCP_CLIENT_RETRY_BASE_DELAY_MS: '5' });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^emm: jd-classifier validate_id failed \[unavailable\/connection_failed\] after 3 attempts: cannot reach .*ECONNREFUSED.*MCP_JD_CLASSIFIER_URL\n$/);
    expect(JSON.parse(run.stdout)).toEqual({ error: expect.objectContaining({ kind: 'unavailable', code: 'connection_failed', service: 'jd-classifier', tool: 'validate_id', attempts: 3 }) });
    expectNoStack(run.stderr);
  });

  it('a wrong command line or environment: the problem and the usage, exit 2', async () => {
    const unknown = await emm(['tools', 'jd'], env);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/^emm: unknown service "jd"; known: jd-classifier, content-classifier/);
    expect(unknown.stderr).toContain('Usage: emm <command> [options]');

    const badJson = await emm(['call', 'jd-classifier', 'find_category', '{query:1}'], env);
    expect(badJson.code).toBe(2);
    expect(badJson.stderr).toMatch(/^emm: the arguments are not valid JSON: /);

    const badEnv = await emm(['tools', 'jd-classifier'], { MCP_JD_CLASSIFIER_URL: 'jd-classifier-service:8080', MCP_CLIENT_RETRIES: 'many' });
    expect(badEnv).toMatchObject({ code: 2, stdout: '' });
    expect(badEnv.stderr).toBe('config error: MCP_JD_CLASSIFIER_URL: must be an http:// or https:// URL\nconfig error: MCP_CLIENT_RETRIES: must be an integer between 0 and 10\n');
    for (const run of [unknown, badJson, badEnv]) expectNoStack(run.stderr);
  });

  it('runs from the repository root as `pnpm emm`', async () => {
    const pnpm = process.env.npm_execpath;
    const [command, args] = pnpm?.endsWith('.cjs') || pnpm?.endsWith('.js') ? [process.execPath, [pnpm]] : ['pnpm', []];
    const run = await new Promise<Run>((resolve) => {
      execFile(command, [...args, '-s', 'emm', 'call', 'jd-classifier', 'validate_id', '{"id":"11.01"}', '--json'], { cwd: REPO_ROOT, env: { ...process.env, ...env }, timeout: 30_000 }, (error, stdout, stderr) =>
        resolve({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : null, stdout, stderr }),
      );
    });
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(JSON.parse(run.stdout)).toEqual({ result: expect.objectContaining({ id: '11.01', valid: true, exists: true }) });
  });
});
