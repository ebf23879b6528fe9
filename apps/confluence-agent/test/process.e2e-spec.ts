import { freePort, spawnProcess } from '@emm/testing';
import { APP_DIR } from './support';

/** Starts the built agent and waits for it to exit (for configurations it must refuse). */
async function runToExit(env: Record<string, string | undefined>): Promise<{ code: number | null; lines: string[]; output: string }> {
  const proc = await spawnProcess(process.execPath, ['dist/main.js'], { cwd: APP_DIR, env: { PORT: String(await freePort()), ...env } });
  const exit = await proc.exited;
  return { code: exit.code, lines: proc.output().trim().split('\n'), output: proc.output() };
}

describe('confluence-agent as a process', () => {
  it('refuses bad space keys and limits with one line per problem and no stack trace', async () => {
    const { code, lines, output } = await runToExit({
      CONFLUENCE_SPACES: 'DOC,NOT A KEY',
      CONFLUENCE_LIST_LIMIT: '0',
      CONTENT_CLASSIFIER_TIMEOUT_MS: 'soon',
      NOTIFY_QUIET_RUNS: 'maybe',
    });
    expect(code).toBe(1);
    expect(lines).toEqual(
      expect.arrayContaining([
        'config error: CONFLUENCE_SPACES: must be a comma separated list of space keys such as DOC,ENG or ~jsmith',
        expect.stringMatching(/^config error: CONFLUENCE_LIST_LIMIT: /),
        expect.stringMatching(/^config error: CONTENT_CLASSIFIER_TIMEOUT_MS: must be a duration/),
        expect.stringMatching(/^config error: NOTIFY_QUIET_RUNS: /),
      ]),
    );
    expect(output).not.toMatch(/\n\s+at /);
  });
});
