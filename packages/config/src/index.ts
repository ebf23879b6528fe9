export { ConfigModule, ConfigService } from './config.module';
export * from './env-entry';
