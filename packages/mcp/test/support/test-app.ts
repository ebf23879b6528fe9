import type { INestApplication, LoggerService, ModuleMetadata, NestApplicationOptions } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import type { AddressInfo } from 'node:net';
import { McpServerModule, type McpServerModuleOptions } from '../../src';
import { InventoryModule, InventoryTools } from './inventory-tools';

/** One line a logger received, with its level. */
export interface LogRecord {
  level: 'log' | 'error' | 'warn' | 'debug' | 'verbose' | 'fatal';
  message: unknown;
  params: unknown[];
}

/** Keeps what the app logs, so tests can read the audit lines and check nothing leaks. */
export class RecordingLogger implements LoggerService {
  readonly records: LogRecord[] = [];
  log(message: unknown, ...params: unknown[]): void {
    this.records.push({ level: 'log', message, params });
  }
  error(message: unknown, ...params: unknown[]): void {
    this.records.push({ level: 'error', message, params });
  }
  warn(message: unknown, ...params: unknown[]): void {
    this.records.push({ level: 'warn', message, params });
  }
  debug(message: unknown, ...params: unknown[]): void {
    this.records.push({ level: 'debug', message, params });
  }
  verbose(message: unknown, ...params: unknown[]): void {
    this.records.push({ level: 'verbose', message, params });
  }
  fatal(message: unknown, ...params: unknown[]): void {
    this.records.push({ level: 'fatal', message, params });
  }

  /** The audit lines (`{ msg: 'tool call', … }`) seen so far. */
  auditLines(): Record<string, unknown>[] {
    return this.records
      .map((record) => record.message)
      .filter((message): message is Record<string, unknown> => typeof message === 'object' && message !== null && (message as { msg?: unknown }).msg === 'tool call');
  }

  /** Everything logged, as one string, to search for leaks. */
  text(): string {
    return JSON.stringify(this.records);
  }
}

export interface TestApp {
  app: INestApplication;
  /** `http://127.0.0.1:<port>` */
  baseUrl: string;
  logger: RecordingLogger;
  tools: InventoryTools;
}

export type TestServerOptions = Partial<Omit<McpServerModuleOptions, 'providers' | 'imports'>>;

/** The inventory tools served by a real listening app on 127.0.0.1, built the way services build theirs. */
export interface TestAppExtras {
  /** Passed to `createNestApplication`, e.g. `{ bodyParser: false }`. */
  appOptions?: NestApplicationOptions;
  /** More modules of the app, e.g. one with a health route. */
  imports?: ModuleMetadata['imports'];
}

export async function startTestApp(options: TestServerOptions = {}, extras: TestAppExtras = {}): Promise<TestApp> {
  const moduleRef = await Test.createTestingModule({
    imports: [
      ...(extras.imports ?? []),
      McpServerModule.forRoot({
        name: 'inventory-service',
        version: '1.2.3',
        instructions: 'Look items up by id or name.',
        imports: [InventoryModule],
        providers: [InventoryTools],
        ...options,
      }),
    ],
  }).compile();
  const logger = new RecordingLogger();
  const app = moduleRef.createNestApplication(extras.appOptions);
  app.useLogger(logger);
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as AddressInfo;
  return { app, baseUrl: `http://127.0.0.1:${port}`, logger, tools: app.get(InventoryTools) };
}
