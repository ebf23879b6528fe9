import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parse } from 'yaml';
import { containerConfig, IMAGE_APPS } from './support/apps';
import {
  CONFLUENCE_USER_SETTINGS,
  environmentOf,
  hostAndPort,
  mountsOf,
  parsePort,
  resolvedCompose,
  type Service,
  sourceMountedAt,
  userVariables,
} from './support/compose';
import { readYaml, repoPath } from './support/repo';
import { makeTempDir } from '@emm/testing/temp-dir';

// With the Confluence pair configured, so every app's config loads.
const compose = resolvedCompose(userVariables(CONFLUENCE_USER_SETTINGS));
const service = (name: string): Service => {
  const found = compose.services[name];
  if (found === undefined) throw new Error(`compose.yaml has no service ${name}`);
  return found;
};

/** The value of `--flag=value` (or `-flag=value`) in a service's command. */
function flag(name: string, flagName: string): string {
  const prefix = `${flagName}=`;
  const value = (service(name).command ?? []).find((arg) => arg.startsWith(prefix))?.slice(prefix.length);
  if (value === undefined) throw new Error(`${name} is not started with ${flagName}=…`);
  return value;
}

/** The port of a listen address such as `0.0.0.0:4318` or `:9090`. */
const listenPort = (address: string): number => Number(address.slice(address.lastIndexOf(':') + 1));

/** A config file of a service as the service reads it: the host file compose mounts at `containerPath`. */
function mountedYaml<T>(name: string, containerPath: string): T {
  return readYaml<T>(sourceMountedAt(service(name), containerPath));
}

interface StaticConfig {
  targets: string[];
  labels?: Record<string, string>;
}
interface PrometheusConfig {
  rule_files?: string[];
  scrape_configs: { job_name: string; metrics_path?: string; static_configs?: StaticConfig[] }[];
}

describe('Prometheus', () => {
  const configPath = flag('prometheus', '--config.file');
  const config = mountedYaml<PrometheusConfig>('prometheus', configPath);
  const targets = config.scrape_configs.flatMap((job) => (job.static_configs ?? []).flatMap((group) => group.targets.map((target) => ({ job, target, labels: group.labels ?? {} }))));

  it('loads the chart’s alert rules, as promtool sees the container’s /etc/prometheus', () => {
    // Rebuild the container's view of the config folder from compose's bind mounts, then let promtool
    // check the config and every rule file it loads.
    const root = makeTempDir('emm-compose-prometheus-');
    for (const mount of mountsOf(service('prometheus')).filter((candidate) => candidate.bind && candidate.target.startsWith(dirname(configPath)))) {
      mkdirSync(dirname(join(root, mount.target)), { recursive: true });
      cpSync(mount.source, join(root, mount.target), { recursive: true });
    }
    const result = spawnSync('promtool', ['check', 'config', join(root, configPath)], { encoding: 'utf8' });
    expect(result.error).toBeUndefined();
    expect(`${result.stdout}${result.stderr}`).not.toMatch(/FAILED/);
    expect(result.status).toBe(0);

    const alerts = parse(readFileSync(repoPath('charts', 'emm', 'files', 'alerts.yaml'), 'utf8')) as { groups: { rules: unknown[] }[] };
    const ruleCount = alerts.groups.reduce((total, group) => total + group.rules.length, 0);
    expect(result.stdout).toContain('emm-alerts.yaml');
    expect(result.stdout).toContain(`SUCCESS: ${ruleCount} rules found`);
  });

  it('scrapes every app’s /metrics on its PORT, labelled as the chart’s ServiceMonitors label it', () => {
    for (const app of IMAGE_APPS) {
      const found = targets.filter(({ target }) => target === `${app.name}:${containerConfig(compose, app.name).PORT}`);
      expect({ app: app.name, scraped: found.length }).toEqual({ app: app.name, scraped: 1 });
      const [{ job, labels }] = found;
      expect(job.metrics_path ?? '/metrics').toBe('/metrics');
      // namespace="emm" is what the alert rules and the dashboards' default select.
      expect({ app: app.name, labels }).toEqual({ app: app.name, labels: { namespace: 'emm', service: app.name, pod: app.name } });
    }
  });

  it('scrapes Redis through redis_exporter, for the Redis dashboard and alerts', () => {
    const redis = targets.find(({ labels }) => labels.service === 'redis');
    expect(redis?.labels.namespace).toBe('emm');
    expect(hostAndPort(`http://${redis?.target}`).host).toBe('redis-exporter');
  });

  it('scrapes only services that exist in compose', () => {
    const hosts = targets.map(({ target }) => target.split(':')[0]).filter((host) => host !== 'localhost');
    expect(hosts.filter((host) => compose.services[host] === undefined)).toEqual([]);
  });

  it('is published on 127.0.0.1 only', () => {
    expect((service('prometheus').ports ?? []).map(parsePort)).toEqual([{ hostIp: '127.0.0.1', hostPort: expect.any(Number), containerPort: 9090 }]);
  });
});

interface Datasource {
  name: string;
  uid: string;
  type: string;
  url: string;
}
interface DashboardProvider {
  name: string;
  type: string;
  options: { path: string };
}

