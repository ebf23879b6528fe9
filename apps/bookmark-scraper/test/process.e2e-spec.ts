import { join } from 'node:path';
import { freePort, spawnProcess } from '@emm/testing';

const APP_DIR = join(__dirname, '..');

/** `node dist/main.js` with exactly these variables (plus PATH), the way a pod starts it. */
async function start(env: Record<string, string>) {
  const port = await freePort();
  const proc = await spawnProcess(process.execPath, ['dist/main.js'], { cwd: APP_DIR, env: { PORT: String(port), HOST: '127.0.0.1', SHUTDOWN_DRAIN_MS: '0', ...env } });
  return proc;
}

describe('bookmark-scraper as a process', () => {
  it('stops at a bad configuration with one line per problem and no stack trace', async () => {
    const proc = await start({
      REDIS_URL: 'redis://127.0.0.1:1',
      BOOKMARK_MARKDOWN_MAX_CHARS: 'lots',
      BOOKMARK_FETCH_TIMEOUT_MS: '0',
      MCP_WEB_SCRAPER_URL: 'web-scraper:8080',
      WORKER_CONCURRENCY: '0',
    });
    const exit = await proc.exited;
    expect(exit.code).toBe(1);
    const lines = proc.output().trim().split('\n');
    expect(lines).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^config error: BOOKMARK_MARKDOWN_MAX_CHARS: must be an integer/),
        'config error: BOOKMARK_FETCH_TIMEOUT_MS: must be a duration of at least 1 ms',
        'config error: MCP_WEB_SCRAPER_URL: must be an http:// or https:// URL',
        expect.stringMatching(/^config error: WORKER_CONCURRENCY: must be an integer/),
      ]),
    );
    expect(lines).toHaveLength(4);
    expect(proc.output()).not.toMatch(/\n\s+at /);
  });

  it('refuses an item time limit the shutdown deadline could not wait for', async () => {
    const proc = await start({ REDIS_URL: 'redis://127.0.0.1:1', ITEM_TIMEOUT_MS: '30s', SHUTDOWN_TIMEOUT_MS: '20s' });
    expect((await proc.exited).code).toBe(1);
    expect(proc.output().trim()).toBe('config error: ITEM_TIMEOUT_MS: must be less than SHUTDOWN_TIMEOUT_MS');
  });
});
