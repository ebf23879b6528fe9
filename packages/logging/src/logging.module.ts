import { type DynamicModule, Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { createLogger, type LoggingOptions } from './create-logger';
import { buildHttpLoggerOptions } from './http-logging';

/**
 * nestjs-pino with the EMM format: JSON lines with service/version, trace ids,
 * redaction, a request id, and no lines for health probes or metric scrapes.
 * Use `app.useLogger(app.get(Logger))` in main.ts so Nest's own logs go
 * through it too.
 */
@Module({})
export class LoggingModule {
  static forRoot(options: LoggingOptions): DynamicModule {
    const logger = createLogger(options);
    return {
      module: LoggingModule,
      imports: [LoggerModule.forRoot({ pinoHttp: buildHttpLoggerOptions(logger) })],
      exports: [LoggerModule],
    };
  }
}
