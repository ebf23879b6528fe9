/**
 * EMM's Grafana dashboards and alerts: valid dashboards, PromQL that parses,
 * and only metric names that exist — the ones real EMM apps serve (an MCP
 * service, an agent and notifications-service, started here with a real
 * redis-server), plus those known exporters produce (fixtures/known-metrics.yaml). And the dev-grade
 * monitoring stack that brings them together in one flag.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { freePort, type ProcessHandle, type RedisServer, spawnProcess, startRedis } from '@emm/testing';
import { parse, stringify } from 'yaml';
import { render, renderError } from '../src/helm';
import { envValue, mainContainer, network, podTemplate } from '../src/inspect';
import { type K8sObject, find } from '../src/manifests';
import { REPO_ROOT, UMBRELLA } from '../src/paths';
import { metricNames, withoutGrafanaVariables } from '../src/promql';

const DASHBOARDS_DIR = resolve(UMBRELLA, 'files/dashboards');
const KNOWN_METRICS = resolve(__dirname, '../fixtures/known-metrics.yaml');
const ALERTS = resolve(UMBRELLA, 'files/alerts.yaml');
const DEV = resolve(UMBRELLA, 'values-dev.yaml');

interface Target {
  refId: string;
  expr: string;
  datasource?: { type: string; uid: string };
}
interface Panel {
  id: number;
  type: string;
  title: string;
  gridPos: { h: number; w: number; x: number; y: number };
  datasource?: { type: string; uid: string };
  targets?: Target[];
}
interface Dashboard {
  uid: string;
  title: string;
  schemaVersion: number;
  panels: Panel[];
  templating: { list: { name: string; type: string; query: unknown; datasource?: { uid: string } }[] };
}

const dashboards = readdirSync(DASHBOARDS_DIR)
  .filter((file) => file.endsWith('.json'))
  .sort()
  .map((file) => ({ file, dashboard: JSON.parse(readFileSync(join(DASHBOARDS_DIR, file), 'utf8')) as Dashboard }));
const queries = dashboards.flatMap(({ file, dashboard }) =>
  dashboard.panels.flatMap((panel) => (panel.targets ?? []).map((target) => ({ where: `${file} "${panel.title}" ${target.refId}`, expr: target.expr }))),
);
const alertGroups = (parse(readFileSync(ALERTS, 'utf8')) as { groups: { rules: { alert?: string; record?: string; expr: string }[] }[] }).groups;

function promtool(args: string[]): Promise<{ code: number; output: string }> {
  return new Promise((resolvePromise, reject) => {
    execFile('promtool', args, (error, stdout, stderr) => {
      if (error && typeof error.code !== 'number') reject(new Error(`cannot run promtool: ${error.message}`));
      else resolvePromise({ code: error ? (error.code as number) : 0, output: `${stdout}${stderr}` });
    });
  });
}

/** Metric names in Prometheus text format: every `# TYPE`, histograms with their series. */
function exposedNames(text: string): string[] {
  return [...text.matchAll(/^# TYPE (\S+) (\S+)$/gm)].flatMap(([, name, type]) => (type === 'histogram' ? [`${name}_bucket`, `${name}_sum`, `${name}_count`] : [name]));
}

describe('Grafana dashboards', () => {
  it('are the four the operators look at', () => {
    expect(dashboards.map(({ dashboard }) => dashboard.uid)).toEqual(['emm-mcp-tools', 'emm-redis', 'emm-service-overview', 'emm-workflows-queues']);
  });

  it.each(dashboards)('$file is a Grafana dashboard whose every query goes to the chosen Prometheus', ({ dashboard }) => {
    expect(dashboard.title).toMatch(/^EMM \/ /);
    expect(dashboard.schemaVersion).toBeGreaterThanOrEqual(36);
    const datasource = dashboard.templating.list.find((variable) => variable.name === 'datasource');
    expect(datasource).toMatchObject({ type: 'datasource', query: 'prometheus' });
    const panels = dashboard.panels.filter((panel) => panel.type !== 'row');
    expect(panels.length).toBeGreaterThan(3);
    expect(new Set(dashboard.panels.map((panel) => panel.id)).size).toBe(dashboard.panels.length);
    for (const panel of panels) {
      expect([panel.title, panel.datasource]).toEqual([panel.title, { type: 'prometheus', uid: '${datasource}' }]);
      expect(panel.gridPos.w).toBeGreaterThan(0);
      expect(panel.targets?.length).toBeGreaterThan(0);
      for (const target of panel.targets ?? []) {
        expect(target.expr.trim()).not.toBe('');
        expect(target.datasource).toEqual({ type: 'prometheus', uid: '${datasource}' });
      }
    }
    for (const variable of dashboard.templating.list.filter((candidate) => candidate.type === 'query')) {
      expect(variable.datasource?.uid).toBe('${datasource}');
    }
  });

  it('query with PromQL that promtool parses', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'emm-dashboards-'));
    try {
      const file = join(dir, 'queries.yaml');
      const rules = queries.map(({ expr }, index) => ({ record: `dashboard:query:${index}`, expr: withoutGrafanaVariables(expr) }));
      writeFileSync(file, stringify({ groups: [{ name: 'dashboards', rules }] }));
      expect(await promtool(['check', 'rules', file])).toEqual({ code: 0, output: expect.stringContaining(`SUCCESS: ${rules.length} rules found`) });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('cover the metrics the issue names', () => {
    const used = new Set(queries.flatMap(({ expr }) => metricNames(expr)));
    for (const name of [
      'http_requests_total',
      'http_request_duration_seconds_bucket',
      'mcp_requests_total',
      'mcp_request_duration_seconds_bucket',
      'mcp_tool_calls_total',
      'mcp_tool_duration_seconds_bucket',
      'mcp_cache_requests_total',
      'workflow_executions_total',
      'workflow_duration_seconds_bucket',
      'active_workflows',
      'queue_jobs',
      'redis_up',
      'redis_memory_used_bytes',
    ]) {
      expect([name, used.has(name)]).toEqual([name, true]);
    }
  });
});

describe('metric names in dashboards and alerts', () => {
  let redis: RedisServer | undefined;
  let service: ProcessHandle | undefined;
  const others: ProcessHandle[] = [];
  let served: string[] = [];

  /** One more EMM app as a process on `redis`, ready; its /metrics names join `served`. */
  async function exposedBy(app: string, env: Record<string, string>): Promise<string[]> {
    const port = await freePort();
    const handle = await spawnProcess(process.execPath, ['dist/main.js'], {
      cwd: dirname(require.resolve(`${app}/package.json`)),
      env: { PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'silent', REDIS_URL: redis!.url, SHUTDOWN_DRAIN_MS: '0', ...env },
      readyUrl: `http://127.0.0.1:${port}/health/ready`,
    });
    others.push(handle);
    return exposedNames(await (await fetch(`http://127.0.0.1:${port}/metrics`)).text());
  }

  beforeAll(async () => {
    redis = await startRedis();
    const port = await freePort();
    const appDir = dirname(require.resolve('jd-classifier-service/package.json'));
    service = await spawnProcess(process.execPath, ['dist/main.js'], {
      cwd: appDir,
      env: { PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'silent', REDIS_URL: redis.url, JD_STRUCTURE_PATH: resolve(REPO_ROOT, 'examples/jd.yaml'), SHUTDOWN_DRAIN_MS: '0' },
      readyUrl: `http://127.0.0.1:${port}/health/ready`,
    });
    // One tool call, so the served metrics carry samples too.
    await fetch(`http://127.0.0.1:${port}/tools/resolve_path`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ id: '11.01' }) });
    served = exposedNames(await (await fetch(`http://127.0.0.1:${port}/metrics`)).text());
    // An agent (workflow, queue and MCP client metrics) and notifications-service (delivery metrics) serve the rest.
    served = [
      ...served,
      ...(await exposedBy('file-system-agent', { MCP_JD_CLASSIFIER_URL: `http://127.0.0.1:${port}/mcp` })),
      ...(await exposedBy('notifications-service', {})),
    ];
  }, 90_000);

  afterAll(async () => {
    await Promise.all(others.map((handle) => handle.stop()));
    await service?.stop();
    await redis?.stop();
  });

  function known(): Set<string> {
    const listed = parse(readFileSync(KNOWN_METRICS, 'utf8')) as { apps: Record<string, string[]>; exporters: Record<string, string[]> };
    const recorded = alertGroups.flatMap((group) => group.rules.flatMap((rule) => (rule.record ? [rule.record] : [])));
    return new Set([...served, ...Object.values(listed.apps).flat(), ...Object.values(listed.exporters).flat(), ...recorded]);
  }

  it('the running jd-classifier-service serves the HTTP and MCP server metrics', () => {
    expect(served).toEqual(expect.arrayContaining(['http_requests_total', 'http_request_duration_seconds_bucket', 'mcp_requests_total', 'mcp_request_duration_seconds_bucket', 'process_cpu_seconds_total']));
  });

  it('every dashboard query reads only metrics that exist', () => {
    const names = known();
    const unknown = queries.flatMap(({ where, expr }) => metricNames(expr).filter((name) => !names.has(name)).map((name) => `${where}: ${name}`));
    expect(unknown).toEqual([]);
  });

  it('every alert reads only metrics that exist', () => {
    const names = known();
    const unknown = alertGroups.flatMap((group) => group.rules.flatMap((rule) => metricNames(rule.expr).filter((name) => !names.has(name)).map((name) => `${rule.alert ?? rule.record}: ${name}`)));
    expect(unknown).toEqual([]);
  });

  it('the list of names from elsewhere holds none the service serves itself', () => {
    const listed = parse(readFileSync(KNOWN_METRICS, 'utf8')) as { apps: Record<string, string[]> };
    expect(Object.values(listed.apps).flat().filter((name) => served.includes(name))).toEqual([]);
  });
});

