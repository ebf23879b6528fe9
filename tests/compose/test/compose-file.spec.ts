import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseDockerfile } from '../../../scripts/image/dockerfile.js';
import { IMAGE_APPS } from './support/apps';
import {
  COMPOSE_FILE,
  CONFLUENCE_USER_SETTINGS,
  ENV_EXAMPLE,
  MissingVariableError,
  parsePort,
  rawCompose,
  readEnvFile,
  resolvedCompose,
  userVariables,
} from './support/compose';
import { COMPOSE_DIR, readYaml, REPO, repoPath } from './support/repo';

// Attributes of the Compose specification (services, healthcheck, build, depends_on): a key
// outside these is a typo Docker Compose would reject.
const SERVICE_ATTRIBUTES = new Set(
  `annotations attach blkio_config build cap_add cap_drop cgroup cgroup_parent command configs container_name
   cpu_count cpu_percent cpu_period cpu_quota cpu_rt_period cpu_rt_runtime cpu_shares cpus cpuset credential_spec
   depends_on deploy develop device_cgroup_rules devices dns dns_opt dns_search domainname driver_opts entrypoint
   env_file environment expose extends external_links extra_hosts gpus group_add healthcheck hostname image init ipc
   isolation label_file labels links logging mac_address mem_limit mem_reservation mem_swappiness memswap_limit
   network_mode networks oom_kill_disable oom_score_adj pid pids_limit platform ports post_start pre_stop privileged
   profiles provider pull_policy read_only restart runtime scale secrets security_opt shm_size stdin_open
   stop_grace_period stop_signal storage_opt sysctls tmpfs tty ulimits user userns_mode uts volumes volumes_from
   working_dir`.split(/\s+/),
);
const HEALTHCHECK_ATTRIBUTES = new Set(['test', 'interval', 'timeout', 'retries', 'start_period', 'start_interval', 'disable']);
const BUILD_ATTRIBUTES = new Set(
  `context dockerfile dockerfile_inline args ssh cache_from cache_to additional_contexts extra_hosts isolation privileged
   labels no_cache pull network shm_size target secrets tags ulimits platforms entitlements`.split(/\s+/),
);
const DEPENDS_ON_ATTRIBUTES = new Set(['condition', 'required', 'restart']);
const TOP_LEVEL = new Set(['name', 'services', 'networks', 'volumes', 'configs', 'secrets', 'include', 'models']);

/** Third-party images and the chart values that pin the same image for Kubernetes. */
const CHART_IMAGES: Record<string, { chart: string; path: string[] }> = {
  redis: { chart: 'redis', path: ['image'] },
  'redis-exporter': { chart: 'redis', path: ['exporter', 'image'] },
  prometheus: { chart: 'monitoring', path: ['prometheus', 'image'] },
  grafana: { chart: 'monitoring', path: ['grafana', 'image'] },
  tempo: { chart: 'monitoring', path: ['tempo', 'image'] },
  'otel-collector': { chart: 'monitoring', path: ['otelCollector', 'image'] },
};

interface ChartImage {
  registry: string;
  repository: string;
  tag: string;
}

function chartImage(chart: string, path: string[]): string {
  let node: unknown = readYaml(repoPath('charts', chart, 'values.yaml'));
  for (const key of path) node = (node as Record<string, unknown>)[key];
  const image = node as ChartImage;
  return `${image.registry}/${image.repository}:${image.tag}`;
}

const unknownKeys = (value: object, known: ReadonlySet<string>): string[] => Object.keys(value).filter((key) => !known.has(key));

