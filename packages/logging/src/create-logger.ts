import { hostname } from 'node:os';
import pino, { type DestinationStream, type Level, type LevelWithSilent, type Logger, type LoggerOptions } from 'pino';
import pinoPretty from 'pino-pretty';
import { REDACTED, REDACT_PATHS } from './redaction';
import { activeTraceFields } from './trace-context';

export type LogLevel = LevelWithSilent;

export interface LoggingOptions {
  level: LogLevel;
  /** `service` on every line, e.g. `jd-classifier-service`. */
  service: string;
  /** `version` on every line. */
  version: string;
  /** Human-readable, coloured lines for a developer's terminal instead of JSON. */
  pretty?: boolean;
  /** Where lines go; stdout unless given (tests capture output here). */
  destination?: DestinationStream;
}

/** The pino settings every EMM logger shares, Nest or not, so the two cannot drift. */
export function buildLoggerOptions(options: LoggingOptions): LoggerOptions {
  return {
    level: options.level,
    base: { service: options.service, version: options.version, pid: process.pid, hostname: hostname() },
    timestamp: pino.stdTimeFunctions.isoTime,
    // Labels ("info") read better than numbers in log search; pino-pretty wants the numbers.
    formatters: options.pretty ? {} : { level: (label: string) => ({ level: label as Level }) },
    redact: { paths: [...REDACT_PATHS], censor: REDACTED },
    mixin: activeTraceFields,
  };
}

function destinationFor(options: LoggingOptions): DestinationStream | undefined {
  if (options.destination) return options.destination;
  if (options.pretty) {
    return pinoPretty({ colorize: process.stdout.isTTY, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname,version' });
  }
  return undefined; // pino's default: synchronous stdout, so nothing is lost on exit
}

/** A plain pino logger with the EMM format and redaction, for code outside Nest (CLI, bootstrap). */
export function createLogger(options: LoggingOptions): Logger {
  return pino(buildLoggerOptions(options), destinationFor(options));
}
