/**
 * The app subcharts as the umbrella installs them: each app gets the services it
 * calls under the release's names, the MCP token from the auth Secret, its own
 * settings and Secrets by reference, and exactly the network paths it needs.
 */
import { resolve } from 'node:path';
import { render, renderError } from '../src/helm';
import { env, envValue, mainContainer, network, podTemplate, secretRef } from '../src/inspect';
import { type K8sObject, find, ofKind } from '../src/manifests';
import { address, otherPod } from '../src/network';
import { UMBRELLA } from '../src/paths';

const ci = (file: string) => resolve(UMBRELLA, 'ci', file);
const STAGING = resolve(UMBRELLA, 'values-staging.yaml');

/** Who calls which MCP service (the apps' needs.mcpServices), as the architecture describes it. */
const CALLS: Record<string, string[]> = {
  'content-classifier-service': ['jd-classifier-service'],
  'bookmark-classifier-service': ['jd-classifier-service', 'content-classifier-service'],
  'file-system-agent': ['file-system-service', 'content-classifier-service', 'jd-classifier-service', 'notifications-service'],
  'bookmark-scraper': ['bookmark-classifier-service', 'web-scraper-service', 'content-classifier-service', 'jd-classifier-service', 'file-system-service', 'notifications-service'],
  'confluence-agent': ['confluence-service', 'content-classifier-service', 'jd-classifier-service', 'file-system-service', 'notifications-service'],
};
const MCP_SERVICES = [
  'jd-classifier-service',
  'content-classifier-service',
  'bookmark-classifier-service',
  'confluence-service',
  'file-system-service',
  'web-scraper-service',
  'notifications-service',
];
const AGENTS = ['file-system-agent', 'bookmark-scraper', 'confluence-agent'];
const PUBLIC_V4 = address('93.184.216.34');

/** Every app on, as an operator with a Confluence and Slack runs them, with a token Secret. */
let all: K8sObject[];
let prefixed: K8sObject[];
beforeAll(async () => {
  [all, prefixed] = await Promise.all([
    render({ values: [STAGING, ci('integrations-values.yaml')] }).then((r) => r.objects),
    render({ values: [ci('integrations-values.yaml'), ci('name-prefix-values.yaml')] }).then((r) => r.objects),
  ]);
});

/** The Deployments of an app: the server, or an agent's api and worker. */
function rolesOf(app: string, prefix = ''): string[] {
  return AGENTS.includes(app) ? [`${prefix}${app}-api`, `${prefix}${app}-worker`] : [`${prefix}${app}`];
}

describe('MCP client wiring', () => {
  it.each(Object.entries(CALLS))('%s finds each service it calls at http://<service>:8080/mcp and may reach it', (app, services) => {
    const { pod, allowed } = network(all);
    for (const role of rolesOf(app)) {
      const container = mainContainer(all, role);
      for (const service of services) {
        const variable = `MCP_${service.replace(/-service$/, '').replaceAll('-', '_').toUpperCase()}_URL`;
        expect([variable, envValue(container, variable)]).toEqual([variable, `http://${service}:8080/mcp`]);
        expect([role, service, allowed(pod('Deployment', role), pod('Deployment', service), 8080)]).toEqual([role, service, true]);
      }
      expect(secretRef(container, 'MCP_AUTH_TOKEN')).toEqual({ name: 'emm-mcp-auth', key: 'mcp-auth-token' });
    }
  });

  it('uses the prefixed names when the release has a namePrefix', () => {
    const container = mainContainer(prefixed, 'blue-bookmark-scraper-worker');
    expect(envValue(container, 'MCP_WEB_SCRAPER_URL')).toBe('http://blue-web-scraper-service:8080/mcp');
    expect(envValue(container, 'MCP_JD_CLASSIFIER_URL')).toBe('http://blue-jd-classifier-service:8080/mcp');
  });

  it('keeps services away from the apps that do not call them', () => {
    const { pod, allowed } = network(all);
    // The web scraper calls nobody; the content classifier does not call the file system.
    expect(allowed(pod('Deployment', 'web-scraper-service'), pod('Deployment', 'file-system-service'), 8080)).toBe(false);
    expect(allowed(pod('Deployment', 'content-classifier-service'), pod('Deployment', 'file-system-service'), 8080)).toBe(false);
    expect(allowed(pod('Deployment', 'file-system-agent-worker'), pod('Deployment', 'confluence-service'), 8080)).toBe(false);
  });

  it('requires every service an app calls to be installed', async () => {
    const message = await renderError({ set: { 'notifications-service.enabled': 'false' } });
    expect(message).toMatch(/(file-system-agent|bookmark-scraper) calls notifications-service \(needs.mcpServices\), which is not enabled/);
  });
});

