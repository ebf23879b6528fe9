import type { RunDetail, RunView } from '@emm/agent-runtime';
import { AGENT_IDS, AGENTS, agentOfWorkflow, type AgentClientsConfig, type AgentId, withoutTrailingSlash } from '../agent-catalog';
import { EXIT, tableWidth, write, type CliIo } from '../cli-io';
import type { RunApiCommand, RunApiOptions } from '../command-line';
import { followRun } from './follow-run';
import { ProgressReporter } from './progress';
import { RunApiClient, type AgentTarget } from './run-api-client';
import { Interrupted, RunApiError } from './run-api-error';
import { buildRunInput } from './run-input';
import { itemTable, runDetails, runTable, summaryLine } from './run-output';

const DEFAULT_TIMEOUT_MS = 10_000;

/** The JSON documents name the agent that answered. */
function agentJson(client: RunApiClient): { name: string; url: string } {
  return { name: client.target.name, url: client.target.url };
}

function catalogTarget(config: AgentClientsConfig, id: AgentId): AgentTarget {
  return { name: id, url: config.agents[id].url, addressHint: `set ${AGENTS[id].urlVariable}` };
}

/** The agents a command talks to: the --agent-url, else the workflow's agent, else all of them. */
function targets(config: AgentClientsConfig, options: RunApiOptions, workflow: string | undefined): AgentTarget[] {
  const agent = workflow === undefined ? undefined : agentOfWorkflow(workflow);
  if (options.agentUrl !== undefined) return [{ name: agent ?? 'the agent', url: withoutTrailingSlash(options.agentUrl), addressHint: 'check --agent-url' }];
  if (agent !== undefined) return [catalogTarget(config, agent)];
  return AGENT_IDS.map((id) => catalogTarget(config, id));
}

export class RunCommands {
  private readonly signal: AbortSignal | undefined;

  constructor(
    private readonly config: AgentClientsConfig,
    private readonly io: CliIo,
  ) {
    this.signal = io.trapInterrupt?.();
  }

  /** Runs one run API command; resolves with the exit code. Errors are thrown for runCli to print. */
  execute(command: RunApiCommand): Promise<number> {
    switch (command.name) {
      case 'run':
        return this.run(command);
      case 'runs':
        return this.runs(command);
      case 'status':
        return this.status(command);
      case 'retry':
        return this.retry(command);
      case 'cancel':
        return this.cancel(command);
    }
  }

  private client(target: AgentTarget, options: RunApiOptions): RunApiClient {
    return new RunApiClient(target, {
      timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      ...(this.config.token !== undefined && { token: this.config.token }),
      ...(this.signal !== undefined && { signal: this.signal }),
    });
  }

  private async run(command: Extract<RunApiCommand, { name: 'run' }>): Promise<number> {
    const input = await buildRunInput(command.input, command.file, () => this.io.readStdin());
    const [target] = targets(this.config, command.options, command.workflow);
    const client = this.client(target, command.options);
    const { run, created } = await client.start({ workflow: command.workflow, input, ...(command.idempotencyKey !== undefined && { idempotencyKey: command.idempotencyKey }) });
    const started = created ? `started: ${run.workflow} on ${client.target.name}` : `already exists for this idempotency key: ${run.workflow} on ${client.target.name}, ${run.state}`;
    if (command.wait) {
      write(this.io.stderr, `emm: run ${run.id} ${started}`);
      return this.followToEnd(client, run, command.options.json);
    }
    if (command.options.json) write(this.io.stdout, JSON.stringify({ run, created, agent: agentJson(client) }));
    else write(this.io.stdout, `run ${run.id} ${created ? `${run.state}: ${run.workflow} on ${client.target.name}` : started}\nfollow it: emm status ${run.id}`);
    return EXIT.ok;
  }

