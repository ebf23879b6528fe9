export { PlatformModule, type PlatformOptions, type ServiceEnv } from './platform.module';
export { runService, type RunServiceOptions } from './run-service';
