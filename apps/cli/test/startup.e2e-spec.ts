import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { freePort } from '@emm/testing';
import { CLI_DIR } from './support';

/**
 * The modules one `emm` command loaded: the built CLI run as `emm <args>` in
 * a process that lists its module cache on exit (on stderr, after the
 * command's own output).
 */
function modulesLoadedBy(args: readonly string[], env: Record<string, string>): Promise<string[]> {
  const script = [
    `process.argv = [process.execPath, 'emm', ...${JSON.stringify(args)}];`,
    `process.on('exit', () => process.stderr.write('\\nMODULES ' + JSON.stringify(Object.keys(require.cache))));`,
    `require(${JSON.stringify(join(CLI_DIR, 'dist/main.js'))});`,
  ].join('\n');
  return new Promise((resolve, reject) => {
    execFile(process.execPath, ['-e', script], { env: { PATH: process.env.PATH, ...env } }, (_error, _stdout, stderr) => {
      const listed = /\nMODULES (.*)$/.exec(stderr);
      if (listed === null) reject(new Error(`no module list in stderr: ${stderr}`));
      else resolve(JSON.parse(listed[1]) as string[]);
    });
  });
}

/** What a command that does not serve, start or call a tool must never load: each costs a noticeable part of a second. */
const HEAVY = {
  nest: /\/node_modules\/@nestjs\//,
  'the MCP SDK': /\/node_modules\/@modelcontextprotocol\//,
  'the MCP client': /\/packages\/mcp\/dist\/client\/mcp-client\.js$/,
  'the stack machinery': /\/packages\/stack\/dist\/stack\.js$/,
};

function heavyIn(modules: readonly string[]): Record<string, string[]> {
  return Object.fromEntries(Object.entries(HEAVY).map(([name, pattern]) => [name, modules.filter((path) => pattern.test(path))]));
}

const NONE = Object.fromEntries(Object.keys(HEAVY).map((name) => [name, []]));

describe('emm starts fast: a command loads only what it uses', () => {
  it('emm --help loads neither Nest, the MCP client nor the stack', async () => {
    expect(heavyIn(await modulesLoadedBy(['--help'], {}))).toEqual(NONE);
  });

  it('emm runs (the run API) loads neither Nest, the MCP client nor the stack', async () => {
    const closed = `http://127.0.0.1:${await freePort()}`;
    const env = { FILE_SYSTEM_AGENT_URL: closed, BOOKMARK_SCRAPER_URL: closed, CONFLUENCE_AGENT_URL: closed };
    const modules = await modulesLoadedBy(['runs'], env);
    // It did run the command (the run API client was loaded), and nothing else heavy.
    expect(modules.some((path) => path.endsWith(join('dist', 'runs', 'run-api-client.js')))).toBe(true);
    expect(heavyIn(modules)).toEqual(NONE);
  });

  it('emm tools (the MCP client) loads neither Nest nor the stack', async () => {
    const env = { MCP_JD_CLASSIFIER_URL: `http://127.0.0.1:${await freePort()}/mcp`, MCP_CLIENT_RETRIES: '0' };
    const modules = await modulesLoadedBy(['tools', 'jd-classifier'], env);
    const heavy = heavyIn(modules);
    // It did load the client, and neither Nest nor the machinery that starts a stack.
    expect(heavy['the MCP client']).toHaveLength(1);
    expect({ nest: heavy.nest, stack: heavy['the stack machinery'] }).toEqual({ nest: [], stack: [] });
  });
});