describe('the apps', () => {
  it('are all installed, agents as an api and a worker Deployment each', () => {
    const deployments = ofKind(all, 'Deployment').map((deployment) => deployment.metadata.name);
    expect(deployments.sort()).toEqual([...MCP_SERVICES, ...AGENTS.flatMap((agent) => rolesOf(agent))].sort());
    for (const agent of AGENTS) {
      expect(envValue(mainContainer(all, `${agent}-api`), 'ROLE')).toBe('api');
      expect(envValue(mainContainer(all, `${agent}-worker`), 'ROLE')).toBe('worker');
    }
  });

  it('run Confluence as configured, with its credentials from the Secret only', () => {
    const container = mainContainer(all, 'confluence-service');
    expect(envValue(container, 'CONFLUENCE_FLAVOR')).toBe('datacenter');
    expect(envValue(container, 'CONFLUENCE_BASE_URL')).toBe('https://confluence.corp.example:8443');
    expect(secretRef(container, 'CONFLUENCE_PAT')).toEqual({ name: 'emm-confluence', key: 'pat', optional: true });
    // The Data Center flavour dropped the Cloud credentials.
    expect(env(container).has('CONFLUENCE_API_TOKEN')).toBe(false);
    expect(env(container).has('CONFLUENCE_EMAIL')).toBe(false);
  });

  it('let Confluence reach its host on the URL\'s port only, and nothing else outside', () => {
    const { pod, allowed } = network(all);
    const confluence = pod('Deployment', 'confluence-service');
    expect(allowed(confluence, address('10.50.0.7'), 8443)).toBe(true);
    expect(allowed(confluence, address('10.50.0.7'), 443)).toBe(false);
    expect(allowed(confluence, address('10.50.1.7'), 8443)).toBe(false);
    expect(allowed(confluence, PUBLIC_V4, 443)).toBe(false);
  });

  it('open Confluence Cloud on public addresses at 443 by default', async () => {
    const { objects } = await render({ set: { 'confluence-service.enabled': 'true', 'confluence-service.env.CONFLUENCE_BASE_URL': 'https://acme.atlassian.net/wiki' } });
    const { pod, allowed } = network(objects);
    const confluence = pod('Deployment', 'confluence-service');
    expect(allowed(confluence, PUBLIC_V4, 443)).toBe(true);
    expect(allowed(confluence, PUBLIC_V4, 80)).toBe(false);
    expect(allowed(confluence, address('10.0.0.1'), 443)).toBe(false);
    expect(secretRef(mainContainer(objects, 'confluence-service'), 'CONFLUENCE_API_TOKEN')).toEqual({ name: 'emm-confluence', key: 'api-token', optional: true });
  });

  it('refuse Confluence without its address, naming the setting', async () => {
    const message = await renderError({ set: { 'confluence-service.enabled': 'true' } });
    expect(message).toContain('confluence-service: env.CONFLUENCE_BASE_URL is required: set confluence-service.env.CONFLUENCE_BASE_URL');
  });

  it('let notifications reach Slack and webhooks over HTTPS with the Secret\'s URLs', () => {
    const container = mainContainer(all, 'notifications-service');
    expect(envValue(container, 'NOTIFY_CHANNELS')).toBe('slack,webhook,log');
    expect(secretRef(container, 'SLACK_WEBHOOK_URL')).toEqual({ name: 'emm-notifications', key: 'slack-webhook-url', optional: true });
    expect(secretRef(container, 'WEBHOOK_URL')).toEqual({ name: 'emm-notifications', key: 'webhook-url', optional: true });
    expect(secretRef(container, 'WEBHOOK_SIGNING_SECRET')).toEqual({ name: 'emm-notifications', key: 'webhook-signing-secret', optional: true });
    const { pod, allowed } = network(all);
    expect(allowed(pod('Deployment', 'notifications-service'), PUBLIC_V4, 443)).toBe(true);
    expect(allowed(pod('Deployment', 'notifications-service'), address('169.254.169.254'), 443)).toBe(false);
  });

  it('give the content classifier its LLM endpoint and key, and nothing more of the internet', () => {
    const container = mainContainer(all, 'content-classifier-service');
    expect(envValue(container, 'LLM_PROVIDER')).toBe('openai');
    expect(secretRef(container, 'OPENAI_API_KEY')).toEqual({ name: 'emm-llm', key: 'openai-api-key', optional: true });
    const { pod, allowed } = network(all);
    expect(allowed(pod('Deployment', 'content-classifier-service'), PUBLIC_V4, 443)).toBe(true);
    expect(allowed(pod('Deployment', 'content-classifier-service'), PUBLIC_V4, 80)).toBe(false);
  });

  it('keep the classifier offline with its default heuristic provider', async () => {
    const { objects } = await render({});
    const { pod, allowed } = network(objects);
    expect(envValue(mainContainer(objects, 'content-classifier-service'), 'LLM_PROVIDER')).toBe('heuristic');
    expect(allowed(pod('Deployment', 'content-classifier-service'), PUBLIC_V4, 443)).toBe(false);
  });
});

