import { type DynamicModule, Module } from '@nestjs/common';
import { AgentRuntime, AgentRuntimeModule, agentSettingsFromEnv } from '@emm/agent-runtime';
import { McpClientModule, mcpClientConfigFromEnv } from '@emm/mcp';
import { PlatformModule } from '@emm/platform';
import { type AppConfig, SERVICE_NAME } from './config';
import { ConfluenceSyncWorkflow } from './sync/confluence-sync.workflow';
import { SYNC_SETTINGS, type SyncSettings } from './sync/sync-settings';

@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    const settings: SyncSettings = {
      agent: SERVICE_NAME,
      spaces: config.CONFLUENCE_SPACES,
      listLimit: config.CONFLUENCE_LIST_LIMIT,
      listingTtlMs: config.RUN_HISTORY_MS,
      notifyQuietRuns: config.NOTIFY_QUIET_RUNS,
    };
    return {
      module: AppModule,
      imports: [
        // Readiness is Redis and the runtime's queues only: a service that is down fails (and retries)
        // the items that need it, instead of taking the run API out of its Service.
        PlatformModule.forRoot({ service: SERVICE_NAME, config, readiness: [AgentRuntime] }),
        McpClientModule.forRoot({
          ...mcpClientConfigFromEnv(config, { caller: SERVICE_NAME, version: config.SERVICE_VERSION }),
          services: ['confluence', { service: 'content-classifier', timeoutMs: config.CONTENT_CLASSIFIER_TIMEOUT_MS }, 'jd-classifier', 'file-system', 'notifications'],
        }),
        AgentRuntimeModule.forRoot({
          settings: agentSettingsFromEnv(config, SERVICE_NAME),
          workflows: [ConfluenceSyncWorkflow],
          providers: [{ provide: SYNC_SETTINGS, useValue: settings }],
        }),
      ],
    };
  }
}