  /** Follows the run with live progress on stderr, then prints its items and a summary; exit 0 only when it completed. */
  private async followToEnd(client: RunApiClient, run: RunView, json: boolean): Promise<number> {
    const final = await this.follow(client, run, json);
    return final.state === 'completed' ? EXIT.ok : EXIT.failed;
  }

  /**
   * Starts a run of a catalogued workflow and follows it to its end as `run --wait` does;
   * resolves with the final run (the demo decides for itself what counts as success).
   */
  async startAndFollow(workflow: string, input: Record<string, unknown>): Promise<RunDetail> {
    const [target] = targets(this.config, { json: false }, workflow);
    const client = this.client(target, { json: false });
    const { run } = await client.start({ workflow, input });
    write(this.io.stderr, `emm: run ${run.id} started: ${run.workflow} on ${client.target.name}`);
    return this.follow(client, run, false);
  }

  private async follow(client: RunApiClient, run: RunView, json: boolean): Promise<RunDetail> {
    const reporter = new ProgressReporter(this.io.stderr, { label: `${run.workflow} ${run.id.slice(0, 8)}`, live: this.io.stderr.isTTY === true });
    let final: RunDetail;
    try {
      final = await followRun(client, run.id, reporter, this.signal === undefined ? {} : { signal: this.signal });
    } catch (error) {
      if (error instanceof Interrupted) throw new Interrupted(`stopped following run ${run.id}; it goes on (emm status ${run.id}, emm cancel ${run.id})`);
      throw error;
    } finally {
      reporter.finish();
    }
    if (json) write(this.io.stdout, JSON.stringify({ run: final, agent: agentJson(client) }));
    else write(this.io.stdout, `${final.items.length > 0 ? `${itemTable(final.items, tableWidth(this.io.stdout))}\n\n` : ''}${summaryLine(final)}`);
    return final;
  }

  private async runs(command: Extract<RunApiCommand, { name: 'runs' }>): Promise<number> {
    const clients = targets(this.config, command.options, command.workflow).map((target) => this.client(target, command.options));
    const query = { ...(command.state !== undefined && { state: command.state }), ...(command.workflow !== undefined && { workflow: command.workflow }), limit: command.limit };
    const results = await Promise.allSettled(clients.map((client) => client.list(query)));
    const runs: Array<RunView & { agent: string }> = [];
    const errors: RunApiError[] = [];
    results.forEach((result, index) => {
      if (result.status === 'fulfilled') runs.push(...result.value.runs.map((run) => ({ ...run, agent: clients[index].target.name })));
      else errors.push(asRunApiError(result.reason));
    });
    if (errors.length === results.length) throw combine('no agent could be asked', errors);
    runs.sort((a, b) => b.createdAt.localeCompare(a.createdAt));
    const newest = runs.slice(0, command.limit);
    if (command.options.json) {
      write(this.io.stdout, JSON.stringify({ runs: newest, ...(errors.length > 0 && { errors: errors.map((error) => error.toJSON()) }) }));
    } else {
      for (const error of errors) write(this.io.stderr, `emm: ${error.message} (its runs are not listed)`);
      write(this.io.stdout, newest.length === 0 ? 'no runs' : runTable(newest, tableWidth(this.io.stdout)));
    }
    return EXIT.ok;
  }

  private async status(command: Extract<RunApiCommand, { name: 'status' }>): Promise<number> {
    const { client, run } = await this.locate(command.id, command.options, command.workflow, command.items);
    if (command.options.json) {
      write(this.io.stdout, JSON.stringify({ run, agent: agentJson(client) }));
      return EXIT.ok;
    }
    const filter = command.items === undefined ? '' : ` ${command.items.replace('_', ' ')}`;
    const items = run.items.length > 0 ? itemTable(run.items, tableWidth(this.io.stdout)) : `no${filter} items`;
    write(this.io.stdout, `${runDetails(run, client.target)}\n\n${items}`);
    return EXIT.ok;
  }