describe('web-scraper-service egress', () => {
  const scraper = () => network(all).pod('Deployment', 'web-scraper-service');
  const allowed = (ip: string, port: number) => network(all).allowed(scraper(), address(ip), port);

  it('reaches public IPv4 and IPv6 addresses on 80 and 443, and DNS', () => {
    expect(allowed('93.184.216.34', 443)).toBe(true);
    expect(allowed('93.184.216.34', 80)).toBe(true);
    expect(allowed('2606:2800:220:1:248:1893:25c8:1946', 443)).toBe(true);
    expect(allowed('93.184.216.34', 22)).toBe(false);
    expect(network(all).allowed(scraper(), otherPod('kube-dns', 'kube-system', { 'k8s-app': 'kube-dns' }), 53, 'UDP')).toBe(true);
  });

  it.each([
    ['10.1.2.3', 'private 10/8'],
    ['172.20.0.1', 'private 172.16/12'],
    ['192.168.1.1', 'private 192.168/16'],
    ['100.64.0.1', 'carrier-grade NAT'],
    ['169.254.169.254', 'cloud metadata'],
    ['127.0.0.1', 'loopback'],
    ['::1', 'IPv6 loopback'],
    ['fd00:ec2::254', 'IPv6 unique local (AWS metadata)'],
    ['fe80::1', 'IPv6 link-local'],
  ])('never reaches %s (%s)', (ip) => {
    expect(allowed(ip, 443)).toBe(false);
    expect(allowed(ip, 80)).toBe(false);
  });

  it('cannot reach the other services or Redis beyond its own needs', () => {
    const { pod, allowed: may } = network(all);
    expect(may(scraper(), pod('Deployment', 'jd-classifier-service'), 8080)).toBe(false);
    expect(may(scraper(), pod('StatefulSet', 'redis'), 6379)).toBe(true);
  });
});

describe('agents', () => {
  it('never reach the internet themselves', () => {
    const { pod, allowed } = network(all);
    for (const agent of AGENTS) {
      for (const role of rolesOf(agent)) {
        expect([role, allowed(pod('Deployment', role), PUBLIC_V4, 443)]).toEqual([role, false]);
      }
    }
  });

  it('scale workers on their own: two by default, with a longer shutdown for running items', () => {
    for (const agent of AGENTS) {
      const worker = find(all, 'Deployment', `${agent}-worker`);
      expect((worker.spec as { replicas: number }).replicas).toBe(2);
      expect(envValue(mainContainer(all, `${agent}-worker`), 'SHUTDOWN_TIMEOUT_MS')).toBe('60000');
      expect(podTemplate(all, 'Deployment', `${agent}-worker`).spec.terminationGracePeriodSeconds).toBe(70);
    }
  });

  it('reach Redis for their queues', () => {
    const { pod, allowed } = network(all);
    for (const agent of AGENTS) expect(allowed(pod('Deployment', `${agent}-worker`), pod('StatefulSet', 'redis'), 6379)).toBe(true);
  });
});
