import { type DynamicModule, Injectable, type ModuleMetadata, Module, type OnModuleInit, type Provider, type Type } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { ThrottlerModule } from '@nestjs/throttler';
import { exemptFromBodyParsers } from '@emm/mcp';
import type { AgentSettings } from './agent-env';
import { AgentRuntime } from './agent-runtime';
import { RunApiRateLimitGuard } from './api/rate-limit.guard';
import { RunApiGuard } from './api/run-api.guard';
import { RunEventStreams } from './api/run-event-streams';
import { RunsController } from './api/runs.controller';
import { AGENT_SETTINGS, WORKFLOWS } from './tokens';
import type { Workflow } from './workflow';

export interface AgentRuntimeModuleOptions {
  settings: AgentSettings;
  /** The workflow classes (@Injectable, implementing Workflow) this agent offers. */
  workflows: Array<Type<Workflow>>;
  /** Modules the workflows need. */
  imports?: ModuleMetadata['imports'];
  /** Providers the workflows need. */
  providers?: Provider[];
}

const ONE_MINUTE_MS = 60_000;

/** The run API reads its POST bodies itself (up to RUN_API_BODY_LIMIT_BYTES), past Nest's 100 kB parsers. */
@Injectable()
class RunApiBodies implements OnModuleInit {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  onModuleInit(): void {
    exemptFromBodyParsers(this.adapterHost, (req) => req.method === 'POST' && /^\/runs(\/|$)/i.test(req.path ?? ''));
  }
}

/**
 * Makes an app an agent: `AgentRuntimeModule.forRoot({ settings: agentSettingsFromEnv(config, SERVICE_NAME), workflows: [FileImportWorkflow] })`
 * and `PlatformModule.forRoot({ …, readiness: [AgentRuntime] })`. ROLE=api
 * serves the run API, ROLE=worker runs the workflow workers, ROLE=all both.
 */
@Module({})
export class AgentRuntimeModule {
  static forRoot(options: AgentRuntimeModuleOptions): DynamicModule {
    const { settings } = options;
    const serveApi = settings.role !== 'worker';
    const workflowsProvider: Provider = {
      provide: WORKFLOWS,
      useFactory: (...instances: Workflow[]) => {
        const byName = new Map<string, Workflow>();
        for (const workflow of instances) {
          if (byName.has(workflow.name)) throw new Error(`AgentRuntimeModule: two workflows are named ${workflow.name}`);
          if (!/^[a-z][a-z0-9-]*$/.test(workflow.name)) throw new Error(`AgentRuntimeModule: workflow name ${JSON.stringify(workflow.name)} must be lower-case words joined by "-"`);
          byName.set(workflow.name, workflow);
        }
        return byName;
      },
      inject: options.workflows,
    };
    return {
      module: AgentRuntimeModule,
      imports: [
        ...(options.imports ?? []),
        ...(serveApi
          ? [ThrottlerModule.forRoot({ throttlers: [{ ttl: ONE_MINUTE_MS, limit: settings.rateLimitPerMinute }], skipIf: () => settings.rateLimitPerMinute === 0 })]
          : []),
      ],
      controllers: serveApi ? [RunsController] : [],
      providers: [
        { provide: AGENT_SETTINGS, useValue: settings },
        ...options.workflows,
        ...(options.providers ?? []),
        workflowsProvider,
        AgentRuntime,
        ...(serveApi ? [RunEventStreams, RunApiGuard, RunApiRateLimitGuard, RunApiBodies] : []),
      ],
      exports: [AgentRuntime],
    };
  }
}
