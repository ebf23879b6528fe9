import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadTestConfig } from '@emm/testing/config';
import { connectMcpClient } from '@emm/testing/mcp';
import { type NestAppUnderTest, startNestApp } from '@emm/testing/nest';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { AppModule } from '../src/app.module';
import { type AppConfig, appConfigSchema } from '../src/config';

export const APP_DIR = join(__dirname, '..');
export const REPO_ROOT = join(APP_DIR, '../..');
export const EXAMPLE_JD = join(REPO_ROOT, 'examples/jd.yaml');
export const FIXTURES = join(__dirname, 'fixtures');

export function fixture(name: string): string {
  return readFileSync(join(FIXTURES, name), 'utf8');
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

/** An MCP client from the official SDK, as an IDE or assistant would connect. */
export function connectMcp(baseUrl: string, token?: string): Promise<Client> {
  return connectMcpClient(baseUrl, { name: 'bookmark-classifier-e2e', token });
}