describe('the dashboards and rules in the cluster', () => {
  let dev: K8sObject[];
  beforeAll(async () => {
    ({ objects: dev } = await render({ values: [DEV], namespace: 'knowledge' }));
  });

  it('ship as one ConfigMap the Grafana sidecar picks up, byte for byte the files', () => {
    const configMap = find(dev, 'ConfigMap', 'emm-grafana-dashboards');
    expect(configMap.metadata.labels).toMatchObject({ grafana_dashboard: '1' });
    expect(configMap.metadata.annotations).toEqual({ grafana_folder: 'EMM' });
    expect(Object.keys(configMap.data ?? {}).sort()).toEqual(dashboards.map(({ file }) => file));
    for (const { file } of dashboards) expect(configMap.data?.[file]).toBe(readFileSync(join(DASHBOARDS_DIR, file), 'utf8'));
  });

  it('give the in-chart Prometheus the alert rules of the release namespace', () => {
    const rules = find(dev, 'ConfigMap', 'emm-prometheus-rules').data?.['emm-alerts.yaml'] ?? '';
    expect(rules).toBe(readFileSync(ALERTS, 'utf8').replaceAll('namespace="emm"', 'namespace="knowledge"'));
    const volumes = podTemplate(dev, 'Deployment', 'prometheus').spec.volumes ?? [];
    expect(volumes.find((volume) => volume.name === 'rules')?.configMap?.name).toBe('emm-prometheus-rules');
  });
});

