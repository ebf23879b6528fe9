import { type DynamicModule, Global, Module } from '@nestjs/common';

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const nested of Object.values(value)) deepFreeze(nested);
  }
  return value;
}

/**
 * Typed, read-only access to the config loaded once in `main.ts`. Inject it as
 * `ConfigService<AppConfig>`; there is one instance per application.
 */
export class ConfigService<T extends object = Record<string, unknown>> {
  private readonly config: Readonly<T>;

  constructor(config: T) {
    this.config = deepFreeze({ ...config });
  }

  get<K extends keyof T>(key: K): T[K] {
    return this.config[key];
  }

  all(): Readonly<T> {
    return this.config;
  }
}

/**
 * Provides `ConfigService` everywhere. The config is loaded and validated
 * before Nest starts (`loadConfigOrExit`) and handed in, so a test builds its
 * module with a plain object instead of environment variables.
 */
@Global()
@Module({})
export class ConfigModule {
  static forRoot<T extends object>(config: T): DynamicModule {
    return {
      module: ConfigModule,
      providers: [{ provide: ConfigService, useValue: new ConfigService(config) }],
      exports: [ConfigService],
    };
  }
}
