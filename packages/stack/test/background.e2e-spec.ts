import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { httpStatus } from '@emm/testing';
import { liveStackState, readStackState, startStackInBackground, StackRunningError, stopStack } from '../src';
import { isAlive, tempDataDir } from './support';

// `emm stack up` / `down`: a stack that outlives the command that started it.
describe('a stack in the background', () => {
  const dataDir = tempDataDir();

  afterAll(async () => {
    await stopStack(dataDir.path).catch(() => undefined);
    dataDir.remove();
  });

  it('starts every app in a detached host, reports them in the state file, refuses a second start, and stops everything', async () => {
    const state = await startStackInBackground({
      dataDir: dataDir.path,
      logLevel: 'warn',
      pagesDir: join(__dirname, 'fixtures'),
      confluenceSpaceFile: join(__dirname, 'fixtures', 'space.json'),
    });
    expect(state.state).toBe('up');
    expect(state.apps.map((app) => app.name)).toHaveLength(10);
    expect(state.pagesOrigin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    for (const app of state.apps) expect(await httpStatus(`${app.url}/health/ready`)).toBe(200);
    expect(liveStackState(dataDir.path)?.hostPid).toBe(state.hostPid);

    await expect(startStackInBackground({ dataDir: dataDir.path })).rejects.toThrow(StackRunningError);

    expect(await stopStack(dataDir.path)).toBe(true);
    expect(isAlive(state.hostPid)).toBe(false);
    for (const app of state.apps) expect(app.pid !== undefined && isAlive(app.pid)).toBe(false);
    expect(readStackState(dataDir.path)).toBeUndefined();
    expect(existsSync(join(dataDir.path, 'logs', 'stack-host.log'))).toBe(true);
    expect(await stopStack(dataDir.path)).toBe(false);
    // Ten apps starting on a busy 2-core CI machine take well over jest's default 30 s.
  }, 180_000);
});
