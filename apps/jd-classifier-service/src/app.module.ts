import { type DynamicModule, Module } from '@nestjs/common';
import { McpServerModule, mcpServerOptionsFromEnv } from '@emm/mcp';
import { PlatformModule } from '@emm/platform';
import { type AppConfig, SERVICE_NAME } from './config';
import { JdModule } from './structure/jd.module';
import { StructureService } from './structure/structure.service';
import { JdTools } from './tools/jd.tools';

@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        PlatformModule.forRoot({ service: SERVICE_NAME, config, readiness: [StructureService] }),
        JdModule,
        McpServerModule.forRoot({
          ...mcpServerOptionsFromEnv(config, {
            name: SERVICE_NAME,
            version: config.SERVICE_VERSION,
            instructions:
              'Owns the Johnny.Decimal structure of the vault. Use find_category to place something, resolve_path for its folder, allocate_id when no existing ID fits.',
          }),
          imports: [JdModule],
          providers: [JdTools],
        }),
      ],
    };
  }
}
