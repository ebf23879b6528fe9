import { Module, type DynamicModule, type InjectionToken, type ModuleMetadata, type Provider, type Type } from '@nestjs/common';
import { McpAccessGuard } from './access.guard';
import { BodyParserExemption } from './body-parser-exemption';
import { McpController } from './mcp.controller';
import { McpEndpoint } from './mcp-endpoint';
import { ServerMetrics } from './server-metrics';
import { ServerSettings, type McpServerOptions } from './server-options';
import type { McpToolProvider } from './tool-definition';
import { ToolInvoker } from './tool-invoker';
import { ToolRegistry } from './tool-registry';
import { ToolsController } from './tools.controller';

interface ToolProviderOptions {
  /** Injectable classes whose `tools()` declare this server's tools; built with Nest DI. */
  providers: Type<McpToolProvider>[];
  /** Modules exporting what the tool providers inject (global modules need not be listed). */
  imports?: ModuleMetadata['imports'];
}

export interface McpServerModuleOptions extends McpServerOptions, ToolProviderOptions {}

export interface McpServerModuleAsyncOptions extends ToolProviderOptions {
  /** Builds the options from injected dependencies, e.g. the validated app config. */
  useFactory: (...args: never[]) => McpServerOptions | Promise<McpServerOptions>;
  inject?: InjectionToken[];
}

/**
 * Serves the tools of `providers` over MCP (`POST /mcp`) and REST
 * (`GET /tools`, `GET /tools/:name`, `POST /tools/:name`) from the same
 * declarations. Tool names must be unique: a duplicate stops the startup.
 * Needs @nestjs/platform-express.
 */
@Module({})
export class McpServerModule {
  static forRoot(options: McpServerModuleOptions): DynamicModule {
    const { providers, imports, ...serverOptions } = options;
    return McpServerModule.build({ providers, imports }, { provide: ServerSettings, useFactory: () => new ServerSettings(serverOptions) });
  }

  static forRootAsync(options: McpServerModuleAsyncOptions): DynamicModule {
    const { useFactory } = options;
    return McpServerModule.build(options, {
      provide: ServerSettings,
      useFactory: async (...args: never[]) => new ServerSettings(await useFactory(...args)),
      inject: options.inject ?? [],
    });
  }

  private static build({ providers: toolProviders, imports }: ToolProviderOptions, settings: Provider): DynamicModule {
    return {
      module: McpServerModule,
      imports: imports ?? [],
      controllers: [McpController, ToolsController],
      providers: [
        settings,
        ...toolProviders,
        {
          provide: ToolRegistry,
          useFactory: (...instances: unknown[]) => ToolRegistry.fromProviders(instances),
          inject: toolProviders,
        },
        { provide: ServerMetrics, useFactory: () => new ServerMetrics() },
        {
          provide: ToolInvoker,
          useFactory: (registry: ToolRegistry, metrics: ServerMetrics) => new ToolInvoker(registry, metrics),
          inject: [ToolRegistry, ServerMetrics],
        },
        {
          provide: McpEndpoint,
          useFactory: (s: ServerSettings, registry: ToolRegistry, invoker: ToolInvoker) => new McpEndpoint(s, registry, invoker),
          inject: [ServerSettings, ToolRegistry, ToolInvoker],
        },
        McpAccessGuard,
        BodyParserExemption,
      ],
      exports: [ToolRegistry, ToolInvoker],
    };
  }
}
