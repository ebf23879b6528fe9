import { type DynamicModule, Module } from '@nestjs/common';
import { McpServerModule, mcpServerOptionsFromEnv } from '@emm/mcp';
import { PlatformModule } from '@emm/platform';
import { type AppConfig, SERVICE_NAME } from './config';
import { ScraperModule } from './scraper/scraper.module';
import { ScraperTools } from './tools/scraper.tools';

@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        // Redis only caches pages here: fetches go on without it, so readiness does not depend on it.
        PlatformModule.forRoot({ service: SERVICE_NAME, config, redisRequired: false }),
        ScraperModule,
        McpServerModule.forRoot({
          ...mcpServerOptionsFromEnv(config, {
            name: SERVICE_NAME,
            version: config.SERVICE_VERSION,
            instructions:
              'Fetches public web pages safely and returns their main content as Markdown. Results are cached; pass bypassCache to force a fresh fetch.',
          }),
          imports: [ScraperModule],
          providers: [ScraperTools],
        }),
      ],
    };
  }
}
