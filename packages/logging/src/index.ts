export { buildLoggerOptions, createLogger, type LoggingOptions, type LogLevel } from './create-logger';
export { LoggingModule } from './logging.module';
export { REDACTED, REDACT_PATHS } from './redaction';
export { activeTraceFields } from './trace-context';
// Apps take these from here so nestjs-pino stays an implementation detail.
export { InjectPinoLogger, Logger, LoggerErrorInterceptor, PinoLogger } from 'nestjs-pino';
export type { Logger as StandaloneLogger } from 'pino';
