import { type DynamicModule, Module } from '@nestjs/common';
import { McpServerModule, mcpServerOptionsFromEnv } from '@emm/mcp';
import { PlatformModule } from '@emm/platform';
import { type AppConfig, SERVICE_NAME } from './config';
import { FileSystemModule } from './file-system.module';
import { StorageService } from './storage/storage.service';
import { FileSystemTools } from './tools/file-system.tools';

@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        PlatformModule.forRoot({ service: SERVICE_NAME, config, readiness: [StorageService] }),
        FileSystemModule,
        McpServerModule.forRoot({
          ...mcpServerOptionsFromEnv(config, {
            name: SERVICE_NAME,
            version: config.SERVICE_VERSION,
            instructions:
              'The only way to the vault and the UNSORTED inbox. Sort a file: list_unsorted → read_file → write_note (mode skip-if-same, with frontMatter.source) → move_to_vault (with the hash from list_unsorted). Every path is relative to its root.',
          }),
          imports: [FileSystemModule],
          providers: [FileSystemTools],
        }),
      ],
    };
  }
}
