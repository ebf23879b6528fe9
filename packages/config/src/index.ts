export { ConfigModule, ConfigService } from './config.module';
export {
  envBoolean,
  envDurationMs,
  envEnum,
  envInt,
  envList,
  envSecret,
  envString,
  envUrl,
  parseDurationMs,
  type EnvIntOptions,
  type EnvStringOptions,
  type EnvUrlOptions,
} from './env-helpers';
export { ConfigValidationError, loadConfig, loadConfigOrExit } from './load-config';
export { LOG_LEVELS, platformEnvSchema, type PlatformEnv } from './platform-env';
