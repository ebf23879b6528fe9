/** `helm lint --strict` for every chart, and for the umbrella with each values file it ships. */
import { readFileSync, readdirSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { parse } from 'yaml';
import { helm } from '../src/helm';
import { AGENT_FIXTURE, CHARTS, UMBRELLA } from '../src/paths';
import { OPERATOR_JD_STRUCTURE, OPERATOR_PROD_VALUES } from '../src/scenarios';

function expectClean(result: { code: number; stdout: string; stderr: string }): void {
  expect({ code: result.code, output: `${result.stdout}\n${result.stderr}`.trim() }).toEqual({
    code: 0,
    output: expect.stringContaining('0 chart(s) failed'),
  });
  expect(result.stdout).not.toMatch(/\[(ERROR|WARNING)\]/);
}

describe('helm lint --strict', () => {
  it.each([...CHARTS, AGENT_FIXTURE].map((chart) => [basename(chart), chart]))('%s', async (_name, chart) => {
    expectClean(await helm(['lint', '--strict', chart]));
  });

  const valuesFiles = [
    ...['dev', 'staging', 'prod'].map((environment) => `values-${environment}.yaml`),
    ...readdirSync(resolve(UMBRELLA, 'ci')).map((file) => `ci/${file}`),
  ];
  it.each(valuesFiles)('emm with %s', async (file) => {
    const jd = file === 'values-prod.yaml' ? ['--values', OPERATOR_PROD_VALUES, '--set-file', `global.jd.structure=${OPERATOR_JD_STRUCTURE}`] : [];
    expectClean(await helm(['lint', '--strict', UMBRELLA, '--values', resolve(UMBRELLA, file), ...jd]));
  });
});

describe('umbrella wiring', () => {
  interface Dependency {
    name: string;
    repository: string;
    condition?: string;
  }
  const chart = parse(readFileSync(resolve(UMBRELLA, 'Chart.yaml'), 'utf8')) as { dependencies: Dependency[] };
  const schema = JSON.parse(readFileSync(resolve(UMBRELLA, 'values.schema.json'), 'utf8')) as { properties: Record<string, unknown> };
  const subcharts = chart.dependencies.filter((dependency) => dependency.name !== 'emm-lib');

  it('installs every chart in charts/ that is an app or Redis', () => {
    const charts = CHARTS.map((dir) => basename(dir)).filter((name) => !['emm', 'emm-lib'].includes(name));
    expect(subcharts.map((dependency) => dependency.name).sort()).toEqual(charts.sort());
  });

  it.each(subcharts.map((dependency) => [dependency.name, dependency]))('%s: from its sibling folder, switchable, and in the values schema', (name, dependency) => {
    expect(dependency.repository).toBe(`file://../${name}`);
    expect(dependency.condition).toBe(`${name}.enabled`);
    expect(schema.properties).toHaveProperty([name]);
  });
});
