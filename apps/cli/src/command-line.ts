import { parseArgs } from 'node:util';
import { parseDurationMs } from '@emm/config/env';
import { findMcpService, MCP_SERVICE_IDS, type McpServiceId } from '@emm/mcp/contract';
import type { ItemStatus } from '@emm/agent-runtime';
import { AGENTS, AGENT_IDS, agentOfWorkflow, WORKFLOW_NAMES } from './agent-catalog';
import type { StackAction } from './stack/stack-commands';

export interface GlobalOptions {
  /** Machine-readable output: one JSON document on stdout. */
  json: boolean;
  /** The service's MCP endpoint instead of the one from the environment. */
  url?: string;
  /** Per-attempt timeout instead of MCP_CLIENT_TIMEOUT_MS. */
  timeoutMs?: number;
}

/** Options of the commands that talk to an agent's run API. */
export interface RunApiOptions {
  json: boolean;
  /** The agent's run API instead of the one from the environment; any workflow name is then allowed. */
  agentUrl?: string;
  /** Limit of each request (default 10 s). */
  timeoutMs?: number;
}

export type Command =
  | { name: 'help' }
  | { name: 'services'; options: GlobalOptions }
  | { name: 'tools'; service: McpServiceId; options: GlobalOptions }
  | { name: 'call'; service: McpServiceId; tool: string; args: string; options: GlobalOptions }
  | { name: 'run'; workflow: string; input: string; file?: string; wait: boolean; idempotencyKey?: string; options: RunApiOptions }
  | { name: 'runs'; workflow?: string; state?: string; limit: number; options: RunApiOptions }
  | { name: 'status'; id: string; workflow?: string; items?: ItemStatus; options: RunApiOptions }
  | { name: 'retry'; id: string; workflow?: string; wait: boolean; options: RunApiOptions }
  | { name: 'cancel'; id: string; workflow?: string; options: RunApiOptions }
  | { name: 'stack'; action: StackAction; app?: string; dir?: string; servicesOnly: boolean; prometheus: boolean; lines: number; follow: boolean; options: { json: boolean } }
  | { name: 'demo'; dir?: string; fresh: boolean; options: { json: boolean } };

export const STACK_ACTIONS: readonly StackAction[] = ['up', 'down', 'status', 'logs', 'env'];
const DEFAULT_LOG_LINES = 40;

export type RunApiCommand = Extract<Command, { name: 'run' | 'runs' | 'status' | 'retry' | 'cancel' }>;

/** The commands that go through the MCP client. */
export type ToolCommand = Extract<Command, { name: 'services' | 'tools' | 'call' }>;

export function isRunApiCommand(command: Command): command is RunApiCommand {
  return ['run', 'runs', 'status', 'retry', 'cancel'].includes(command.name);
}

/** The command line is wrong: print the message and the usage, exit 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** `emm runs` without --limit. */
export const DEFAULT_RUNS_LIMIT = 20;
/** The run API's largest page. */
const MAX_RUNS_LIMIT = 200;

const WORKFLOW_LIST = AGENT_IDS.map((id) => `${AGENTS[id].workflow} (${id})`).join(', ');

