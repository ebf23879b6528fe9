import { join } from 'node:path';
import { loadTestConfig } from '@emm/testing/config';
import { connectMcpClient } from '@emm/testing/mcp';
import { type NestAppUnderTest, startNestApp } from '@emm/testing/nest';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { AppModule } from '../src/app.module';
import { type AppConfig, appConfigSchema } from '../src/config';

export const APP_DIR = join(__dirname, '..');
export const EXAMPLE_JD = join(APP_DIR, '../../examples/jd.yaml');

/** Config as main.ts would build it from these environment variables. */
export function testConfig(env: Record<string, string>): AppConfig {
  return loadTestConfig(appConfigSchema, { JD_STRUCTURE_PATH: EXAMPLE_JD, ...env });
}

export type RunningApp = NestAppUnderTest;

/** The real AppModule, listening on a free loopback port. */
export function startApp(config: AppConfig): Promise<RunningApp> {
  return startNestApp(AppModule.forRoot(config));
}

/** An MCP client from the official SDK, as an IDE or assistant would connect. */
export function connectMcp(baseUrl: string, token?: string): Promise<Client> {
  return connectMcpClient(baseUrl, { name: 'jd-classifier-e2e', token });
}
