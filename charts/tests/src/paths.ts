import { existsSync, readdirSync } from 'node:fs';
import { resolve } from 'node:path';

/** The repository checkout the charts live in. */
export const REPO_ROOT = resolve(__dirname, '../../..');
export const CHARTS_DIR = resolve(REPO_ROOT, 'charts');
export const UMBRELLA = resolve(CHARTS_DIR, 'emm');
/** Every chart in charts/ (library, Redis, apps, umbrella): a new app's chart is picked up by itself. */
export const CHARTS = readdirSync(CHARTS_DIR)
  .map((name) => resolve(CHARTS_DIR, name))
  .filter((dir) => existsSync(resolve(dir, 'Chart.yaml')))
  .sort();
/** An agent-kind app chart that exists only for the tests (no agent app has a chart yet). */
export const AGENT_FIXTURE = resolve(__dirname, '../fixtures/example-agent');
export const CHARTS_DEPS_SCRIPT = resolve(REPO_ROOT, 'scripts/charts-deps');