export const USAGE = `Usage: emm <command> [options]

The local stack (no Docker, no cluster):
  demo                            the whole stack with sample inputs: all three workflows, then the vault they made
  stack up                        Redis and all ten apps in the background, each on a free port; then their health
  stack status                    every app of the local stack: URL, pid, health
  stack logs [app]                the last lines of every app's log (or one app's, redis, host); -f follows
  stack env                       export lines that point another shell at the local stack
  stack down                      stop the local stack (agents, services, Redis)

Runs (an agent's run API):
  run <workflow> [json | -]       start a run with a JSON object as input ('-' reads it from stdin)
  runs                            recent runs of every agent, newest first
  status <run-id>                 a run's state, counts and items
  retry <run-id>                  run the failed items of an ended run again
  cancel <run-id>                 stop a run: items not yet started are skipped

Tools (an MCP service):
  services                        the EMM services and where this shell reaches them
  tools <service>                 a service's tools: name, title, cache TTL, idempotency, description
  call <service> <tool> [json]    call a tool with a JSON object of arguments ('-' reads it from stdin)

Options:
  --wait                  run, retry: follow the run to its end (progress on stderr), then list its items;
                          exit 1 unless it completed without errors
  --file <export>         run bookmark-import: upload this bookmark export file as the input's content
  --idempotency-key <k>   run: a second request with the same key returns the first run instead of starting one
  --workflow <name>       runs, status, retry, cancel: ask only the agent of this workflow
  --state <state>         runs: only runs in this state, e.g. running, completed_with_errors, failed
  --limit <n>             runs: how many (default ${DEFAULT_RUNS_LIMIT}, at most ${MAX_RUNS_LIMIT})
  --items <status>        status: only items with this status: done, needs-review, skipped, failed, pending
  --agent-url <url>       the agent's run API (default: <AGENT>_URL, else http://<agent>:8080)
  --url <url>             tools, call: the service's MCP endpoint (default: MCP_<SERVICE>_URL, else http://<service>-service:8080/mcp)
  --timeout <time>        per request, e.g. 500ms, 30s (runs: default 10s; tools, call: MCP_CLIENT_TIMEOUT_MS, else 10s)
  --dir <dir>             demo, stack: where the local stack keeps its data and logs (default: EMM_STACK_DIR, else .emm/stack)
  --fresh                 demo: stop the local stack and start over with an empty vault
  --services-only         stack up: the seven MCP services without the agents
  --prometheus            stack up: also a Prometheus scraping every app, with the alert rules loaded
  -n, --lines <n>         stack logs: how many lines per log (default ${DEFAULT_LOG_LINES})
  -f, --follow            stack logs: keep printing what the logs gain, until Ctrl-C
  --json                  machine-readable output (one JSON document on stdout)
  -h, --help              this text

Workflows: ${WORKFLOW_LIST}
Services: ${MCP_SERVICE_IDS.join(', ')}
Environment: FILE_SYSTEM_AGENT_URL, BOOKMARK_SCRAPER_URL, CONFLUENCE_AGENT_URL, RUN_API_TOKEN (else MCP_AUTH_TOKEN);
  MCP_<SERVICE>_URL, MCP_AUTH_TOKEN, MCP_<SERVICE>_AUTH_TOKEN, MCP_CLIENT_* (see apps/cli/README.md).

Examples:
  emm demo
  emm stack up && emm stack logs file-system-agent -f
  emm run file-import --wait
  emm run bookmark-import --file bookmarks.html --wait
  emm run confluence-sync '{"spaces":["DOC"]}'
  emm status <run-id> --items failed
  emm tools jd-classifier
  emm call jd-classifier find_category '{"query":"bank statement"}'`;

type Values = ReturnType<typeof parse>['values'];
type CommandName = Exclude<Command['name'], 'help'>;

/** Which options each command takes; any other given option is a mistake worth saying. */
const OPTIONS_OF: Record<CommandName, ReadonlySet<string>> = {
  services: new Set(['json']),
  tools: new Set(['json', 'url', 'timeout']),
  call: new Set(['json', 'url', 'timeout']),
  run: new Set(['json', 'wait', 'file', 'idempotency-key', 'agent-url', 'timeout']),
  runs: new Set(['json', 'workflow', 'state', 'limit', 'agent-url', 'timeout']),
  status: new Set(['json', 'workflow', 'items', 'agent-url', 'timeout']),
  retry: new Set(['json', 'wait', 'workflow', 'agent-url', 'timeout']),
  cancel: new Set(['json', 'workflow', 'agent-url', 'timeout']),
  stack: new Set(['json', 'dir', 'services-only', 'prometheus', 'lines', 'follow']),
  demo: new Set(['dir', 'fresh']),
};

function expectOptions(values: Values, command: CommandName): void {
  const misplaced = Object.keys(values).filter((name) => name !== 'help' && !OPTIONS_OF[command].has(name));
  if (misplaced.length > 0) throw new UsageError(`${misplaced.map((name) => `--${name}`).join(', ')} ${misplaced.length === 1 ? 'does' : 'do'} not apply to "${command}"`);
}

