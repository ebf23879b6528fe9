import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '@emm/config/env';
import { findRepoRoot, liveStackState, stopStack } from '@emm/stack';
import { agentClientConfigFromEnv, agentClientEnvSchema } from '../agent-catalog';
import { EXIT, write, type CliIo } from '../cli-io';
import { RunCommands } from '../runs/run-commands';
import { StackCommands } from '../stack/stack-commands';
import { stackClientEnv } from '../stack/stack-location';
import { readVault, renderVaultTree } from './vault-tree';

/** The placeholder origin of the demo bookmark export; the local page server's origin replaces it. */
const PAGES_PLACEHOLDER = 'http://demo-pages.localhost:{{PORT}}';
/** Set once the sample inbox was copied: a second demo runs the workflows again on what is there (nothing changes). */
const SEEDED_MARKER = '.demo-seeded';

export interface DemoCommand {
  dir: string;
  /** Stop any stack in dir and start from an empty vault. */
  fresh: boolean;
}

/**
 * `emm demo`: the local stack with the bundled samples (examples/demo) — an
 * UNSORTED inbox of realistic files, a bookmark export whose pages a local
 * web server serves, a Confluence space on a local Confluence — then the
 * three workflows with live progress, then the vault they made.
 */
export class Demo {
  constructor(private readonly io: CliIo) {}

  async run(command: DemoCommand): Promise<number> {
    const samples = join(findRepoRoot(), 'examples', 'demo');
    if (command.fresh) {
      await stopStack(command.dir);
      rmSync(command.dir, { recursive: true, force: true });
    }
    this.seedInbox(command.dir, samples);

    this.heading('The local stack');
    const stack = new StackCommands(this.io);
    const up = await stack.up(
      // Prometheus too where the binary is (scripts/bootstrap installs it): the metrics to look at afterwards.
      { action: 'up', dir: command.dir, json: false, servicesOnly: false, prometheus: hasPrometheus(), lines: 0, follow: false },
      { pagesDir: join(samples, 'bookmarks', 'site'), confluenceSpaceFile: join(samples, 'confluence', 'space.json') },
    );
    const state = liveStackState(command.dir);
    if (up !== EXIT.ok || state === undefined) return EXIT.failed;

    const runs = new RunCommands(agentClientConfigFromEnv(loadConfig(agentClientEnvSchema, stackClientEnv(state))), this.io);
    const exportFile = join(samples, 'bookmarks', 'bookmarks.html');
    const workflows: Array<{ title: string; workflow: string; input: () => Record<string, unknown> }> = [
      { title: `1/3 file-import: the UNSORTED inbox (${countFiles(state.unsortedDir)} files)`, workflow: 'file-import', input: () => ({}) },
      {
        title: '2/3 bookmark-import: a browser bookmark export, its pages served locally',
        workflow: 'bookmark-import',
        input: () => ({ content: readFileSync(exportFile, 'utf8').replaceAll(PAGES_PLACEHOLDER, state.pagesOrigin ?? PAGES_PLACEHOLDER) }),
      },
      { title: '3/3 confluence-sync: the OPS space of a local Confluence', workflow: 'confluence-sync', input: () => ({}) },
    ];
    const outcomes: string[] = [];
    for (const { title, workflow, input } of workflows) {
      this.heading(title);
      const final = await runs.startAndFollow(workflow, input());
      outcomes.push(`${workflow}: ${final.state} (${final.counts.done} done, ${final.counts.needsReview} to review, ${final.counts.skipped} skipped, ${final.counts.failed} failed)`);
    }

    const folders = readVault(state.vaultDir);
    this.heading(`The vault: ${state.vaultDir}`);
    write(this.io.stdout, renderVaultTree(folders));
    const review = folders.flatMap((folder) => folder.notes.filter((note) => note.needsReview));
    this.heading(`Review inbox: ${review.length} note${review.length === 1 ? '' : 's'} waiting for a person`);
    write(this.io.stdout, review.map((note) => `- ${note.path}`).join('\n') || '(empty)');

    this.heading('Where to look next');
    write(
      this.io.stdout,
      [
        ...outcomes,
        '',
        'emm runs                      the runs, newest first (emm status <id> for one)',
        'emm stack status              every app, its URL and health; <url>/metrics for its Prometheus metrics',
        ...(state.prometheusUrl !== undefined
          ? [`${state.prometheusUrl}/graph?g0.expr=sum%20by%20(workflow_type%2C%20status)%20(workflow_executions_total)   Prometheus: runs by workflow and state; /alerts for the rules`]
          : []),
        'emm stack logs <app> -f       an app\'s log',
        'emm demo                      again: safe, nothing changes (every item is skipped)',
        'emm stack down                stop everything',
      ].join('\n'),
    );
    // A dead link and a bookmarklet are in the export on purpose: completed_with_errors is expected.
    return outcomes.every((line) => / (completed|completed_with_errors) /.test(line)) ? EXIT.ok : EXIT.failed;
  }

  /** Copies the sample inbox into the stack's UNSORTED once; later demos work on what is there. */
  private seedInbox(dir: string, samples: string): void {
    const marker = join(dir, SEEDED_MARKER);
    if (existsSync(marker)) return;
    const unsorted = join(dir, 'unsorted');
    mkdirSync(unsorted, { recursive: true });
    cpSync(join(samples, 'unsorted'), unsorted, { recursive: true });
    writeFileSync(marker, `${new Date().toISOString()}\n`);
  }

  private heading(text: string): void {
    write(this.io.stdout, `\n== ${text}\n`);
  }
}

/** Whether a `prometheus` binary is on PATH (the Debian package scripts/bootstrap installs). */
function hasPrometheus(): boolean {
  return spawnSync('prometheus', ['--version'], { stdio: 'ignore' }).status === 0;
}

function countFiles(dir: string): number {
  return readdirSync(dir, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile()).length;
}
