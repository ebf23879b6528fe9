import { dirname, join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { loadConfig } from '@emm/config';
import { freePort, type ProcessHandle, spawnProcess } from '@emm/testing';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { AppModule } from '../../src/app.module';
import { type AppConfig, appConfigSchema } from '../../src/config';
import { EXAMPLE_JD } from './samples';

export const APP_DIR = join(__dirname, '../..');
/** The real jd-classifier-service, a workspace devDependency built before these tests. */
export const JD_CLASSIFIER_DIR = dirname(require.resolve('jd-classifier-service/package.json'));

export interface JdClassifier {
  proc: ProcessHandle;
  baseUrl: string;
  mcpUrl: string;
}

/** jd-classifier-service as a process, serving examples/jd.yaml, the way a pod runs it. */
export async function startJdClassifier(redisUrl: string, port?: number): Promise<JdClassifier> {
  const chosenPort = port ?? (await freePort());
  const baseUrl = `http://127.0.0.1:${chosenPort}`;
  const proc = await spawnProcess(process.execPath, ['dist/main.js'], {
    cwd: JD_CLASSIFIER_DIR,
    env: { PORT: String(chosenPort), HOST: '127.0.0.1', REDIS_URL: redisUrl, JD_STRUCTURE_PATH: EXAMPLE_JD, LOG_LEVEL: 'warn', SHUTDOWN_DRAIN_MS: '0' },
    readyUrl: `${baseUrl}/health/ready`,
  });
  return { proc, baseUrl, mcpUrl: `${baseUrl}/mcp` };
}

/** Config as main.ts would build it from these environment variables. */
export function testConfig(env: Record<string, string>): AppConfig {
  return loadConfig(appConfigSchema, { LOG_LEVEL: 'silent', SHUTDOWN_DRAIN_MS: '0', ...env });
}

export interface RunningApp {
  app: INestApplication;
  baseUrl: string;
}

/** The real AppModule, listening on a free loopback port. */
export async function startApp(config: AppConfig): Promise<RunningApp> {
  const moduleRef = await Test.createTestingModule({ imports: [AppModule.forRoot(config)] }).compile();
  const app = moduleRef.createNestApplication();
  await app.listen(0, '127.0.0.1');
  return { app, baseUrl: await app.getUrl().then((url) => url.replace('[::1]', '127.0.0.1')) };
}

/** An MCP client from the official SDK, as an agent, IDE or assistant would connect. */
export async function connectMcp(baseUrl: string): Promise<Client> {
  const client = new Client({ name: 'content-classifier-e2e', version: '1.0.0' });
  await client.connect(new StreamableHTTPClientTransport(new URL(`${baseUrl}/mcp`)));
  return client;
}