  private async retry(command: Extract<RunApiCommand, { name: 'retry' }>): Promise<number> {
    // Only the failed items come along: retry needs the counts, not a 50,000-item list.
    const { client, run: before } = await this.locate(command.id, command.options, command.workflow, 'failed');
    const run = await client.retry(before.id);
    const what = before.state === 'failed' ? 'planning it again' : `${before.counts.failed} failed ${before.counts.failed === 1 ? 'item' : 'items'} again`;
    if (command.wait) {
      write(this.io.stderr, `emm: run ${run.id} retrying ${what} on ${client.target.name}`);
      return this.followToEnd(client, run, command.options.json);
    }
    if (command.options.json) write(this.io.stdout, JSON.stringify({ run, agent: agentJson(client) }));
    else write(this.io.stdout, `run ${run.id} ${run.state}: retrying ${what}\nfollow it: emm status ${run.id}`);
    return EXIT.ok;
  }

  private async cancel(command: Extract<RunApiCommand, { name: 'cancel' }>): Promise<number> {
    const { client, run: found } = await this.locate(command.id, command.options, command.workflow, 'failed');
    const run = await client.cancel(found.id);
    if (command.options.json) write(this.io.stdout, JSON.stringify({ run, agent: agentJson(client) }));
    else write(this.io.stdout, run.state === 'cancelled' ? `run ${run.id} cancelled` : `run ${run.id} ${run.state}: items not yet started are skipped, items in progress finish`);
    return EXIT.ok;
  }

  /**
   * A run id belongs to one agent: ask every candidate at once and take the
   * one that knows it. When none does, say which agents said "not found" and
   * which could not be asked.
   */
  private async locate(id: string, options: RunApiOptions, workflow: string | undefined, status?: string): Promise<{ client: RunApiClient; run: RunDetail }> {
    const clients = targets(this.config, options, workflow).map((target) => this.client(target, options));
    const results = await Promise.allSettled(clients.map((client) => client.get(id, status)));
    const found = results.findIndex((result) => result.status === 'fulfilled');
    if (found !== -1) return { client: clients[found], run: (results[found] as PromiseFulfilledResult<RunDetail>).value };
    const errors = results.map((result) => asRunApiError((result as PromiseRejectedResult).reason));
    if (errors.length === 1) throw errors[0];
    const missing = errors.filter((error) => error.code === 'not_found');
    const others = errors.filter((error) => error.code !== 'not_found');
    if (others.length === 0) {
      const agents = missing.map((error) => error.agent).join(', ');
      throw new RunApiError({ code: 'not_found', agent: agents, url: urls(missing), status: 404, message: `run ${id} not found on ${agents} (unknown, or older than their RUN_HISTORY_MS)` });
    }
    if (missing.length === 0) throw combine(`run ${id}: no agent could be asked`, others);
    throw new RunApiError({
      code: others[0].code,
      agent: errors.map((error) => error.agent).join(', '),
      url: urls(errors),
      message: `run ${id} not found on ${missing.map((error) => error.agent).join(', ')}, and the other agents could not be asked:\n${others.map((error) => `  ${error.message}`).join('\n')}`,
    });
  }
}

function asRunApiError(reason: unknown): RunApiError {
  if (reason instanceof RunApiError) return reason;
  throw reason;
}

function urls(errors: readonly RunApiError[]): string {
  return errors.map((error) => error.url).join(' ');
}

/**
 * Several agents' failures as one error: the same refusal from all of them (a
 * wrong token, a malformed id) is one problem; otherwise one line per agent.
 */
function combine(head: string, errors: readonly RunApiError[]): RunApiError {
  const [first] = errors;
  if (errors.length === 1 || (['unauthorized', 'invalid_argument'].includes(first.code) && errors.every((error) => error.code === first.code))) return first;
  return new RunApiError({
    code: first.code,
    agent: errors.map((error) => error.agent).join(', '),
    url: urls(errors),
    message: `${head}:\n${errors.map((error) => `  ${error.message}`).join('\n')}`,
  });
}
