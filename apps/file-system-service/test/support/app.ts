import { join } from 'node:path';
import { loadTestConfig } from '@emm/testing/config';
import { connectMcpClient } from '@emm/testing/mcp';
import { type NestAppUnderTest, startNestApp } from '@emm/testing/nest';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { AppModule } from '../../src/app.module';
import { type AppConfig, appConfigSchema } from '../../src/config';
import { type BackendKind, type BackendUnderTest, createBackend } from './backends';
import { S3_TEST_CREDENTIALS } from './s3-server';

export const APP_DIR = join(__dirname, '../..');
export const FIXTURES = join(APP_DIR, 'test/fixtures');

/**
 * The AWS SDK reads credentials from the environment, as in a pod. Tests
 * give it s3rver's, and turn off the instance-metadata lookup so nothing
 * ever leaves the machine.
 */
export function useS3TestCredentials(): void {
  process.env.AWS_ACCESS_KEY_ID = S3_TEST_CREDENTIALS.accessKeyId;
  process.env.AWS_SECRET_ACCESS_KEY = S3_TEST_CREDENTIALS.secretAccessKey;
  process.env.AWS_EC2_METADATA_DISABLED = 'true';
}

/** A backend for a whole app, with the environment variables that select it. */
export async function backendForApp(kind: BackendKind): Promise<{ backend: BackendUnderTest; env: Record<string, string> }> {
  const backend = await createBackend(kind);
  // The service makes its own connection from the environment; the test's storage object only looks around it.
  await backend.storage.close();
  if (backend.dirs) return { backend, env: { STORAGE_BACKEND: 'local', VAULT_DIR: backend.dirs.vault, UNSORTED_DIR: backend.dirs.unsorted } };
  useS3TestCredentials();
  const s3 = backend.s3 as NonNullable<BackendUnderTest['s3']>;
  return {
    backend,
    env: { STORAGE_BACKEND: 's3', S3_BUCKET: s3.bucket, S3_ENDPOINT: s3.endpoint, S3_FORCE_PATH_STYLE: 'true', S3_REGION: 'us-east-1' },
  };
}

/** Config as main.ts would build it from these environment variables. */
export function testConfig(env: Record<string, string>): AppConfig {
  return loadTestConfig(appConfigSchema, { UNSORTED_SETTLE_MS: '0', ...env });
}

export type RunningApp = NestAppUnderTest;

/** The real AppModule, listening on a free loopback port. */
export function startApp(config: AppConfig): Promise<RunningApp> {
  return startNestApp(AppModule.forRoot(config));
}

/** An MCP client from the official SDK, as an IDE or an agent would connect. */
export function connectMcp(baseUrl: string): Promise<Client> {
  return connectMcpClient(baseUrl, { name: 'file-system-e2e' });
}
