import { ConfigValidationError, loadConfig } from '@emm/config/env';
import { agentClientConfigFromEnv, agentClientEnvSchema } from './agent-catalog';
import { EXIT, write, type CliIo } from './cli-io';
import { isRunApiCommand, parseCommandLine, USAGE, UsageError, type Command } from './command-line';
import { Interrupted, RunApiError } from './runs/run-api-error';
import { stackDir, withStackDefaults } from './stack/stack-location';

export { EXIT, type CliIo } from './cli-io';

/**
 * Runs one parsed command. Each group of commands is loaded when one of them
 * runs: `emm --help` loads none, `emm runs` not the MCP client, `emm tools`
 * not the machinery that starts a stack (people type these all day).
 */
async function execute(command: Exclude<Command, { name: 'help' }>, io: CliIo): Promise<number> {
  if (command.name === 'stack') {
    const { StackCommands } = await import('./stack/stack-commands.js');
    return new StackCommands(io).execute({ ...command, dir: stackDir(io.env, command.dir), json: command.options.json });
  }
  if (command.name === 'demo') {
    const { Demo } = await import('./demo/demo.js');
    return new Demo(io).run({ dir: stackDir(io.env, command.dir), fresh: command.fresh });
  }
  // A local stack started from this checkout is found without any variables set.
  const env = withStackDefaults(io.env);
  if (isRunApiCommand(command)) {
    const { RunCommands } = await import('./runs/run-commands.js');
    return new RunCommands(agentClientConfigFromEnv(loadConfig(agentClientEnvSchema, env)), io).execute(command);
  }
  const { executeToolCommand } = await import('./tools/tool-commands.js');
  return executeToolCommand(command, io, env);
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
    return await execute(command, io);
  } catch (error) {
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
