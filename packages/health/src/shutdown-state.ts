import { Injectable } from '@nestjs/common';

/**
 * Whether the process has begun shutting down. Set by `enableGracefulShutdown`
 * the moment a signal arrives, so `/health/ready` turns 503 at once and
 * Kubernetes stops routing new traffic while in-flight work finishes.
 */
@Injectable()
export class ShutdownState {
  private drainingSince: Date | undefined;

  get isDraining(): boolean {
    return this.drainingSince !== undefined;
  }

  /** When draining began (undefined while serving normally). */
  get since(): Date | undefined {
    return this.drainingSince;
  }

  beginDraining(): void {
    this.drainingSince ??= new Date();
  }
}
