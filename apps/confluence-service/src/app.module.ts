import { type DynamicModule, Module } from '@nestjs/common';
import { McpServerModule, mcpServerOptionsFromEnv } from '@emm/mcp';
import { PlatformModule } from '@emm/platform';
import { type AppConfig, SERVICE_NAME } from './config';
import { ConfluenceModule } from './confluence/confluence.module';
import { ConfluenceTools } from './tools/confluence.tools';

@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        // Readiness is Redis only: Confluence is a remote dependency, and taking every
        // replica out of service while it is down would hide the tools' clear
        // `unavailable` answers behind connection errors.
        PlatformModule.forRoot({ service: SERVICE_NAME, config }),
        ConfluenceModule,
        McpServerModule.forRoot({
          ...mcpServerOptionsFromEnv(config, {
            name: SERVICE_NAME,
            version: config.SERVICE_VERSION,
            instructions:
              'Reads Confluence. list_spaces finds space keys; list_pages lists a space\'s pages (changed since a time or a stored cursor); get_page returns one page as Markdown. Keep list_pages\' nextCursor to sync incrementally.',
          }),
          imports: [ConfluenceModule],
          providers: [ConfluenceTools],
        }),
      ],
    };
  }
}
