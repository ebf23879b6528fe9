import type { DynamicModule } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { loadConfigOrExit } from '@emm/config';
import { enableGracefulShutdown } from '@emm/health';
import { createLogger, Logger } from '@emm/logging';
import type { z } from 'zod';
import { BootLogger } from './boot-logger';
import type { ServiceEnv } from './platform.module';

export interface RunServiceOptions<S extends z.ZodType<ServiceEnv>> {
  service: string;
  configSchema: S;
  /** Builds the app's root module from the validated config. */
  module: (config: z.infer<S>) => DynamicModule;
}

/**
 * The whole of a service's main.ts after telemetry: validate config (bad
 * config → one line per problem, exit 1), create the app with JSON logs,
 * graceful shutdown on SIGTERM, listen. A failure to start is logged as one
 * line and exits 1.
 */
export async function runService<S extends z.ZodType<ServiceEnv>>(options: RunServiceOptions<S>): Promise<NestExpressApplication> {
  const config = loadConfigOrExit(options.configSchema);
  const bootLogger = createLogger({ service: options.service, version: config.SERVICE_VERSION, level: config.LOG_LEVEL });
  try {
    const app = await NestFactory.create<NestExpressApplication>(options.module(config), {
      logger: new BootLogger(bootLogger),
      bufferLogs: true,
      abortOnError: false,
    });
    app.useLogger(app.get(Logger));
    app.disable('x-powered-by');
    enableGracefulShutdown(app, { drainDelayMs: config.SHUTDOWN_DRAIN_MS, timeoutMs: config.SHUTDOWN_TIMEOUT_MS, logger: app.get(Logger) });
    await app.listen(config.PORT, config.HOST);
    return app;
  } catch (error) {
    bootLogger.fatal({ err: { message: error instanceof Error ? error.message : String(error) } }, `${options.service} failed to start`);
    process.exit(1);
  }
}
