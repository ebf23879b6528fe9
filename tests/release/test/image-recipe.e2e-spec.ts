import { spawn } from 'node:child_process';
import { repoPath } from './support/repo';

/**
 * Apps whose image the recipe builds and starts in the test suite: at least one MCP service and,
 * once it exists, one agent. Adding an app is one line here (plus its scripts/image/app-env file
 * when it needs more than PORT and REDIS_URL).
 */
const RECIPE_APPS = ['jd-classifier-service', 'file-system-agent'];

// A clean pruned build of an agent's 18 packages takes about 2.5 min on a quiet 2-core machine and
// more than twice that while the rest of the suite runs beside it.
const RECIPE_TIMEOUT_MS = 12 * 60_000;

function recipe(...args: string[]): Promise<{ status: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(repoPath('scripts', 'image-recipe'), args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('close', (status) => resolve({ status, output }));
  });
}

describe.each(RECIPE_APPS)('scripts/image-recipe %s', (app) => {
  it(
    'builds the image from the Dockerfile offline, and the deployed folder alone serves /health/ready and exits 0 on SIGTERM',
    async () => {
      // --no-registry points pnpm at a closed port: the install and deploy must come from the store.
      const { status, output } = await recipe(app, '--no-registry');
      if (status !== 0) throw new Error(`scripts/image-recipe ${app} failed (exit ${status}):\n${output.trimEnd().split('\n').slice(-60).join('\n')}`);
      const summary = output.split('\n').filter((line) => line.startsWith('image-recipe:')).join('\n');
      expect(summary).toContain(`image-recipe: OK: ${app}`);
      expect(summary).toContain('[prune 4/4] RUN turbo prune "$APP" --docker');
      expect(summary).toMatch(/\[build \d+\/\d+\] RUN .*pnpm install --frozen-lockfile --offline/);
      expect(summary).toMatch(/is self-contained/);
      expect(summary).toMatch(/ready in [\d.]+ s, exited with code 0 after SIGTERM/);
      expect(summary).toMatch(/all \d+ modules the app loaded resolve inside the deployed folder/);
    },
    RECIPE_TIMEOUT_MS,
  );
});

describe('scripts/image-recipe', () => {
  it('names the apps it knows when asked for one that does not exist', async () => {
    const { status, output } = await recipe('no-such-app');
    expect(status).toBe(1);
    expect(output).toContain('image-recipe: FAILED: no app named "no-such-app" under apps/ (there are: ');
    expect(output).not.toMatch(/\n\s+at /);
  });

  it('explains its usage without an app', async () => {
    const { status, output } = await recipe();
    expect(status).toBe(2);
    expect(output).toContain('usage: scripts/image-recipe <app>');
  });
});
