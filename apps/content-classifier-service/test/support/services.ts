import { dirname, join } from 'node:path';
import { type ProcessHandle, startBuiltService } from '@emm/testing';
import { loadTestConfig } from '@emm/testing/config';
import { connectMcpClient } from '@emm/testing/mcp';
import { type NestAppUnderTest, startNestApp } from '@emm/testing/nest';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
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
  const { proc, url } = await startBuiltService(JD_CLASSIFIER_DIR, {
    port,
    env: { REDIS_URL: redisUrl, JD_STRUCTURE_PATH: EXAMPLE_JD, LOG_LEVEL: 'warn' },
  });
  return { proc, baseUrl: url, mcpUrl: `${url}/mcp` };
}

/** Config as main.ts would build it from these environment variables. */
export function testConfig(env: Record<string, string>): AppConfig {
  return loadTestConfig(appConfigSchema, env);
}

export type RunningApp = NestAppUnderTest;

/** The real AppModule, listening on a free loopback port. */
export function startApp(config: AppConfig): Promise<RunningApp> {
  return startNestApp(AppModule.forRoot(config));
}

/** An MCP client from the official SDK, as an agent, IDE or assistant would connect. */
export function connectMcp(baseUrl: string): Promise<Client> {
  return connectMcpClient(baseUrl, { name: 'content-classifier-e2e' });
}
