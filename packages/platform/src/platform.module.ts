import { type DynamicModule, Module } from '@nestjs/common';
import { ConfigModule, type PlatformEnv } from '@emm/config';
import { HealthModule, type ReadinessCheckToken } from '@emm/health';
import { LoggingModule } from '@emm/logging';
import { MetricsModule } from '@emm/metrics';
import { RedisHealthIndicator, RedisModule, redisSettingsFromEnv, type RedisEnv } from '@emm/redis';
import { TelemetryModule } from '@emm/telemetry';

export type ServiceEnv = PlatformEnv & RedisEnv;

export interface PlatformOptions<C extends ServiceEnv> {
  /** The service's name: log field, metric label, Redis connection name. */
  service: string;
  /** The validated configuration (loadConfig / loadConfigOrExit). */
  config: C;
  /** What readiness needs besides Redis, e.g. a loaded JD structure. */
  readiness?: ReadinessCheckToken[];
  /**
   * Whether the service cannot work without the main Redis (default true).
   * A service that uses Redis only as an optional cache says false, so a Redis
   * outage does not take all its replicas out of their Service.
   */
  redisRequired?: boolean;
}

/**
 * Everything an EMM service shares, in one import: typed config, JSON logs,
 * span flushing, `/metrics`, `/health/*` and the Redis connections. An app
 * module lists `PlatformModule.forRoot(...)` and then only its own features.
 */
@Module({})
export class PlatformModule {
  static forRoot<C extends ServiceEnv>({ service, config, readiness = [], redisRequired = true }: PlatformOptions<C>): DynamicModule {
    return {
      module: PlatformModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggingModule.forRoot({ service, version: config.SERVICE_VERSION, level: config.LOG_LEVEL }),
        TelemetryModule,
        MetricsModule.forRoot({ service, version: config.SERVICE_VERSION }),
        RedisModule.forRoot(redisSettingsFromEnv(config), { name: service }),
        HealthModule.forRoot({ readiness: redisRequired ? [RedisHealthIndicator, ...readiness] : readiness }),
      ],
    };
  }
}
