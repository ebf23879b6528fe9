import type { LoggerService } from '@nestjs/common';
import type { StandaloneLogger } from '@emm/logging';

/**
 * Nest's logger until the app's own pino logger takes over (and if start-up
 * fails before that): the same JSON lines, and no stack traces — a failed
 * start is reported as its message, not as a dump.
 */
export class BootLogger implements LoggerService {
  constructor(private readonly logger: StandaloneLogger) {}

  log(message: unknown, context?: string): void {
    this.logger.info({ context }, String(message));
  }

  error(message: unknown, ...rest: unknown[]): void {
    // Nest passes (message, stack?, context?); the context is the last string.
    const context = rest.length > 0 ? rest[rest.length - 1] : undefined;
    this.logger.error({ context: typeof context === 'string' && !context.includes('\n') ? context : undefined }, String(message));
  }

  warn(message: unknown, context?: string): void {
    this.logger.warn({ context }, String(message));
  }

  debug(message: unknown, context?: string): void {
    this.logger.debug({ context }, String(message));
  }

  verbose(message: unknown, context?: string): void {
    this.logger.trace({ context }, String(message));
  }

  fatal(message: unknown, context?: string): void {
    this.logger.fatal({ context }, String(message));
  }
}
