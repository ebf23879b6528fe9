import { CACHE_REDIS_CLIENT } from '@emm/redis';
import { Inject, Injectable, Logger, Module, Optional, type DynamicModule, type OnApplicationShutdown, type Provider } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { isMcpServiceId, MCP_SERVICE_IDS, type McpServiceId } from '../contract/services';
import { mcpClientOptions, type McpClientsConfig, type McpServiceOverrides } from './client-env';
import { McpClient } from './mcp-client';

/** A service this app calls: its id, or its id with settings of its own (a slow classifier's longer timeout). */
export type McpServiceEntry = McpServiceId | ({ service: McpServiceId } & McpServiceOverrides);

export interface McpClientModuleOptions extends McpClientsConfig {
  /** Every service the app calls; only these can be injected (it documents the app's dependencies). */
  services: readonly McpServiceEntry[];
}

const MCP_CLIENT_MODULE_OPTIONS = Symbol('MCP_CLIENT_MODULE_OPTIONS');

/** The injection token of one service's client; prefer `@InjectMcpClient(service)`. */
export function mcpClientToken(service: McpServiceId): string {
  return `McpClient:${service}`;
}

/** Injects the client of `service`: `@InjectMcpClient('jd-classifier') private readonly jd: McpClient<'jd-classifier'>`. */
export function InjectMcpClient(service: McpServiceId): ParameterDecorator & PropertyDecorator {
  return Inject(mcpClientToken(service));
}

function entryService(entry: McpServiceEntry): McpServiceId {
  return typeof entry === 'string' ? entry : entry.service;
}

/**
 * The app's clients, one per listed service, made at startup and closed at
 * shutdown (after in-flight calls finish). Cacheable results go to the cache
 * Redis (`CACHE_REDIS_CLIENT` from `@emm/redis`) when the app has one.
 */
@Injectable()
export class McpClients implements OnApplicationShutdown {
  private readonly clients = new Map<McpServiceId, McpClient>();

  constructor(
    @Inject(MCP_CLIENT_MODULE_OPTIONS) options: McpClientModuleOptions,
    @Optional() @Inject(CACHE_REDIS_CLIENT) cacheRedis?: Redis,
  ) {
    for (const entry of options.services) {
      const service = entryService(entry);
      if (this.clients.has(service)) throw new Error(`McpClientModule: service "${service}" is listed twice`);
      const overrides = typeof entry === 'string' ? {} : entry;
      // The app's logger (pino in EMM apps), through Nest's Logger.
      this.clients.set(service, new McpClient({ logger: new Logger(`McpClient:${service}`), ...mcpClientOptions(options, service, { overrides, cacheRedis }) }));
    }
  }

  /** The client of a listed service. */
  get<S extends McpServiceId>(service: S): McpClient<S> {
    const client = this.clients.get(service);
    if (client === undefined) {
      throw new Error(`no MCP client for "${service}": add it to McpClientModule.forRoot({ services })`);
    }
    return client as unknown as McpClient<S>;
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all([...this.clients.values()].map((client) => client.close()));
  }
}

/**
 * MCP clients for a Nest app:
 * `McpClientModule.forRoot({ ...mcpClientConfigFromEnv(config, { caller: SERVICE_NAME, version: config.SERVICE_VERSION }), services: ['jd-classifier'] })`,
 * then `@InjectMcpClient('jd-classifier')` (or `McpClients.get`) anywhere: the module is global.
 */
@Module({})
export class McpClientModule {
  static forRoot(options: McpClientModuleOptions): DynamicModule {
    for (const entry of options.services) {
      const service = entryService(entry);
      if (!isMcpServiceId(service)) throw new Error(`McpClientModule: unknown service "${String(service)}"; known: ${MCP_SERVICE_IDS.join(', ')}`);
    }
    const perService: Provider[] = options.services.map((entry) => ({
      provide: mcpClientToken(entryService(entry)),
      useFactory: (clients: McpClients) => clients.get(entryService(entry)),
      inject: [McpClients],
    }));
    return {
      module: McpClientModule,
      global: true,
      providers: [{ provide: MCP_CLIENT_MODULE_OPTIONS, useValue: options }, McpClients, ...perService],
      exports: [McpClients, ...perService.map((provider) => (provider as { provide: string }).provide)],
    };
  }
}
