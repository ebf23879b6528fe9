import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '@emm/config/env';
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
} from '@emm/mcp/client';
import { EXIT, tableWidth, write, type CliIo } from '../cli-io';
import { parseToolArguments, type GlobalOptions, type ToolCommand } from '../command-line';
import { errorLine, table, toolTable } from '../output';

/** How the CLI names itself to services (`x-emm-caller`, MCP clientInfo). */
export const CALLER = 'emm-cli';
const VERSION = (JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as { version: string }).version;

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

async function runTool(command: ToolCommand, config: McpClientsConfig, io: CliIo, env: Record<string, string | undefined>): Promise<number> {
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

/**
 * `emm services | tools | call`: through the MCP client the services use. A
 * failed call is reported here, where its error type is at hand: one line on
 * stderr (and the error as JSON with --json), exit 1.
 */
export async function executeToolCommand(command: ToolCommand, io: CliIo, env: Record<string, string | undefined>): Promise<number> {
  const config = mcpClientConfigFromEnv(loadConfig(mcpClientEnvSchema, env), { caller: CALLER, version: VERSION });
  try {
    return await runTool(command, config, io, env);
  } catch (error) {
    if (!(error instanceof McpCallError)) throw error;
    if (command.options.json) write(io.stdout, JSON.stringify({ error: error.toJSON() }));
    write(io.stderr, errorLine(error));
    return EXIT.failed;
  }
}
