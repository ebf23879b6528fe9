/**
 * The chart and the apps agree: every container the umbrella renders would
 * start with the environment the chart gives it — each app's own config
 * schema (the one main.ts validates with) accepts it. Secret values are
 * stand-ins; only their presence matters here.
 */
import { loadConfig } from '@emm/config';
import type { z } from 'zod';
import { render } from '../src/helm';
import { ofKind, type K8sObject } from '../src/manifests';
import { SCENARIOS } from '../src/scenarios';

const APPS = [
  'jd-classifier-service',
  'content-classifier-service',
  'bookmark-classifier-service',
  'confluence-service',
  'file-system-service',
  'web-scraper-service',
  'notifications-service',
  'file-system-agent',
  'bookmark-scraper',
  'confluence-agent',
];

interface Deployment extends K8sObject {
  metadata: { name: string; labels?: Record<string, string> };
  spec: { template: { spec: { containers: Array<{ name: string; env?: Array<{ name: string; value?: string; valueFrom?: Record<string, unknown> }> }> } } };
}

function appSchema(app: string): z.ZodType {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require(`${app}/dist/config.js`) as { appConfigSchema: z.ZodType }).appConfigSchema;
}

/** The container's env as the pod would see it: values as rendered, references as stand-ins. */
function podEnv(env: Array<{ name: string; value?: string; valueFrom?: Record<string, unknown> }>): Record<string, string> {
  return Object.fromEntries(
    env.map(({ name, value, valueFrom }) => {
      if (value !== undefined) return [name, value];
      if (valueFrom?.fieldRef !== undefined) return [name, 'pod-0'];
      return [name, standIn(name)];
    }),
  );
}

/** A value of the right shape for a variable the pod reads from a Secret (a URL must still look like one). */
function standIn(name: string): string {
  if (name === 'REDIS_URL' || name === 'CACHE_REDIS_URL') return 'rediss://:stand-in@redis.example.com:6380';
  if (name.endsWith('_URL')) return `https://hooks.example.com/${name.toLowerCase()}`;
  return `stand-in-secret-for-${name.toLowerCase()}-0123456789`;
}

describe.each(SCENARIOS.map((scenario) => [scenario.name, scenario] as const))('with %s, every app accepts the environment the chart renders for it', (_name, scenario) => {
  let deployments: Deployment[];
  beforeAll(async () => {
    deployments = ofKind<Deployment>((await render(scenario.options)).objects, 'Deployment');
  });

  it.each(APPS)('%s', (app) => {
    const ofApp = deployments.filter((deployment) => deployment.metadata.labels?.['app.kubernetes.io/name'] === app);
    if (ofApp.length === 0) return; // disabled in this scenario
    for (const deployment of ofApp) {
      const container = deployment.spec.template.spec.containers.find((candidate) => candidate.name === app) ?? deployment.spec.template.spec.containers[0];
      const env = podEnv(container.env ?? []);
      expect(() => loadConfig(appSchema(app), env)).not.toThrow();
    }
  });
});
