import { Controller, Get, ServiceUnavailableException } from '@nestjs/common';
import { HealthCheckService, HealthIndicatorService, type HealthCheckResult } from '@nestjs/terminus';
import { ReadinessService } from './readiness.service';
import { ShutdownState } from './shutdown-state';

@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly readiness: ReadinessService,
    private readonly shutdown: ShutdownState,
  ) {}

  /** The process serves HTTP. No dependency checks: a Redis outage must not restart every pod. */
  @Get('live')
  live(): Promise<HealthCheckResult> {
    return this.health.check([]);
  }

  /** Every readiness check passes, and the process is not shutting down. */
  @Get('ready')
  ready(): Promise<HealthCheckResult> {
    if (this.shutdown.isDraining) {
      const details = { shutdown: { status: 'down' as const, message: 'shutting down: draining in-flight requests' } };
      throw new ServiceUnavailableException({ status: 'shutting_down', info: {}, error: details, details });
    }
    return this.health.check(this.readiness.indicatorFunctions());
  }

  /** Initialisation finished and the readiness checks passed at least once; stays up from then on. */
  @Get('startup')
  async startup(): Promise<HealthCheckResult> {
    if (!this.readiness.hasBootstrapped) {
      const details = { startup: { status: 'down' as const, message: 'application is still initialising' } };
      throw new ServiceUnavailableException({ status: 'error', info: {}, error: details, details });
    }
    if (this.readiness.hasPassedOnce) {
      return this.health.check([() => this.indicators.check('startup').up()]);
    }
    const result = await this.health.check(this.readiness.indicatorFunctions());
    this.readiness.markPassed();
    return result;
  }
}
