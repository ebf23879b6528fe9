// `@emm/testing/nest`: kept out of the main entry, which production code
// (@emm/stack, and the CLI through it) loads without Nest's testing module.
import type { DynamicModule, INestApplication, LoggerService, Type } from '@nestjs/common';
import { Test, type TestingModuleBuilder } from '@nestjs/testing';

export interface StartNestAppOptions {
  /** Changes the testing module before it compiles: `overrideProvider(...)` for the one seam a test needs. */
  override?: (builder: TestingModuleBuilder) => TestingModuleBuilder;
  /**
   * The app's logger provider (e.g. `Logger` from @emm/logging). Nest's own log
   * lines then go through it as in main.ts (`bufferLogs` + `useLogger`), so they
   * follow the app's LOG_LEVEL instead of Nest's console default.
   */
  logger?: Type<LoggerService>;
}

export interface NestAppUnderTest {
  app: INestApplication;
  /** `http://127.0.0.1:<port>` */
  baseUrl: string;
  port: number;
}

/** The app's real root module, compiled as a testing module and listening on a free loopback port. Close it with `app.close()`. */
export async function startNestApp(rootModule: Type | DynamicModule, options: StartNestAppOptions = {}): Promise<NestAppUnderTest> {
  const builder = Test.createTestingModule({ imports: [rootModule] });
  const moduleRef = await (options.override?.(builder) ?? builder).compile();
  const app = moduleRef.createNestApplication(options.logger ? { bufferLogs: true } : undefined);
  if (options.logger) app.useLogger(app.get(options.logger));
  await app.listen(0, '127.0.0.1');
  // getUrl() names the loopback address in IPv6 form on some hosts; the server listens on 127.0.0.1 only.
  const baseUrl = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  return { app, baseUrl, port: Number(new URL(baseUrl).port) };
}
