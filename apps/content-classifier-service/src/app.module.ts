import { type DynamicModule, Module } from '@nestjs/common';
import { McpClientModule, mcpClientConfigFromEnv, McpServerModule, mcpServerOptionsFromEnv } from '@emm/mcp';
import { PlatformModule } from '@emm/platform';
import { ClassificationModule } from './classification/classification.module';
import { type AppConfig, SERVICE_NAME } from './config';
import { JdStructureService } from './structure/jd-structure.service';
import { StructureModule } from './structure/structure.module';
import { ClassifyTools } from './tools/classify.tools';

@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        PlatformModule.forRoot({ service: SERVICE_NAME, config, readiness: [JdStructureService] }),
        McpClientModule.forRoot({
          ...mcpClientConfigFromEnv(config, { caller: SERVICE_NAME, version: config.SERVICE_VERSION }),
          services: ['jd-classifier'],
        }),
        StructureModule,
        ClassificationModule,
        McpServerModule.forRoot({
          ...mcpServerOptionsFromEnv(config, {
            name: SERVICE_NAME,
            version: config.SERVICE_VERSION,
            instructions:
              'Classifies documents into the Johnny.Decimal structure. Call classify_content with the text (and title, file_name, source, hints when known); file the document at destination, and leave it for a person when needs_review is true.',
          }),
          imports: [ClassificationModule],
          providers: [ClassifyTools],
        }),
      ],
    };
  }
}