function serviceArgument(name: string | undefined): McpServiceId {
  if (name === undefined) throw new UsageError('name a service');
  const service = findMcpService(name);
  if (service === undefined) throw new UsageError(`unknown service "${name}"; known: ${MCP_SERVICE_IDS.join(', ')}`);
  return service;
}

function httpUrl(value: string, option: string): string {
  if (!URL.canParse(value) || !['http:', 'https:'].includes(new URL(value).protocol)) {
    throw new UsageError(`${option} must be an http:// or https:// URL`);
  }
  return value;
}

function timeout(value: string): number {
  const ms = parseDurationMs(value);
  if (ms === undefined || ms === 0) throw new UsageError('--timeout must be a duration such as 500ms, 30s or 2m');
  return ms;
}

function options(values: Values): GlobalOptions {
  const parsed: GlobalOptions = { json: values.json === true };
  if (values.url !== undefined) parsed.url = httpUrl(values.url, '--url');
  if (values.timeout !== undefined) parsed.timeoutMs = timeout(values.timeout);
  return parsed;
}

function runApiOptions(values: Values): RunApiOptions {
  const parsed: RunApiOptions = { json: values.json === true };
  if (values['agent-url'] !== undefined) parsed.agentUrl = httpUrl(values['agent-url'], '--agent-url');
  if (values.timeout !== undefined) parsed.timeoutMs = timeout(values.timeout);
  return parsed;
}

/** A workflow an agent runs; with --agent-url any name (that agent says whether it knows it). */
function workflowName(name: string | undefined, values: Values): string {
  if (name === undefined || name.trim() === '') throw new UsageError(`name a workflow: ${WORKFLOW_NAMES.join(', ')}`);
  if (values['agent-url'] === undefined && agentOfWorkflow(name) === undefined) {
    throw new UsageError(`unknown workflow "${name}"; known: ${WORKFLOW_LIST}; another agent's workflow needs its --agent-url`);
  }
  return name;
}

function runIdArgument(id: string | undefined, command: string): string {
  if (id === undefined || id.trim() === '') throw new UsageError(`name the run: emm ${command} <run-id> (emm runs lists them)`);
  return id.trim();
}

function limitOption(value: string | undefined): number {
  if (value === undefined) return DEFAULT_RUNS_LIMIT;
  const limit = /^\d+$/.test(value) ? Number(value) : NaN;
  if (!(limit >= 1 && limit <= MAX_RUNS_LIMIT)) throw new UsageError(`--limit must be a whole number from 1 to ${MAX_RUNS_LIMIT}`);
  return limit;
}

const ITEM_FILTERS: Readonly<Record<string, ItemStatus>> = {
  done: 'done',
  'needs-review': 'needs_review',
  needs_review: 'needs_review',
  skipped: 'skipped',
  failed: 'failed',
  pending: 'pending',
};

function itemsOption(value: string | undefined): ItemStatus | undefined {
  if (value === undefined) return undefined;
  const status = ITEM_FILTERS[value];
  if (status === undefined) throw new UsageError('--items must be one of done, needs-review, skipped, failed, pending');
  return status;
}

