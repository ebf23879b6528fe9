import { type DynamicModule, Module } from '@nestjs/common';
import { McpServerModule, mcpServerOptionsFromEnv } from '@emm/mcp';
import { PlatformModule } from '@emm/platform';
import { type AppConfig, SERVICE_NAME } from './config';
import { NotificationsModule } from './notifications/notifications.module';
import { NotificationsRuntime } from './notifications/notifications.runtime';
import { NotificationTools } from './tools/notification.tools';

@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        PlatformModule.forRoot({ service: SERVICE_NAME, config, readiness: [NotificationsRuntime] }),
        NotificationsModule,
        McpServerModule.forRoot({
          ...mcpServerOptionsFromEnv(config, {
            name: SERVICE_NAME,
            version: config.SERVICE_VERSION,
            instructions:
              'Sends notifications durably to the configured channels (Slack, signed webhook, log). notify returns an id at once; notification_status shows delivery per channel. Use dedupeKey for alerts that may repeat. list_failed and retry_failed are operator actions.',
          }),
          imports: [NotificationsModule],
          providers: [NotificationTools],
        }),
      ],
    };
  }
}
