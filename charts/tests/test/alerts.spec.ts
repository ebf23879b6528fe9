/**
 * The alert rules: promtool checks and unit-tests files/alerts.yaml, and the
 * PrometheusRule the chart renders carries exactly those rules, retargeted to
 * the release namespace.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse, stringify } from 'yaml';
import { render } from '../src/helm';
import { find } from '../src/manifests';
import { UMBRELLA } from '../src/paths';

const ALERTS = resolve(UMBRELLA, 'files/alerts.yaml');
const ALERT_TESTS = resolve(UMBRELLA, 'tests/alerts-test.yaml');

interface RuleGroup {
  name: string;
  rules: { alert?: string; record?: string; expr: string }[];
}

function promtool(args: string[]): Promise<{ code: number; output: string }> {
  return new Promise((resolvePromise, reject) => {
    execFile('promtool', args, (error, stdout, stderr) => {
      if (error && typeof error.code !== 'number') {
        reject(new Error(`cannot run promtool (apt-get install prometheus): ${error.message}`));
        return;
      }
      resolvePromise({ code: error ? (error.code as number) : 0, output: `${stdout}${stderr}` });
    });
  });
}

const groups = (parse(readFileSync(ALERTS, 'utf8')) as { groups: RuleGroup[] }).groups;
const alertNames = groups.flatMap((group) => group.rules.flatMap((rule) => (rule.alert ? [rule.alert] : [])));

describe('alert rules', () => {
  it('cover what EMM runs: HTTP errors and latency, MCP tools and clients, workflows, queues, restarts, Redis, SLO burn rates', () => {
    expect(alertNames.sort()).toEqual(
      [
        'EmmErrorBudgetBurnFast',
        'EmmErrorBudgetBurnSlow',
        'EmmHttpErrorRateHigh',
        'EmmHttpLatencyHigh',
        'EmmMcpToolFailures',
        'EmmMcpClientCallFailures',
        'EmmWorkflowFailureRateHigh',
        'EmmQueueBacklogGrowing',
        'EmmPodRestarting',
        'EmmRedisDown',
        'EmmRedisMemoryHigh',
      ].sort(),
    );
  });

  it('pass promtool check rules', async () => {
    const result = await promtool(['check', 'rules', ALERTS]);
    expect(result).toEqual({ code: 0, output: expect.stringContaining('SUCCESS') });
  });

  it('pass their promtool unit tests', async () => {
    const result = await promtool(['test', 'rules', ALERT_TESTS]);
    expect(result).toEqual({ code: 0, output: expect.stringContaining('SUCCESS') });
  });

  it('each have a unit test where they fire and one where they stay silent', () => {
    const tests = (parse(readFileSync(ALERT_TESTS, 'utf8')) as { tests: { alert_rule_test?: { alertname: string; exp_alerts?: unknown[] }[] }[] }).tests;
    const cases = tests.flatMap((test) => test.alert_rule_test ?? []);
    const firing = new Set(cases.filter((testCase) => (testCase.exp_alerts ?? []).length > 0).map((testCase) => testCase.alertname));
    const silent = new Set(cases.filter((testCase) => (testCase.exp_alerts ?? []).length === 0).map((testCase) => testCase.alertname));
    expect(alertNames.filter((name) => !firing.has(name))).toEqual([]);
    expect(alertNames.filter((name) => !silent.has(name))).toEqual([]);
  });
});

describe('PrometheusRule', () => {
  it('holds the same rules, selecting the release namespace, and promtool accepts them', async () => {
    const { objects } = await render({ namespace: 'knowledge', set: { 'monitoring.prometheusRules.enabled': 'true' } });
    const rule = find(objects, 'PrometheusRule', 'emm-alerts');
    const rendered = (rule.spec as { groups: RuleGroup[] }).groups;
    const expected = (parse(readFileSync(ALERTS, 'utf8').replaceAll('namespace="emm"', 'namespace="knowledge"')) as { groups: RuleGroup[] }).groups;
    expect(rendered).toEqual(expected);
    expect(JSON.stringify(rendered)).not.toContain('namespace=\\"emm\\"');

    const dir = mkdtempSync(join(tmpdir(), 'emm-rules-'));
    try {
      const file = join(dir, 'rules.yaml');
      writeFileSync(file, stringify({ groups: rendered }));
      expect(await promtool(['check', 'rules', file])).toEqual({ code: 0, output: expect.stringContaining('SUCCESS') });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('is left out when disabled even if the Operator is there', async () => {
    const { objects } = await render({ apiVersions: ['monitoring.coreos.com/v1'], set: { 'monitoring.prometheusRules.enabled': 'false' } });
    expect(objects.filter((object) => object.kind === 'PrometheusRule')).toEqual([]);
  });
});