describe('deploy/compose/compose.yaml', () => {
  const compose = resolvedCompose(userVariables(CONFLUENCE_USER_SETTINGS));
  const services = Object.entries(compose.services);
  const built = services.filter(([, service]) => service.build !== undefined);

  it('parses as YAML with unique keys, its anchors merged', () => {
    expect(() => rawCompose()).not.toThrow();
    expect(compose.name).toBe('emm');
    expect(services.length).toBeGreaterThan(IMAGE_APPS.length);
  });

  it('uses only attributes of the Compose specification', () => {
    expect(Object.keys(compose).filter((key) => !TOP_LEVEL.has(key) && !key.startsWith('x-'))).toEqual([]);
    for (const [name, service] of services) {
      expect({ name, unknown: unknownKeys(service, SERVICE_ATTRIBUTES) }).toEqual({ name, unknown: [] });
      if (service.healthcheck) expect({ name, unknown: unknownKeys(service.healthcheck, HEALTHCHECK_ATTRIBUTES) }).toEqual({ name, unknown: [] });
      if (service.build) expect({ name, unknown: unknownKeys(service.build, BUILD_ATTRIBUTES) }).toEqual({ name, unknown: [] });
      for (const [dependency, condition] of Object.entries(service.depends_on ?? {})) {
        expect({ name, dependency, unknown: unknownKeys(condition, DEPENDS_ON_ATTRIBUTES) }).toEqual({ name, dependency, unknown: [] });
      }
    }
  });

  it('builds only apps that exist under apps/', () => {
    const missing = built.map(([name]) => name).filter((name) => !existsSync(repoPath('apps', name, 'package.json')));
    expect(missing).toEqual([]);
  });

  it('builds every app under apps/ that has an image (the CLI has none)', () => {
    expect(built.map(([name]) => name).sort()).toEqual(expect.arrayContaining(IMAGE_APPS.map((app) => app.name)));
    expect(IMAGE_APPS.map((app) => app.name)).not.toContain('@emm/cli');
  });

  it('builds each app from the one Dockerfile, its compose service named like the app (APP build arg)', () => {
    const dockerfile = parseDockerfile(readFileSync(repoPath('Dockerfile'), 'utf8'));
    const finalStage = dockerfile.stages[dockerfile.stages.length - 1].name;
    const declaredArgs = new Set([
      ...Object.keys(dockerfile.globalArgs),
      ...dockerfile.stages.flatMap((stage) => stage.instructions.filter((i) => i.keyword === 'ARG').map((i) => i.args.split('=')[0].trim())),
    ]);
    for (const [name, service] of built) {
      const build = service.build!;
      expect({ name, context: resolve(COMPOSE_DIR, build.context), dockerfile: build.dockerfile ?? 'Dockerfile', target: build.target ?? finalStage, app: build.args?.APP }).toEqual({
        name,
        context: REPO,
        dockerfile: 'Dockerfile',
        target: finalStage,
        app: name,
      });
      expect(Object.keys(build.args ?? {}).filter((arg) => !declaredArgs.has(arg))).toEqual([]);
      // A locally built image must never be replaced by a pull from a registry of the same name.
      expect(service.image).toBeUndefined();
    }
  });

  it('pulls the third-party images the Helm charts pin, at the same versions', () => {
    const pulled = services.filter(([, service]) => service.build === undefined);
    expect(pulled.map(([name]) => name).sort()).toEqual(Object.keys(CHART_IMAGES).sort());
    for (const [name, service] of pulled) {
      const { chart, path } = CHART_IMAGES[name];
      expect({ name, image: service.image }).toEqual({ name, image: chartImage(chart, path) });
    }
  });

  it('starts every dependency of a service whenever the service starts (profiles)', () => {
    for (const [name, service] of services) {
      for (const dependency of Object.keys(service.depends_on ?? {})) {
        expect({ name, dependency, exists: compose.services[dependency] !== undefined }).toEqual({ name, dependency, exists: true });
        const profilesOfDependency = compose.services[dependency]?.profiles ?? [];
        expect({ name, dependency, missingProfiles: profilesOfDependency.filter((profile) => !(service.profiles ?? []).includes(profile)) }).toEqual({
          name,
          dependency,
          missingProfiles: [],
        });
      }
    }
  });

  it('publishes only the agents’ run APIs, Grafana and Prometheus, and only on 127.0.0.1', () => {
    const published = services.filter(([, service]) => (service.ports ?? []).length > 0).map(([name]) => name);
    expect(published.sort()).toEqual(['bookmark-scraper', 'confluence-agent', 'file-system-agent', 'grafana', 'prometheus']);
    for (const [, service] of services) {
      for (const port of service.ports ?? []) expect(parsePort(port).hostIp).toBe('127.0.0.1');
    }
    const hostPorts = services.flatMap(([, service]) => (service.ports ?? []).map((port) => parsePort(port).hostPort));
    expect(new Set(hostPorts).size).toBe(hostPorts.length);
  });

  it('publishes what deploy/compose/README.md tells people to open', () => {
    const readme = readFileSync(join(COMPOSE_DIR, 'README.md'), 'utf8');
    for (const [name, service] of services) {
      for (const port of service.ports ?? []) {
        const url = `http://127.0.0.1:${parsePort(port).hostPort}`;
        expect({ name, documented: readme.includes(url) }).toEqual({ name, documented: true });
      }
    }
  });

  it('starts the default profile without any Confluence settings', () => {
    const defaults = resolvedCompose(userVariables());
    const withoutProfile = Object.entries(defaults.services).filter(([, service]) => service.profiles === undefined);
    expect(withoutProfile.map(([name]) => name)).toEqual(expect.arrayContaining(['file-system-agent', 'bookmark-scraper', 'redis', 'grafana']));
    expect(defaults.services['confluence-service'].profiles).toEqual(['confluence']);
    expect(defaults.services['confluence-agent'].profiles).toEqual(['confluence']);
  });

  it('refuses to start without MCP_AUTH_TOKEN and says where to set it', () => {
    expect(() => resolvedCompose(readEnvFile(ENV_EXAMPLE))).toThrow(MissingVariableError);
    expect(() => resolvedCompose(readEnvFile(ENV_EXAMPLE))).toThrow(/MCP_AUTH_TOKEN.*deploy\/compose\/\.env/);
  });

  const dockerCompose = spawnSync('docker', ['compose', 'version'], { encoding: 'utf8' }).status === 0;
  // Docker is not on every machine that runs the tests; where its compose plugin is, it has the last word.
  (dockerCompose ? it : it.skip)('is accepted by `docker compose config`', () => {
    const result = spawnSync('docker', ['compose', '--file', COMPOSE_FILE, '--profile', 'confluence', 'config', '--quiet'], {
      cwd: COMPOSE_DIR,
      encoding: 'utf8',
      env: { ...process.env, ...userVariables(CONFLUENCE_USER_SETTINGS) },
    });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  });
});
