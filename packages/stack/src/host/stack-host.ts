import { readFileSync, rmSync } from 'node:fs';
import { FakeSite, loadSpaceFile, startFakeConfluence, type FakeConfluence } from '../fakes/confluence';
import { servePages, type PageServer } from '../fakes/page-server';
import { startStack, type Stack } from '../stack';
import { AGENT_APPS, SERVICE_APPS } from '../catalog';
import { type StackState, stateFile, writeStackState } from './stack-state';

/** How `emm stack up` asks for a stack: written to a JSON file, its path the host's argument. */
export interface HostedStackOptions {
  dataDir: string;
  /** Start the three agents too (default true). */
  agents?: boolean;
  token?: string;
  logLevel?: string;
  jdStructurePath?: string;
  /** Serve this folder as local web pages the scraper may fetch (the demo's bookmark pages). */
  pagesDir?: string;
  /** Serve this Confluence space file (examples/demo/confluence/space.json) from a local fake Confluence; confluence-agent syncs it by default. */
  confluenceSpaceFile?: string;
  /** Extra variables for every app. */
  env?: Record<string, string>;
}

/**
 * The stack host: a background process that owns one local stack. It starts
 * the stack, writes its state file, and on SIGTERM/SIGINT stops every app
 * and Redis and removes the state file. Its own output goes to the host log
 * (`emm stack up` redirects it).
 */
async function main(): Promise<void> {
  const options = JSON.parse(readFileSync(process.argv[2], 'utf8')) as HostedStackOptions;
  const base = {
    hostPid: process.pid,
    startedAt: new Date().toISOString(),
    dataDir: options.dataDir,
  };
  let stack: Stack | undefined;
  let pages: PageServer | undefined;
  let confluence: FakeConfluence | undefined;
  let stopping = false;
  const stop = async (): Promise<void> => {
    if (stopping) return;
    stopping = true;
    if (stack !== undefined) writeStackState(options.dataDir, { ...describe(stack, base, pages), state: 'stopping' });
    await stack?.stop();
    await pages?.stop();
    await confluence?.stop();
    rmSync(stateFile(options.dataDir), { force: true });
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop());
  process.on('SIGINT', () => void stop());

  try {
    if (options.pagesDir !== undefined) pages = await servePages(options.pagesDir);
    let spaceKey: string | undefined;
    if (options.confluenceSpaceFile !== undefined) {
      const site = new FakeSite();
      spaceKey = loadSpaceFile(site, options.confluenceSpaceFile).key;
      confluence = await startFakeConfluence({ site });
    }
    stack = await startStack({
      dataDir: options.dataDir,
      services: [...SERVICE_APPS],
      agents: options.agents === false ? [] : [...AGENT_APPS],
      ...(options.token !== undefined && { token: options.token }),
      ...(options.logLevel !== undefined && { logLevel: options.logLevel }),
      ...(options.jdStructurePath !== undefined && { jdStructurePath: options.jdStructurePath }),
      ...(pages !== undefined && { scraperAllowHosts: [pages.host] }),
      ...(confluence !== undefined && { confluence }),
      env: { '*': options.env ?? {}, ...(spaceKey !== undefined && { 'confluence-agent': { CONFLUENCE_SPACES: spaceKey } }) },
    });
    if (stopping) return;
    writeStackState(options.dataDir, describe(stack, base, pages));
    console.log(`stack up: ${stack.apps.length} apps`);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const logTail = (error as { logTail?: string }).logTail;
    console.error(`stack failed to start: ${message}`);
    writeStackState(options.dataDir, {
      ...base,
      state: 'failed',
      token: '',
      redisUrl: '',
      vaultDir: '',
      unsortedDir: '',
      logDir: '',
      apps: [],
      error: logTail === undefined ? message : `${message}\n${logTail}`,
    });
    await pages?.stop();
    await confluence?.stop();
    process.exit(1);
  }
}

function describe(stack: Stack, base: Pick<StackState, 'hostPid' | 'startedAt' | 'dataDir'>, pages: PageServer | undefined): StackState {
  return {
    ...base,
    state: 'up',
    token: stack.token,
    redisUrl: stack.redisUrl,
    vaultDir: stack.vaultDir,
    unsortedDir: stack.unsortedDir,
    logDir: stack.logDir,
    ...(pages !== undefined && { pagesOrigin: pages.origin }),
    apps: stack.apps.map((app) => ({ name: app.name, kind: app.kind, port: app.port, url: app.url, pid: app.pid })),
  };
}

void main();
