import { type DynamicModule, Module } from '@nestjs/common';
import { AgentRuntime, AgentRuntimeModule, agentSettingsFromEnv } from '@emm/agent-runtime';
import { McpClientModule, mcpClientConfigFromEnv } from '@emm/mcp';
import { PlatformModule } from '@emm/platform';
import { type AppConfig, SERVICE_NAME } from './config';
import { FILE_IMPORT_SETTINGS, fileImportSettingsFromEnv } from './file-import/file-import.settings';
import { FileImportWorkflow } from './file-import/file-import.workflow';

@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        // Readiness is Redis and the runtime's queues only: a service that is down fails (and
        // retries) the items that need it, instead of taking the run API out of its Service.
        PlatformModule.forRoot({ service: SERVICE_NAME, config, readiness: [AgentRuntime] }),
        McpClientModule.forRoot({
          ...mcpClientConfigFromEnv(config, { caller: SERVICE_NAME, version: config.SERVICE_VERSION }),
          services: [
            { service: 'file-system', timeoutMs: config.IMPORT_FILE_SYSTEM_TIMEOUT_MS },
            { service: 'content-classifier', timeoutMs: config.IMPORT_CLASSIFY_TIMEOUT_MS },
            'jd-classifier',
            'notifications',
          ],
        }),
        AgentRuntimeModule.forRoot({
          settings: agentSettingsFromEnv(config, SERVICE_NAME),
          workflows: [FileImportWorkflow],
          providers: [{ provide: FILE_IMPORT_SETTINGS, useValue: fileImportSettingsFromEnv(config, SERVICE_NAME) }],
        }),
      ],
    };
  }
}
