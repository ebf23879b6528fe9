import { Injectable, type OnModuleInit } from '@nestjs/common';
import { ApplicationConfig, HttpAdapterHost } from '@nestjs/core';
import type { IncomingMessage, ServerResponse } from 'node:http';

/** Marks a wrapped parser, so it is never wrapped twice. */
const EXEMPTING = Symbol('emm.mcp.exempting-body-parser');

type Middleware = ((req: IncomingMessage & { path?: string }, res: ServerResponse, next: (error?: unknown) => void) => void) & {
  [EXEMPTING]?: true;
};

interface RouterLayer {
  name?: string;
  handle: Middleware;
}

/** The names Express' parser factories give their middleware (`express.json()` is `jsonParser` …). */
const BODY_PARSER_NAMES: ReadonlySet<string> = new Set(['jsonParser', 'urlencodedParser', 'textParser', 'rawParser']);

/** `/mcp` and `/tools/<name>` (under the global prefix, if any), matched as Express matches routes. */
export function mcpBodyRoutes(globalPrefix: string): (path: string) => boolean {
  const prefix = `/${globalPrefix}`.replace(/\/+/g, '/').replace(/\/$/, '').toLowerCase();
  const mcp = `${prefix}/mcp`;
  const tools = `${prefix}/tools/`;
  return (path) => {
    const normalized = path.toLowerCase().replace(/\/+$/, '');
    return normalized === mcp || normalized.startsWith(tools);
  };
}

/**
 * Makes the app-wide body parsers Nest installs (`express.json()` with a
 * 100 kB limit, urlencoded …) step aside for the MCP routes, which read their
 * bodies themselves: with `maxBodyBytes`, and with errors in their own REST
 * and JSON-RPC shapes. Nest offers no per-route body parser and installs its
 * own before any module code runs, so the module wraps those middleware
 * functions here, during startup — the same in production and in tests built
 * with `Test.createTestingModule`. Other routes keep Nest's parsing untouched.
 */
@Injectable()
export class BodyParserExemption implements OnModuleInit {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly appConfig: ApplicationConfig,
  ) {}

  onModuleInit(): void {
    const adapter = this.adapterHost.httpAdapter;
    // An application context without HTTP serves nothing, so there is nothing to exempt.
    if (adapter === undefined) return;
    if (adapter.getType() !== 'express') {
      throw new Error(`McpServerModule needs @nestjs/platform-express, not the ${adapter.getType()} adapter`);
    }
    const app = adapter.getInstance<{ router?: { stack?: RouterLayer[] } }>();
    const isMcpRoute = mcpBodyRoutes(this.appConfig.getGlobalPrefix());
    for (const layer of app.router?.stack ?? []) {
      if (layer.name === undefined || !BODY_PARSER_NAMES.has(layer.name) || layer.handle[EXEMPTING]) continue;
      const parse = layer.handle;
      // Keeps the parser's name: Nest finds its parsers by name to avoid installing them twice.
      const exempting: Middleware = {
        [layer.name]: (req: Parameters<Middleware>[0], res: ServerResponse, next: (error?: unknown) => void) => {
          if (req.method === 'POST' && isMcpRoute(req.path ?? '')) next();
          else parse(req, res, next);
        },
      }[layer.name];
      exempting[EXEMPTING] = true;
      layer.handle = exempting;
    }
  }
}
