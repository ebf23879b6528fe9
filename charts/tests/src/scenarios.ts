import { readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { type RenderOptions } from './helm';
import { REPO_ROOT, UMBRELLA } from './paths';
import { type SecurityExceptions } from './policies';

export interface Scenario {
  name: string;
  options: RenderOptions;
  /** Whether this scenario should render NetworkPolicies. */
  networkPolicies: boolean;
  /** Rules this scenario may break by design (see SecurityExceptions). */
  exceptions?: SecurityExceptions;
}

/** What a prod operator adds on the command line: their own JD structure. */
export const OPERATOR_JD_STRUCTURE = resolve(REPO_ROOT, 'examples/jd.yaml');
/** …and their own bucket, IAM role and secret store (values-prod.yaml refuses to render without). */
export const OPERATOR_PROD_VALUES = resolve(__dirname, '../fixtures/operator-prod-values.yaml');
const PROD_VALUES = resolve(UMBRELLA, 'values-prod.yaml');

/** Render options of prod as an operator runs it: values-prod.yaml, their values, their JD structure. */
export function prodOptions(extra: RenderOptions = {}): RenderOptions {
  return {
    ...extra,
    values: [PROD_VALUES, OPERATOR_PROD_VALUES, ...(extra.values ?? [])],
    setFile: { 'global.jd.structure': OPERATOR_JD_STRUCTURE, ...extra.setFile },
  };
}

const environments: Scenario[] = ['dev', 'staging', 'prod'].map((environment) => ({
  name: `values-${environment}`,
  // A prod cluster runs KEDA: the workers get their ScaledObjects.
  options: environment === 'prod' ? prodOptions({ apiVersions: ['keda.sh/v1alpha1'] }) : { values: [resolve(UMBRELLA, `values-${environment}.yaml`)] },
  networkPolicies: true,
}));

const ciScenarios: Scenario[] = readdirSync(resolve(UMBRELLA, 'ci'))
  .filter((file) => file.endsWith('-values.yaml'))
  .sort()
  .map((file) => ({
    name: `ci/${file}`,
    options: { values: [resolve(UMBRELLA, 'ci', file)] },
    networkPolicies: file !== 'networkpolicies-off-values.yaml',
    // The single-node storage mode mounts a node directory, on purpose.
    exceptions: { hostPath: file === 'storage-hostpath-values.yaml' },
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
