import { Injectable, type OnModuleInit } from '@nestjs/common';
import { ApplicationConfig, HttpAdapterHost } from '@nestjs/core';
import type { IncomingMessage, ServerResponse } from 'node:http';

/** On a wrapped parser: the routes that read their bodies themselves (every module that exempts some adds its test). */
const EXEMPTED = Symbol('emm.body-parser.exempted-routes');

type RoutePredicate = (req: IncomingMessage & { path?: string }) => boolean;

type Middleware = ((req: IncomingMessage & { path?: string }, res: ServerResponse, next: (error?: unknown) => void) => void) & {
  [EXEMPTED]?: RoutePredicate[];
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
/**
 * Makes the app-wide body parsers Nest installs (`express.json()` with a
 * 100 kB limit, urlencoded …) step aside for the requests `isExempt` picks,
 * whose handlers read their bodies themselves (readJsonBody): with their own
 * limit, and with errors in their own shapes. Nest offers no per-route body
 * parser and installs its own before any module code runs, so this wraps
 * those middleware functions during startup (onModuleInit) — the same in
 * production and in tests built with `Test.createTestingModule`. Other
 * routes keep Nest's parsing untouched.
 */
export function exemptFromBodyParsers(adapterHost: HttpAdapterHost, isExempt: RoutePredicate): void {
  const adapter = adapterHost.httpAdapter;
  // An application context without HTTP serves nothing, so there is nothing to exempt.
  if (adapter === undefined) return;
  if (adapter.getType() !== 'express') {
    throw new Error(`body parser exemption needs @nestjs/platform-express, not the ${adapter.getType()} adapter`);
  }
  const app = adapter.getInstance<{ router?: { stack?: RouterLayer[] } }>();
  for (const layer of app.router?.stack ?? []) {
    if (layer.name === undefined || !BODY_PARSER_NAMES.has(layer.name)) continue;
    const exempted = layer.handle[EXEMPTED];
    if (exempted !== undefined) {
      exempted.push(isExempt);
      continue;
    }
    const parse = layer.handle;
    const predicates: RoutePredicate[] = [isExempt];
    // Keeps the parser's name: Nest finds its parsers by name to avoid installing them twice.
    const exempting: Middleware = {
      [layer.name]: (req: Parameters<Middleware>[0], res: ServerResponse, next: (error?: unknown) => void) => {
        if (predicates.some((test) => test(req))) next();
        else parse(req, res, next);
      },
    }[layer.name];
    exempting[EXEMPTED] = predicates;
    layer.handle = exempting;
  }
}

/** The MCP routes read their own bodies (see exemptFromBodyParsers). */
@Injectable()
export class BodyParserExemption implements OnModuleInit {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly appConfig: ApplicationConfig,
  ) {}

  onModuleInit(): void {
    const isMcpRoute = mcpBodyRoutes(this.appConfig.getGlobalPrefix());
    exemptFromBodyParsers(this.adapterHost, (req) => req.method === 'POST' && isMcpRoute(req.path ?? ''));
  }
}
