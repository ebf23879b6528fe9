import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { waitFor } from '@emm/testing';
import { emm, expectNoStack } from './support';

// `emm demo` and `emm stack …` as a newcomer uses them: a real background stack
// (Redis and all ten apps as processes) in a temp dir, then stopped.
describe('emm demo and emm stack', () => {
  const dir = mkdtempSync(join(tmpdir(), 'emm-cli-stack-'));
  /** Only the stack dir: no agent or service variables, so everything found comes from the running stack. */
  const env = { EMM_STACK_DIR: dir, HOME: tmpdir() };
  const DEMO_TIMEOUT_MS = 240_000;

  afterAll(async () => {
    await emm(['stack', 'down'], env, undefined, 60_000);
    rmSync(dir, { recursive: true, force: true });
  });

  it('says plainly when no stack runs', async () => {
    const status = await emm(['stack', 'status'], env);
    expect(status.code).toBe(1);
    expect(status.stderr).toMatch(/no local stack runs in .*; start one with: emm stack up/);
    expect((await emm(['stack', 'down'], env)).stdout).toMatch(/no local stack runs/);
  });

  it('runs the demo: the stack comes up, all three workflows run, the vault and the review inbox are shown', async () => {
    const demo = await emm(['demo'], env, undefined, DEMO_TIMEOUT_MS);
    expectNoStack(demo.stderr);
    expect(demo.code).toBe(0);
    expect(demo.stdout).toMatch(/== The local stack/);
    for (const workflow of ['file-import', 'bookmark-import', 'confluence-sync']) expect(demo.stdout).toMatch(new RegExp(`^${workflow}: (completed|completed_with_errors) \\(\\d+ done`, 'm'));
    expect(demo.stdout).toMatch(/^file-import: completed \(\d+ done, \d+ to review, 0 skipped, 0 failed\)$/m);
    expect(demo.stdout).toMatch(/11\.01 Statements\/ {2}\(\+\d originals?\)\n {6}- .+ {2}\[file, 11\.01, confidence 0\.\d\d\]/);
    expect(demo.stdout).toMatch(/== Review inbox: [1-9]\d* notes? waiting for a person/);
  }, DEMO_TIMEOUT_MS);

  it('shows the running stack: every app ready, its env for other shells, its logs', async () => {
    const status = await emm(['stack', 'status', '--json'], env);
    expect(status.code).toBe(0);
    const body = JSON.parse(status.stdout) as { running: boolean; prometheusUrl?: string; apps: Array<{ name: string; ready: boolean }> };
    expect(body.running).toBe(true);
    expect(body.apps).toHaveLength(10);
    expect(body.apps.every((app) => app.ready)).toBe(true);

    // The demo's Prometheus scrapes all ten apps with the chart's labels and has the project's alert rules loaded.
    expect(body.prometheusUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    await waitFor(
      async () => {
        const up = (await (await fetch(`${body.prometheusUrl}/api/v1/query?query=${encodeURIComponent('sum(up{namespace="emm"})')}`)).json()) as { data: { result: Array<{ value: [number, string] }> } };
        return up.data.result[0]?.value[1] === '10';
      },
      { timeoutMs: 30_000, message: 'Prometheus to see ten apps up' },
    );
    const rules = (await (await fetch(`${body.prometheusUrl}/api/v1/rules`)).json()) as { data: { groups: Array<{ rules: Array<{ name: string }> }> } };
    expect(rules.data.groups.flatMap((group) => group.rules.map((rule) => rule.name))).toEqual(expect.arrayContaining(['EmmWorkflowFailureRateHigh', 'EmmQueueBacklogGrowing']));

    const exports = await emm(['stack', 'env'], env);
    expect(exports.stdout).toMatch(/^export FILE_SYSTEM_AGENT_URL='http:\/\/127\.0\.0\.1:\d+'$/m);
    expect(exports.stdout).toMatch(/^export MCP_JD_CLASSIFIER_URL='http:\/\/127\.0\.0\.1:\d+\/mcp'$/m);

    const logs = await emm(['stack', 'logs', 'file-system-agent', '-n', '3'], env);
    expect(logs.code).toBe(0);
    expect(logs.stdout.trimEnd().split('\n')).toHaveLength(3);
    const unknown = await emm(['stack', 'logs', 'nope'], env);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/unknown app "nope"/);
  });

  it('points the other commands at the running stack without any settings', async () => {
    const runs = await emm(['runs', '--json'], env);
    expect(runs.code).toBe(0);
    const workflows = (JSON.parse(runs.stdout) as { runs: Array<{ workflow: string }> }).runs.map((run) => run.workflow).sort();
    expect(workflows).toEqual(['bookmark-import', 'confluence-sync', 'file-import']);
    const tools = await emm(['tools', 'jd-classifier'], env);
    expect(tools.code).toBe(0);
    expect(tools.stdout).toMatch(/find_category/);
  });

  it('runs the demo again safely: nothing new is imported', async () => {
    const again = await emm(['demo'], env, undefined, DEMO_TIMEOUT_MS);
    expect(again.code).toBe(0);
    expect(again.stderr).toMatch(/the local stack already runs in /);
    expect(again.stdout + again.stderr).toMatch(/^file-import: completed \(0 done, 0 to review, 0 skipped, 0 failed\)$/m);
    expect(again.stdout).toMatch(/^confluence-sync: completed \(0 done, 0 to review, \d+ skipped, 0 failed\)$/m);
  }, DEMO_TIMEOUT_MS);

  it('stops everything', async () => {
    const down = await emm(['stack', 'down'], env, undefined, 60_000);
    expect(down.stdout).toMatch(/stopped the local stack/);
    expect((await emm(['stack', 'status'], env)).code).toBe(1);
  }, 90_000);
});
