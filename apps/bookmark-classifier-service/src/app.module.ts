import { type DynamicModule, Module } from '@nestjs/common';
import { McpClientModule, mcpClientConfigFromEnv, McpServerModule, mcpServerOptionsFromEnv } from '@emm/mcp';
import { PlatformModule } from '@emm/platform';
import { ClassificationModule } from './classification/classification.module';
import { type AppConfig, SERVICE_NAME } from './config';
import { BookmarkTools } from './tools/bookmark.tools';

@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        // Readiness is this service and Redis only: parse_bookmarks needs nothing else, and a
        // classifier that is down fails classify_bookmark calls (unavailable) instead of taking this service out.
        PlatformModule.forRoot({ service: SERVICE_NAME, config }),
        McpClientModule.forRoot({
          ...mcpClientConfigFromEnv(config, { caller: SERVICE_NAME, version: config.SERVICE_VERSION }),
          services: ['jd-classifier', { service: 'content-classifier', timeoutMs: config.BOOKMARK_CONTENT_TIMEOUT_MS }],
        }),
        ClassificationModule,
        McpServerModule.forRoot({
          ...mcpServerOptionsFromEnv(config, {
            name: SERVICE_NAME,
            version: config.SERVICE_VERSION,
            instructions:
              'Turns browser bookmark exports into normalised, deduplicated bookmarks (parse_bookmarks) and finds the Johnny.Decimal place of one bookmark (classify_bookmark). Parse first, then classify each bookmark, passing its folderPath and, when you have it, the page text.',
          }),
          imports: [ClassificationModule],
          providers: [BookmarkTools],
        }),
      ],
    };
  }
}
