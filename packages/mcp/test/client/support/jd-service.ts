import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { freePort, spawnProcess, type ProcessHandle } from '@emm/testing';

export const REPO_ROOT = join(__dirname, '../../../../..');
const APP_DIR = join(REPO_ROOT, 'apps/jd-classifier-service');
const MAIN = join(APP_DIR, 'dist/main.js');
export const EXAMPLE_JD = join(REPO_ROOT, 'examples/jd.yaml');

export interface JdServiceOptions {
  redisUrl: string;
  /** Reuse a port (to bring a stopped service back where its clients expect it). */
  port?: number;
  env?: Record<string, string>;
}

export interface JdService {
  port: number;
  /** `http://127.0.0.1:<port>` */
  baseUrl: string;
  /** `http://127.0.0.1:<port>/mcp` */
  mcpUrl: string;
  proc: ProcessHandle;
  /** SIGTERM, wait for the exit: the port refuses connections afterwards. */
  stop(): Promise<void>;
}

/**
 * The real jd-classifier-service, built, as its own process (what runs in a
 * pod). The test task depends on its build (packages/mcp/turbo.json).
 */
export async function startJdService(options: JdServiceOptions): Promise<JdService> {
  if (!existsSync(MAIN)) {
    throw new Error(`${MAIN} is missing: build the service first (pnpm turbo run build --filter=jd-classifier-service)`);
  }
  const port = options.port ?? (await freePort());
  const baseUrl = `http://127.0.0.1:${port}`;
  const proc = await spawnProcess(process.execPath, [MAIN], {
    cwd: APP_DIR,
    env: {
      PORT: String(port),
      HOST: '127.0.0.1',
      REDIS_URL: options.redisUrl,
      JD_STRUCTURE_PATH: EXAMPLE_JD,
      LOG_LEVEL: 'warn',
      SHUTDOWN_DRAIN_MS: '0',
      OTEL_EXPORTER_OTLP_ENDPOINT: undefined,
      ...options.env,
    },
    readyUrl: `${baseUrl}/health/ready`,
  });
  return {
    port,
    baseUrl,
    mcpUrl: `${baseUrl}/mcp`,
    proc,
    stop: async () => {
      await proc.stop();
    },
  };
}
