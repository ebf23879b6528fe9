import { type DynamicModule, Module } from '@nestjs/common';
import { AgentRuntime, agentSettingsFromEnv, AgentRuntimeModule } from '@emm/agent-runtime';
import { McpClientModule, mcpClientConfigFromEnv } from '@emm/mcp';
import { PlatformModule } from '@emm/platform';
import { type AppConfig, SERVICE_NAME } from './config';
import { bookmarkImportDepsProvider } from './import/bookmark-import.deps';
import { BookmarkImportWorkflow } from './import/bookmark-import.workflow';

@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        // Ready once Redis and the queues are: the services it calls are checked per call (a down service fails items as retryable, not the agent).
        PlatformModule.forRoot({ service: SERVICE_NAME, config, readiness: [AgentRuntime] }),
        McpClientModule.forRoot({
          ...mcpClientConfigFromEnv(config, { caller: SERVICE_NAME, version: config.SERVICE_VERSION }),
          services: [
            { service: 'bookmark-classifier', timeoutMs: config.BOOKMARK_CLASSIFY_TIMEOUT_MS },
            { service: 'web-scraper', timeoutMs: config.BOOKMARK_FETCH_TIMEOUT_MS },
            'file-system',
            'jd-classifier',
            'notifications',
          ],
        }),
        AgentRuntimeModule.forRoot({
          settings: agentSettingsFromEnv(config, SERVICE_NAME),
          workflows: [BookmarkImportWorkflow],
          providers: [bookmarkImportDepsProvider],
        }),
      ],
    };
  }
}