describe('the dev monitoring stack (monitoring.enabled)', () => {
  let dev: K8sObject[];
  beforeAll(async () => {
    ({ objects: dev } = await render({ values: [DEV] }));
  });

  it('runs Prometheus, Grafana, Tempo and an OpenTelemetry Collector', () => {
    for (const name of ['prometheus', 'grafana', 'tempo', 'otel-collector']) find(dev, 'Deployment', name);
  });

  it('sends every app\'s traces to the collector, and the collector\'s to Tempo', () => {
    const { pod, allowed } = network(dev);
    for (const app of ['jd-classifier-service', 'file-system-agent-worker']) {
      expect(envValue(mainContainer(dev, app), 'OTEL_EXPORTER_OTLP_ENDPOINT')).toBe('http://otel-collector:4318');
      expect(allowed(pod('Deployment', app), pod('Deployment', 'otel-collector'), 4318)).toBe(true);
    }
    const config = parse(find(dev, 'ConfigMap', 'otel-collector').data?.['config.yaml'] ?? '') as { exporters: Record<string, { endpoint: string }>; service: { pipelines: { traces: { receivers: string[]; exporters: string[] } } } };
    expect(config.service.pipelines.traces).toMatchObject({ receivers: ['otlp'], exporters: ['otlp/tempo'] });
    expect(config.exporters['otlp/tempo'].endpoint).toBe('tempo:4317');
    expect(allowed(pod('Deployment', 'otel-collector'), pod('Deployment', 'tempo'), 4317)).toBe(true);
    expect(allowed(pod('Deployment', 'jd-classifier-service'), pod('Deployment', 'tempo'), 4317)).toBe(false);
  });

  it('lets its Prometheus scrape the apps and Redis, and Grafana query Prometheus and Tempo', () => {
    const { pod, allowed } = network(dev);
    const prometheus = pod('Deployment', 'prometheus');
    expect(allowed(prometheus, pod('Deployment', 'jd-classifier-service'), 8080)).toBe(true);
    expect(allowed(prometheus, pod('Deployment', 'bookmark-scraper-worker'), 8080)).toBe(true);
    expect(allowed(prometheus, pod('StatefulSet', 'redis'), 9121)).toBe(true);
    expect(allowed(prometheus, pod('StatefulSet', 'redis'), 6379)).toBe(false);
    expect(allowed(pod('Deployment', 'grafana'), prometheus, 9090)).toBe(true);
    expect(allowed(pod('Deployment', 'grafana'), pod('Deployment', 'tempo'), 3200)).toBe(true);
    expect(allowed(pod('Deployment', 'jd-classifier-service'), prometheus, 9090)).toBe(false);
  });

  it('provisions Grafana with both datasources and the dashboards', () => {
    const provisioning = find(dev, 'ConfigMap', 'grafana').data ?? {};
    const datasources = (parse(provisioning['datasources.yaml']) as { datasources: { uid: string; type: string; url: string }[] }).datasources;
    expect(datasources.map(({ uid, type, url }) => [uid, type, url])).toEqual([
      ['prometheus', 'prometheus', 'http://prometheus:9090'],
      ['tempo', 'tempo', 'http://tempo:3200'],
    ]);
    const volumes = podTemplate(dev, 'Deployment', 'grafana').spec.volumes ?? [];
    expect(volumes.find((volume) => volume.name === 'dashboards')?.configMap?.name).toBe('emm-grafana-dashboards');
    // No login with a default password: without an admin Secret the login form is off.
    expect(envValue(mainContainer(dev, 'grafana'), 'GF_AUTH_DISABLE_LOGIN_FORM')).toBe('true');
  });

  it('scrapes pods the way ServiceMonitors label them, so rules and dashboards work unchanged', () => {
    const config = parse(find(dev, 'ConfigMap', 'prometheus').data?.['prometheus.yml'] ?? '') as {
      rule_files: string[];
      scrape_configs: { job_name: string; kubernetes_sd_configs?: { namespaces: { names: string[] } }[]; relabel_configs?: { target_label?: string }[] }[];
    };
    const pods = config.scrape_configs.find((job) => job.job_name === 'emm-pods');
    expect(pods?.kubernetes_sd_configs?.[0].namespaces.names).toEqual(['emm']);
    expect(pods?.relabel_configs?.map((rule) => rule.target_label).filter(Boolean)).toEqual(expect.arrayContaining(['namespace', 'service', 'pod']));
    expect(config.rule_files).toEqual(['/etc/prometheus/rules/*.yaml']);
  });

  it('the only exception to the pod rules: Prometheus reads the API of its own namespace', () => {
    expect(podTemplate(dev, 'Deployment', 'prometheus').spec.automountServiceAccountToken).toBe(true);
    const role = find<K8sObject & { rules: { resources: string[]; verbs: string[] }[] }>(dev, 'Role', 'prometheus');
    expect(role.rules.flatMap((rule) => rule.verbs)).not.toContain('create');
    for (const name of ['grafana', 'tempo', 'otel-collector']) expect(podTemplate(dev, 'Deployment', name).spec.automountServiceAccountToken).toBe(false);
  });

  it('refuses the in-chart collector without the stack', async () => {
    expect(await renderError({ set: { 'global.telemetry.otlpEndpoint': 'in-chart' } })).toContain('global.telemetry.otlpEndpoint is in-chart but the monitoring subchart is off');
  });
});