function linesOption(value: string | undefined): number {
  if (value === undefined) return DEFAULT_LOG_LINES;
  const lines = /^\d+$/.test(value) ? Number(value) : NaN;
  if (!(lines >= 1 && lines <= 100_000)) throw new UsageError('--lines must be a whole number from 1 to 100000');
  return lines;
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
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
  if (!Object.hasOwn(OPTIONS_OF, name)) throw new UsageError(`unknown command "${name}"`);
  const command = name as CommandName;
  expectOptions(values, command);
  switch (command) {
    case 'services':
      expectCount(rest, 0, command);
      return { name: command, options: options(values) };
    case 'tools':
      expectCount(rest, 1, command);
      return { name: command, service: serviceArgument(rest[0]), options: options(values) };
    case 'call': {
      expectCount(rest, 3, command);
      const [service, tool, args = '{}'] = rest;
      const target = serviceArgument(service);
      if (tool === undefined) throw new UsageError('name the tool to call, e.g. emm call jd-classifier find_category \'{"query":"…"}\'');
      return { name: command, service: target, tool, args, options: options(values) };
    }
    case 'run': {
      expectCount(rest, 2, command);
      const [given, input = '{}'] = rest;
      const workflow = workflowName(given, values);
      if (values.file !== undefined && workflow !== 'bookmark-import') throw new UsageError('--file uploads a bookmark export: it applies to bookmark-import only');
      if (values['idempotency-key'] !== undefined && values['idempotency-key'].trim() === '') throw new UsageError('--idempotency-key must not be empty');
      return {
        name: command,
        workflow,
        input,
        ...optional('file', values.file),
        wait: values.wait === true,
        ...optional('idempotencyKey', values['idempotency-key']),
        options: runApiOptions(values),
      };
    }
    case 'runs':
      expectCount(rest, 0, command);
      return {
        name: command,
        ...optional('workflow', values.workflow === undefined ? undefined : workflowName(values.workflow, values)),
        ...optional('state', values.state),
        limit: limitOption(values.limit),
        options: runApiOptions(values),
      };
    case 'status':
    case 'retry':
    case 'cancel': {
      expectCount(rest, 1, command);
      const id = runIdArgument(rest[0], command);
      const workflow = optional('workflow', values.workflow === undefined ? undefined : workflowName(values.workflow, values));
      if (command === 'status') return { name: command, id, ...workflow, ...optional('items', itemsOption(values.items)), options: runApiOptions(values) };
      if (command === 'retry') return { name: command, id, ...workflow, wait: values.wait === true, options: runApiOptions(values) };
      return { name: command, id, ...workflow, options: runApiOptions(values) };
    }
    case 'stack': {
      const [action, app] = rest;
      if (action === undefined || !(STACK_ACTIONS as readonly string[]).includes(action)) throw new UsageError(`name what to do: emm stack ${STACK_ACTIONS.join('|')}`);
      expectCount(rest, action === 'logs' ? 2 : 1, `stack ${action}`);
      if ((values['services-only'] === true || values.prometheus === true) && action !== 'up') throw new UsageError('--services-only and --prometheus apply to "stack up" only');
      if ((values.lines !== undefined || values.follow === true) && action !== 'logs') throw new UsageError('--lines and --follow apply to "stack logs" only');
      return {
        name: command,
        action: action as StackAction,
        ...optional('app', app),
        ...optional('dir', values.dir),
        servicesOnly: values['services-only'] === true,
        prometheus: values.prometheus === true,
        lines: linesOption(values.lines),
        follow: values.follow === true,
        options: { json: values.json === true },
      };
    }
    case 'demo':
      expectCount(rest, 0, command);
      return { name: command, ...optional('dir', values.dir), fresh: values.fresh === true, options: { json: false } };
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
      wait: { type: 'boolean' },
      file: { type: 'string' },
      'idempotency-key': { type: 'string' },
      'agent-url': { type: 'string' },
      workflow: { type: 'string' },
      state: { type: 'string' },
      limit: { type: 'string' },
      items: { type: 'string' },
      dir: { type: 'string' },
      fresh: { type: 'boolean' },
      'services-only': { type: 'boolean' },
      prometheus: { type: 'boolean' },
      lines: { type: 'string', short: 'n' },
      follow: { type: 'boolean', short: 'f' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}

/** A JSON object given on the command line; `what` names it in messages (`the arguments`, `the input`). */
export function parseJsonObject(text: string, what: string, example: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${what} ${what.endsWith('s') ? 'are' : 'is'} not valid JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new UsageError(`${what} must be a JSON object, e.g. '${example}'`);
  }
  return value as Record<string, unknown>;
}

/** The arguments of `emm call`: a JSON object. */
export function parseToolArguments(text: string): Record<string, unknown> {
  return parseJsonObject(text, 'the arguments', '{"query":"bank statement"}');
}

/** The input of `emm run`: a JSON object. */
export function parseRunInput(text: string): Record<string, unknown> {
  return parseJsonObject(text, 'the input', '{"prefix":"scans"}');
}
