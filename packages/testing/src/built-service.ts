import { freePort } from './ports';
import { type ProcessHandle, spawnProcess } from './process';

export interface StartBuiltServiceOptions {
  /**
   * Added to (and overriding) the defaults: a free `PORT`, `HOST=127.0.0.1`,
   * `LOG_LEVEL=info` (so tests can read the log) and `SHUTDOWN_DRAIN_MS=0`.
   * `undefined` removes a variable.
   */
  env?: Record<string, string | undefined>;
  /** Listen on this port instead of a free one (e.g. one a peer was told about before the service existed). */
  port?: number;
  /**
   * Resolve once a GET to this path answers 200 (default `/health/ready`);
   * `false` to resolve at once, for a process expected to exit (bad config) or to stay unready.
   */
  readyPath?: string | false;
}

export interface BuiltService {
  proc: ProcessHandle;
  /** `http://127.0.0.1:<port>` */
  url: string;
}

/** A built Nest service (`dist/main.js` under `appDir`) as a real process on loopback, the way a pod runs it. */
export async function startBuiltService(appDir: string, options: StartBuiltServiceOptions = {}): Promise<BuiltService> {
  const port = options.port ?? (await freePort());
  const url = `http://127.0.0.1:${port}`;
  const readyPath = options.readyPath ?? '/health/ready';
  const proc = await spawnProcess(process.execPath, ['dist/main.js'], {
    cwd: appDir,
    env: { PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'info', SHUTDOWN_DRAIN_MS: '0', ...options.env },
    readyUrl: readyPath === false ? undefined : `${url}${readyPath}`,
  });
  return { proc, url };
}
