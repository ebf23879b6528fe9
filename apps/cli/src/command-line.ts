import { parseArgs } from 'node:util';
import { parseDurationMs } from '@emm/config';
import { findMcpService, MCP_SERVICE_IDS, type McpServiceId } from '@emm/mcp';

export interface GlobalOptions {
  /** Machine-readable output: one JSON document on stdout. */
  json: boolean;
  /** The service's MCP endpoint instead of the one from the environment. */
  url?: string;
  /** Per-attempt timeout instead of MCP_CLIENT_TIMEOUT_MS. */
  timeoutMs?: number;
}

export type Command =
  | { name: 'help' }
  | { name: 'services'; options: GlobalOptions }
  | { name: 'tools'; service: McpServiceId; options: GlobalOptions }
  | { name: 'call'; service: McpServiceId; tool: string; args: string; options: GlobalOptions };

/** The command line is wrong: print the message and the usage, exit 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export const USAGE = `Usage: emm <command> [options]

Commands:
  services                        the EMM services and where this shell reaches them
  tools <service>                 a service's tools: name, title, cache TTL, idempotency, description
  call <service> <tool> [json]    call a tool with a JSON object of arguments ('-' reads it from stdin)

Options:
  --json              machine-readable output (one JSON document on stdout)
  --url <url>         the service's MCP endpoint (default: MCP_<SERVICE>_URL, else http://<service>-service:8080/mcp)
  --timeout <time>    per attempt, e.g. 500ms, 30s (default: MCP_CLIENT_TIMEOUT_MS, else 10s)
  -h, --help          this text

Services: ${MCP_SERVICE_IDS.join(', ')}
Environment: MCP_<SERVICE>_URL, MCP_AUTH_TOKEN, MCP_<SERVICE>_AUTH_TOKEN, MCP_CLIENT_* (see apps/cli/README.md).

Examples:
  emm tools jd-classifier
  emm call jd-classifier find_category '{"query":"bank statement"}'`;

function serviceArgument(name: string | undefined): McpServiceId {
  if (name === undefined) throw new UsageError('name a service');
  const service = findMcpService(name);
  if (service === undefined) throw new UsageError(`unknown service "${name}"; known: ${MCP_SERVICE_IDS.join(', ')}`);
  return service;
}

function options(values: { json?: boolean; url?: string; timeout?: string }): GlobalOptions {
  const parsed: GlobalOptions = { json: values.json === true };
  if (values.url !== undefined) {
    if (!URL.canParse(values.url) || !['http:', 'https:'].includes(new URL(values.url).protocol)) {
      throw new UsageError('--url must be an http:// or https:// URL');
    }
    parsed.url = values.url;
  }
  if (values.timeout !== undefined) {
    const ms = parseDurationMs(values.timeout);
    if (ms === undefined || ms === 0) throw new UsageError('--timeout must be a duration such as 500ms, 30s or 2m');
    parsed.timeoutMs = ms;
  }
  return parsed;
}

function expectCount(positionals: readonly string[], max: number, command: string): void {
  if (positionals.length > max) throw new UsageError(`too many arguments for "${command}": ${positionals.slice(max).join(' ')}`);
}

/** Turns argv (without node and the script) into a command; a mistake throws `UsageError`. */
export function parseCommandLine(argv: readonly string[]): Command {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (error) {
    // parseArgs' messages are clear ("Unknown option '--jsn'") but end with advice for script authors.
    const { message } = error as { message?: unknown };
    throw new UsageError(String(message).replace(/\. To specify a positional argument.*$/s, ''));
  }
  const { values, positionals } = parsed;
  const [name, ...rest] = positionals;
  if (values.help === true || name === undefined || name === 'help') return { name: 'help' };
  switch (name) {
    case 'services':
      expectCount(rest, 0, name);
      return { name, options: options(values) };
    case 'tools':
      expectCount(rest, 1, name);
      return { name, service: serviceArgument(rest[0]), options: options(values) };
    case 'call': {
      expectCount(rest, 3, name);
      const [service, tool, args = '{}'] = rest;
      const target = serviceArgument(service);
      if (tool === undefined) throw new UsageError('name the tool to call, e.g. emm call jd-classifier find_category \'{"query":"…"}\'');
      return { name, service: target, tool, args, options: options(values) };
    }
    default:
      throw new UsageError(`unknown command "${name}"`);
  }
}

function parse(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    allowPositionals: true,
    strict: true,
    options: {
      json: { type: 'boolean' },
      url: { type: 'string' },
      timeout: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}

/** The arguments of `emm call`: a JSON object. */
export function parseToolArguments(text: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`the arguments are not valid JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new UsageError('the arguments must be a JSON object, e.g. \'{"query":"bank statement"}\'');
  }
  return value as Record<string, unknown>;
}