describe('Grafana', () => {
  const provisioning = (kind: string): string => {
    const target = mountsOf(service('grafana')).find((mount) => mount.target.startsWith(`/etc/grafana/provisioning/${kind}/`))?.target;
    if (target === undefined) throw new Error(`no ${kind} provisioning file is mounted`);
    return target;
  };
  const datasources = mountedYaml<{ datasources: Datasource[] }>('grafana', provisioning('datasources')).datasources;
  const providers = mountedYaml<{ providers: DashboardProvider[] }>('grafana', provisioning('dashboards')).providers;

  it('provisions Prometheus and Tempo at their compose addresses', () => {
    const tempo = mountedYaml<{ server: { http_listen_port: number } }>('tempo', flag('tempo', '-config.file'));
    expect(datasources.map(({ uid, type, url }) => ({ uid, type, url }))).toEqual([
      { uid: 'prometheus', type: 'prometheus', url: `http://prometheus:${parsePort(service('prometheus').ports?.[0] ?? '').containerPort}` },
      { uid: 'tempo', type: 'tempo', url: `http://tempo:${tempo.server.http_listen_port}` },
    ]);
    for (const { url } of datasources) expect(compose.services[hostAndPort(url).host]).toBeDefined();
  });

  it('provisions every dashboard of the chart (charts/emm/files/dashboards)', () => {
    expect(providers).toHaveLength(1);
    const [provider] = providers;
    expect(provider.type).toBe('file');
    expect(sourceMountedAt(service('grafana'), provider.options.path)).toBe(repoPath('charts', 'emm', 'files', 'dashboards'));
    expect(readdirSync(repoPath('charts', 'emm', 'files', 'dashboards')).filter((file) => file.endsWith('.json')).length).toBeGreaterThan(0);
  });

  it('has every datasource the dashboards default to', () => {
    const uids = new Set(datasources.map((datasource) => datasource.uid));
    const folder = repoPath('charts', 'emm', 'files', 'dashboards');
    for (const file of readdirSync(folder).filter((name) => name.endsWith('.json'))) {
      const dashboard = JSON.parse(readFileSync(join(folder, file), 'utf8')) as { templating?: { list?: { type: string; current?: { value?: string } }[] } };
      const defaults = (dashboard.templating?.list ?? []).filter((variable) => variable.type === 'datasource').map((variable) => variable.current?.value);
      expect({ file, missing: defaults.filter((uid) => uid === undefined || !uids.has(uid)) }).toEqual({ file, missing: [] });
      const fixed = [...readFileSync(join(folder, file), 'utf8').matchAll(/"uid":\s*"([^"$]+)"/g)].map((match) => match[1]);
      // A hard-coded datasource uid (not ${datasource}) must be one that exists; dashboard uids are not datasources.
      const own = (JSON.parse(readFileSync(join(folder, file), 'utf8')) as { uid: string }).uid;
      expect({ file, missing: fixed.filter((uid) => uid !== own && !uids.has(uid)) }).toEqual({ file, missing: [] });
    }
  });

  it('is published on 127.0.0.1 only', () => {
    expect((service('grafana').ports ?? []).map(parsePort)).toEqual([{ hostIp: '127.0.0.1', hostPort: expect.any(Number), containerPort: 3000 }]);
  });
});

interface CollectorConfig {
  receivers: { otlp: { protocols: { http?: { endpoint: string }; grpc?: { endpoint: string } } } };
  processors?: Record<string, unknown>;
  exporters: Record<string, { endpoint: string; tls?: { insecure?: boolean } }>;
  service: { pipelines: Record<string, { receivers: string[]; processors?: string[]; exporters: string[] }> };
}
interface TempoConfig {
  distributor: { receivers: { otlp: { protocols: { grpc?: { endpoint: string } } } } };
  storage: { trace: { backend: string; wal: { path: string }; local: { path: string } } };
}

describe('OpenTelemetry Collector and Tempo', () => {
  const collector = mountedYaml<CollectorConfig>('otel-collector', flag('otel-collector', '--config'));
  const tempo = mountedYaml<TempoConfig>('tempo', flag('tempo', '-config.file'));
  const traces = collector.service.pipelines.traces;

  it('the collector receives OTLP/HTTP where every app sends its traces', () => {
    const httpPort = listenPort(collector.receivers.otlp.protocols.http?.endpoint ?? '');
    for (const app of IMAGE_APPS) {
      const endpoint = environmentOf(service(app.name)).OTEL_EXPORTER_OTLP_ENDPOINT;
      expect({ app: app.name, endpoint }).toEqual({ app: app.name, endpoint: `http://otel-collector:${httpPort}` });
    }
    expect(traces.receivers).toContain('otlp');
  });

  it('the collector’s traces pipeline names only components it defines', () => {
    expect(traces.exporters.filter((name) => collector.exporters[name] === undefined)).toEqual([]);
    expect((traces.processors ?? []).filter((name) => collector.processors?.[name] === undefined)).toEqual([]);
  });

  it('the collector exports traces to Tempo’s OTLP/gRPC receiver', () => {
    const toTempo = traces.exporters.map((name) => collector.exporters[name]).filter((exporter) => exporter.endpoint.startsWith('tempo:'));
    expect(toTempo).toHaveLength(1);
    expect(listenPort(toTempo[0].endpoint)).toBe(listenPort(tempo.distributor.receivers.otlp.protocols.grpc?.endpoint ?? ''));
    // Plain gRPC inside the compose network.
    expect(toTempo[0].tls?.insecure).toBe(true);
    expect(compose.services.tempo).toBeDefined();
  });

  it('Tempo keeps traces on its named volume', () => {
    const volume = mountsOf(service('tempo')).find((mount) => !mount.bind);
    expect(volume).toBeDefined();
    for (const path of [tempo.storage.trace.wal.path, tempo.storage.trace.local.path]) expect(path.startsWith(`${volume?.target}/`)).toBe(true);
  });
});
