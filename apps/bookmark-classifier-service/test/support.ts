import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { loadConfig } from '@emm/config';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
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

/** An MCP client from the official SDK, as an IDE or assistant would connect. */
export async function connectMcp(baseUrl: string, token?: string): Promise<Client> {
  const client = new Client({ name: 'bookmark-classifier-e2e', version: '1.0.0' });
  const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
  await client.connect(new StreamableHTTPClientTransport(new URL(`${baseUrl}/mcp`), { requestInit: { headers } }));
  return client;
}
