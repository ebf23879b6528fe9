import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type FakeConfluence,
  FakeSite,
  findRepoRoot,
  loadSpaceFile,
  type PageServer,
  servePages,
  type Stack,
  type StackOptions,
  startFakeConfluence,
  startStack,
  startWebhookReceiver,
  type WebhookReceiver,
} from '@emm/stack';

export const REPO_ROOT = findRepoRoot(__dirname);
/** The bundled demo samples (examples/demo/README.md). */
export const DEMO_DIR = join(REPO_ROOT, 'examples', 'demo');
/** The origin the demo bookmark export uses in place of the page server's. */
const PAGES_PLACEHOLDER = 'http://demo-pages.localhost:{{PORT}}';

/** The whole local stack fed with the demo samples, and the local stand-ins around it. */
export interface DemoStack {
  stack: Stack;
  pages: PageServer;
  confluence: FakeConfluence;
  webhook: WebhookReceiver;
  /** Temp folder for everything the test writes (the stack's data dir is `<workDir>/stack`). */
  workDir: string;
  /** The demo bookmark export with its URLs pointing at `pages`. */
  bookmarksFile: string;
  /** Stops the stack and the stand-ins; removes the temp folder unless KEEP_SYSTEM_TEST_DATA is set (to look at the vault and the logs). */
  stop(): Promise<void>;
}

export interface DemoStackOptions {
  /** Added to the stack's own env (startStack's `env`). */
  env?: StackOptions['env'];
  otlpEndpoint?: string;
  /** Copy the demo's UNSORTED into the stack's inbox (default true). */
  seedUnsorted?: boolean;
}

/**
 * All seven services and three agents as processes on a temp data dir, with
 * the demo's UNSORTED copied in, its bookmark pages served on 127.0.0.1 (the
 * scraper allowed to fetch them), its Confluence space on a local Confluence
 * (the agent syncing OPS), and a signed webhook receiving the notifications
 * besides the log.
 */
export async function startDemoStack(options: DemoStackOptions = {}): Promise<DemoStack> {
  const workDir = mkdtempSync(join(tmpdir(), 'emm-system-'));
  const dataDir = join(workDir, 'stack');
  if (options.seedUnsorted ?? true) cpSync(join(DEMO_DIR, 'unsorted'), join(dataDir, 'unsorted'), { recursive: true });

  const pages = await servePages(join(DEMO_DIR, 'bookmarks', 'site'));
  const bookmarksFile = join(workDir, 'bookmarks.html');
  writeFileSync(bookmarksFile, readFileSync(join(DEMO_DIR, 'bookmarks', 'bookmarks.html'), 'utf8').replaceAll(PAGES_PLACEHOLDER, pages.origin));

  const site = new FakeSite();
  loadSpaceFile(site, join(DEMO_DIR, 'confluence', 'space.json'));
  const confluence = await startFakeConfluence({ site });
  const webhook = await startWebhookReceiver();

  const stopStandIns = async () => {
    await Promise.allSettled([pages.stop(), confluence.stop(), webhook.stop()]);
  };
  let stack: Stack;
  try {
    stack = await startStack({
      dataDir,
      agents: ['file-system-agent', 'bookmark-scraper', 'confluence-agent'],
      confluence,
      webhook,
      scraperAllowHosts: [pages.host],
      logLevel: 'warn',
      ...(options.otlpEndpoint !== undefined && { otlpEndpoint: options.otlpEndpoint }),
      env: {
        ...options.env,
        'confluence-agent': { CONFLUENCE_SPACES: 'OPS', ...options.env?.['confluence-agent'] },
        // The demo site is one local host: no politeness delay between its pages.
        'web-scraper-service': { SCRAPER_PER_HOST_DELAY_MS: '0', ...options.env?.['web-scraper-service'] },
      },
    });
  } catch (error) {
    await stopStandIns();
    throw error;
  }
  return {
    stack,
    pages,
    confluence,
    webhook,
    workDir,
    bookmarksFile,
    stop: async () => {
      await stack.stop();
      await stopStandIns();
      if (process.env.KEEP_SYSTEM_TEST_DATA === undefined) rmSync(workDir, { recursive: true, force: true });
    },
  };
}
