import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigValidationError, loadConfig } from '@emm/config';
import {
  MCP_SERVICE_IDS,
  McpCallError,
  McpClient,
  mcpClientConfigFromEnv,
  mcpClientEnvSchema,
  mcpClientOptions,
  mcpServiceName,
  mcpServiceUrlVariable,
  type McpClientOptions,
  type McpClientsConfig,
  type McpServiceId,
} from '@emm/mcp';
import { agentClientConfigFromEnv, agentClientEnvSchema } from './agent-catalog';
import { EXIT, tableWidth, write, type CliIo } from './cli-io';
import { isRunApiCommand, parseCommandLine, parseToolArguments, USAGE, UsageError, type Command, type GlobalOptions, type RunApiCommand } from './command-line';
import { errorLine, table, toolTable } from './output';
import { Interrupted, RunApiError } from './runs/run-api-error';
import { RunCommands } from './runs/run-commands';
import { Demo } from './demo/demo';
import { StackCommands } from './stack/stack-commands';
import { stackDir, withStackDefaults } from './stack/stack-location';

export { EXIT, type CliIo } from './cli-io';

/** How the CLI names itself to services (`x-emm-caller`, MCP clientInfo). */
export const CALLER = 'emm-cli';
const VERSION = (JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8')) as { version: string }).version;

/** The client's breaker and cache notes mean nothing for a one-off command: its result or error line says it all. */
const quiet: NonNullable<McpClientOptions['logger']> = { log: () => undefined, warn: () => undefined, error: () => undefined };

function clientFor(config: McpClientsConfig, service: McpServiceId, options: GlobalOptions): McpClient {
  return new McpClient({
    ...mcpClientOptions(config, service, { overrides: options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs } }),
    ...(options.url !== undefined && { url: options.url }),
    logger: quiet,
  });
}

/** Where a service's address came from: the shell's variable, the running local stack, or the in-cluster default. */
function addressSource(id: McpServiceId, io: CliIo, env: Record<string, string | undefined>): string {
  const variable = mcpServiceUrlVariable(id);
  if (io.env[variable] !== undefined) return variable;
  return env[variable] === undefined ? 'default' : 'local stack';
}

async function runTool(
  command: Exclude<Command, { name: 'help' | 'stack' | 'demo' } | RunApiCommand>,
  config: McpClientsConfig,
  io: CliIo,
  env: Record<string, string | undefined>,
): Promise<number> {
  if (command.name === 'services') {
    const rows = MCP_SERVICE_IDS.map((id) => [id, mcpServiceName(id), config.targets[id].url, addressSource(id, io, env)]);
    if (command.options.json) write(io.stdout, JSON.stringify({ services: rows.map(([id, service, url]) => ({ id, service, url })) }));
    else write(io.stdout, table(['SERVICE', 'KUBERNETES NAME', 'URL', 'FROM'], rows));
    return EXIT.ok;
  }
  const client = clientFor(config, command.service, command.options);
  try {
    if (command.name === 'tools') {
      const tools = await client.tools();
      if (command.options.json) write(io.stdout, JSON.stringify({ service: command.service, url: client.url, tools }));
      else write(io.stdout, `${command.service} at ${client.url}: ${tools.length} tools\n\n${toolTable(tools, tableWidth(io.stdout))}`);
      return EXIT.ok;
    }
    const args = parseToolArguments(command.args === '-' ? await io.readStdin() : command.args);
    const result = await client.callRaw(command.tool, args);
    write(io.stdout, command.options.json ? JSON.stringify({ result }) : JSON.stringify(result, null, 2));
    return EXIT.ok;
  } finally {
    await client.close();
  }
}

/** Runs one `emm` command; resolves with the exit code. Never prints a stack trace. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  let json = argv.includes('--json');
  try {
    const command = parseCommandLine(argv);
    if (command.name === 'help') {
      write(io.stdout, USAGE);
      return EXIT.ok;
    }
    json = command.options.json;
    if (command.name === 'stack') return await new StackCommands(io).execute({ ...command, dir: stackDir(io.env, command.dir), json });
    if (command.name === 'demo') return await new Demo(io).run({ dir: stackDir(io.env, command.dir), fresh: command.fresh });
    // A local stack started from this checkout is found without any variables set.
    const env = withStackDefaults(io.env);
    if (isRunApiCommand(command)) return await new RunCommands(agentClientConfigFromEnv(loadConfig(agentClientEnvSchema, env)), io).execute(command);
    const config = mcpClientConfigFromEnv(loadConfig(mcpClientEnvSchema, env), { caller: CALLER, version: VERSION });
    return await runTool(command, config, io, env);
  } catch (error) {
    if (error instanceof McpCallError) {
      if (json) write(io.stdout, JSON.stringify({ error: error.toJSON() }));
      write(io.stderr, errorLine(error));
      return EXIT.failed;
    }
    if (error instanceof RunApiError) {
      if (json) write(io.stdout, JSON.stringify({ error: error.toJSON() }));
      const [first, ...rest] = error.lines();
      write(io.stderr, [`emm: ${first}`, ...rest].join('\n'));
      return EXIT.failed;
    }
    if (error instanceof Interrupted) {
      write(io.stderr, `emm: ${error.message}`);
      return EXIT.interrupted;
    }
    if (error instanceof UsageError) {
      write(io.stderr, `emm: ${error.message}\n\n${USAGE}`);
      return EXIT.usage;
    }
    if (error instanceof ConfigValidationError) {
      write(io.stderr, error.problems.map((problem) => `config error: ${problem}`).join('\n'));
      return EXIT.usage;
    }
    write(io.stderr, `emm: ${error instanceof Error ? error.message : String(error)}`);
    return EXIT.failed;
  }
}
