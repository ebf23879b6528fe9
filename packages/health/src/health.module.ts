import { Global, Module, type DynamicModule } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { HealthController } from './health.controller';
import { HEALTH_OPTIONS, ReadinessService, type HealthModuleOptions } from './readiness.service';
import { ShutdownState } from './shutdown-state';

/**
 * `GET /health/live`, `GET /health/ready`, `GET /health/startup` (terminus JSON).
 *
 * ```ts
 * HealthModule.forRoot({ readiness: [RedisHealthIndicator, JdStructureHealthIndicator] })
 * ```
 * Pair it with `enableGracefulShutdown(app, …)` in main.ts so readiness turns
 * 503 the moment SIGTERM arrives.
 */
@Global()
@Module({})
export class HealthModule {
  static forRoot(options: HealthModuleOptions = {}): DynamicModule {
    return {
      module: HealthModule,
      global: true,
      imports: [TerminusModule.forRoot({ errorLogStyle: 'json' })],
      controllers: [HealthController],
      providers: [{ provide: HEALTH_OPTIONS, useValue: options }, ShutdownState, ReadinessService],
      exports: [ShutdownState],
    };
  }
}
