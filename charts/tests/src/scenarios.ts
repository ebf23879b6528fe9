import { readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { type RenderOptions } from './helm';
import { REPO_ROOT, UMBRELLA } from './paths';

export interface Scenario {
  name: string;
  options: RenderOptions;
  /** Whether this scenario should render NetworkPolicies. */
  networkPolicies: boolean;
}

/** What a prod operator adds on the command line: their own JD structure. */
export const OPERATOR_JD_STRUCTURE = resolve(REPO_ROOT, 'examples/jd.yaml');

const environments: Scenario[] = ['dev', 'staging', 'prod'].map((environment) => ({
  name: `values-${environment}`,
  options: {
    values: [resolve(UMBRELLA, `values-${environment}.yaml`)],
    ...(environment === 'prod' ? { setFile: { 'global.jd.structure': OPERATOR_JD_STRUCTURE } } : {}),
  },
  networkPolicies: true,
}));

const ciScenarios: Scenario[] = readdirSync(resolve(UMBRELLA, 'ci'))
  .filter((file) => file.endsWith('-values.yaml'))
  .sort()
  .map((file) => ({
    name: `ci/${file}`,
    options: { values: [resolve(UMBRELLA, 'ci', file)] },
    networkPolicies: file !== 'networkpolicies-off-values.yaml',
  }));

/** A cluster running the Prometheus Operator: ServiceMonitors and rules appear on their own. */
const withPrometheusOperator: Scenario = {
  name: 'defaults with monitoring.coreos.com/v1 served',
  options: { apiVersions: ['monitoring.coreos.com/v1'] },
  networkPolicies: true,
};

const defaults: Scenario = { name: 'defaults', options: {}, networkPolicies: true };

/** Every way the umbrella is rendered by the tests: env files, ci/ scenarios, defaults. */
export const SCENARIOS: Scenario[] = [defaults, ...environments, ...ciScenarios, withPrometheusOperator];

export function scenario(name: string): Scenario {
  const found = SCENARIOS.find((candidate) => candidate.name === name);
  if (!found) throw new Error(`no scenario ${name}; known: ${SCENARIOS.map((candidate) => candidate.name).join(', ')}`);
  return found;
}
