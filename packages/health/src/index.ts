export { HealthModule } from './health.module';
export { type HealthModuleOptions } from './readiness.service';
export { type ReadinessCheck, type ReadinessCheckToken } from './readiness-check';
export { ShutdownState } from './shutdown-state';
export { enableGracefulShutdown, type GracefulShutdownOptions } from './graceful-shutdown';
