import { readFileSync, rmSync } from 'node:fs';
import { FakeSite, loadSpaceFile, startFakeConfluence, type FakeConfluence } from '../fakes/confluence';
import { servePages, type PageServer } from '../fakes/page-server';
import { freePort } from '@emm/testing';
import { join } from 'node:path';
import type { ManagedProcess } from '../managed-process';
import { prometheusProcess, prometheusUrlFor } from '../prometheus-process';
import { findRepoRoot } from '../repo';
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
  /** Also run a Prometheus (the `prometheus` binary on PATH) scraping every app, with the project's alert rules loaded. */
  prometheus?: boolean;
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
  let prometheus: { process: ManagedProcess; url: string } | undefined;
  let stopping = false;
  const stop = async (): Promise<void> => {
    if (stopping) return;
    stopping = true;
    if (stack !== undefined) writeStackState(options.dataDir, { ...describe(stack, base, pages, prometheus?.url), state: 'stopping' });
    await prometheus?.process.stop();
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
    if (options.prometheus === true) {
      const port = await freePort();
      const server = prometheusProcess({
        port,
        dir: join(options.dataDir, 'prometheus'),
        targets: stack.apps.map((app) => ({ name: app.name, port: app.port })),
        alertRulesFile: join(findRepoRoot(), 'charts', 'emm', 'files', 'alerts.yaml'),
        logFile: join(stack.logDir, 'prometheus.log'),
        readyTimeoutMs: 60_000,
      });
      await server.start();
      prometheus = { process: server, url: prometheusUrlFor(port) };
    }
    if (stopping) return;
    writeStackState(options.dataDir, describe(stack, base, pages, prometheus?.url));
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
    await prometheus?.process.stop();
    await stack?.stop();
    await pages?.stop();
    await confluence?.stop();
    process.exit(1);
  }
}

function describe(stack: Stack, base: Pick<StackState, 'hostPid' | 'startedAt' | 'dataDir'>, pages: PageServer | undefined, prometheusUrl: string | undefined): StackState {
  return {
    ...base,
    state: 'up',
    token: stack.token,
    redisUrl: stack.redisUrl,
    vaultDir: stack.vaultDir,
    unsortedDir: stack.unsortedDir,
    logDir: stack.logDir,
    ...(pages !== undefined && { pagesOrigin: pages.origin }),
    ...(prometheusUrl !== undefined && { prometheusUrl }),
    apps: stack.apps.map((app) => ({ name: app.name, kind: app.kind, port: app.port, url: app.url, pid: app.pid })),
  };
}

void main();
