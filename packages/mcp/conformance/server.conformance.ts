/**
 * Runs the official MCP conformance scenarios that apply to a tools-only,
 * stateless server against the test app. The CLI is not a workspace
 * dependency: install it anywhere and point MCP_CONFORMANCE_CLI at it, e.g.
 *
 *   npm install --prefix /tmp/mcp-conformance @modelcontextprotocol/conformance
 *   MCP_CONFORMANCE_CLI=/tmp/mcp-conformance/node_modules/.bin/conformance pnpm conformance
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { startTestApp, type TestApp } from '../test/support/test-app';

const SCENARIOS = ['server-initialize', 'ping', 'tools-list', 'dns-rebinding-protection'];

const run = promisify(execFile);

describe('MCP conformance scenarios', () => {
  const cli = process.env.MCP_CONFORMANCE_CLI;
  let server: TestApp;

  beforeAll(async () => {
    if (cli === undefined || cli === '') {
      throw new Error('set MCP_CONFORMANCE_CLI to the conformance CLI (node_modules/.bin/conformance of an @modelcontextprotocol/conformance install)');
    }
    server = await startTestApp();
  });

  afterAll(() => server?.app.close());

  it.each(SCENARIOS)('%s', async (scenario) => {
    const url = `${server.baseUrl}/mcp`;
    // execFile rejects on a non-zero exit, which is how the CLI reports a failed check.
    const { stdout } = await run(process.execPath, [cli as string, 'server', '--url', url, '--scenario', scenario], { timeout: 60_000 });
    expect(stdout).toMatch(/Passed: (\d+)\/\1, 0 failed/);
  });
});
