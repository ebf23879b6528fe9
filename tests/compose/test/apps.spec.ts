import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { findMcpService, MCP_SERVICES, mcpClientConfigFromEnv, type McpClientEnv, mcpServiceUrlVariable } from '@emm/mcp';
import { appConfigModule, chartValues, containerConfig, IMAGE_APPS, runtimeImage, schemaVariables, TELEMETRY_VARIABLES } from './support/apps';
import { CONFLUENCE_USER_SETTINGS, durationMs, environmentOf, hostAndPort, parsePort, resolvedCompose, type Service, userVariables } from './support/compose';

const compose = resolvedCompose(userVariables(CONFLUENCE_USER_SETTINGS));
const image = runtimeImage();
const MCP_URL_VARIABLE = /^MCP_[A-Z_]+_URL$/;

function serviceOf(name: string): Service {
  const service = compose.services[name];
  if (service === undefined) throw new Error(`compose.yaml has no service ${name}`);
  return service;
}

/** PORT as the app reads it in its container. */
const portOf = (name: string): number => containerConfig(compose, name).PORT;

function allowedHosts(name: string): string[] {
  const raw = environmentOf(serviceOf(name)).MCP_ALLOWED_HOSTS ?? '';
  return raw.split(',').map((entry) => entry.trim()).filter(Boolean);
}

/** The Host check of @emm/mcp's servers: `name` allows any port, `name:port` that port only. */
function acceptsHost(name: string, host: string, port: number): boolean {
  return allowedHosts(name).some((entry) => entry === host || entry === `${host}:${port}`);
}

it('every app with an image is built before these tests (a devDependency), so its dist/config.js is current', () => {
  const manifest = JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8')) as { devDependencies: Record<string, string> };
  expect(IMAGE_APPS.map((app) => app.name).filter((app) => manifest.devDependencies[app] !== 'workspace:*')).toEqual([]);
});

describe.each(IMAGE_APPS.map((app) => [app.name, app.dir] as const))('%s in compose', (name, dir) => {
  const { appConfigSchema } = appConfigModule(dir);
  const known = schemaVariables(appConfigSchema);
  const isMcpServer = known.has('MCP_ALLOWED_HOSTS');
  const isAgent = known.has('ROLE');

  it('is a service of the compose file', () => {
    expect(Object.keys(compose.services)).toContain(name);
  });

  it('sets only variables its config schema knows', () => {
    const unknown = Object.keys(environmentOf(serviceOf(name))).filter((variable) => !known.has(variable) && !TELEMETRY_VARIABLES.has(variable));
    expect(unknown).toEqual([]);
  });

  it('gets an environment its config schema accepts, so the app starts', () => {
    // loadConfig throws with every `NAME: rule` problem in its message.
    expect(() => containerConfig(compose, name)).not.toThrow();
  });

  it('runs as the Dockerfile’s non-root user, on a read-only root filesystem with a tmpfs /tmp', () => {
    const service = serviceOf(name);
    expect(service.user).toBe(image.user);
    expect(service.user?.split(':')[0]).not.toMatch(/^(0|root)$/);
    expect(service.read_only).toBe(true);
    expect(service.tmpfs).toContain('/tmp');
    expect(service.cap_drop).toEqual(['ALL']);
    expect(service.security_opt).toContain('no-new-privileges:true');
  });

  it('leaves PID 1 to the image’s tini, so needs no `init: true`', () => {
    expect(image.entrypoint[0]).toMatch(/\/tini$/);
    expect(serviceOf(name).init).toBeUndefined();
  });

  it('is health-checked on /health/ready before anything that depends on it starts', () => {
    const { test } = serviceOf(name).healthcheck ?? { test: [] };
    expect(test.slice(0, 3)).toEqual(['CMD', 'node', '-e']);
    expect(test[3]).toContain('/health/ready');
    // The probe asks the port the app listens on (healthcheck.spec.ts runs it against a server).
    expect(test[3]).toContain('process.env.PORT');
  });

  it('is given longer to stop than its own shutdown deadline', () => {
    const grace = durationMs(serviceOf(name).stop_grace_period ?? '10s');
    expect(grace).toBeGreaterThan(containerConfig(compose, name).SHUTDOWN_TIMEOUT_MS);
  });

  it('waits for a healthy Redis, at the address it is given', () => {
    const service = serviceOf(name);
    expect(service.depends_on?.redis).toEqual({ condition: 'service_healthy' });
    expect(hostAndPort(environmentOf(service).REDIS_URL).host).toBe('redis');
  });

  if (isAgent) {
    it('runs API and workers in one container, its run API published on 127.0.0.1 at its PORT', () => {
      expect(environmentOf(serviceOf(name)).ROLE).toBe('all');
      const ports = (serviceOf(name).ports ?? []).map(parsePort);
      expect(ports).toEqual([{ hostIp: '127.0.0.1', hostPort: expect.any(Number), containerPort: portOf(name) }]);
    });
  } else {
    it('is not published on the host', () => {
      expect(serviceOf(name).ports).toBeUndefined();
    });
  }

  if (isMcpServer) {
    it('accepts its compose service name as Host (DNS-rebinding protection)', () => {
      expect(acceptsHost(name, name, portOf(name))).toBe(true);
      expect(allowedHosts(name)).not.toContain('*');
    });
  }

  it('calls exactly the MCP services its Helm chart wires, waiting for them to be healthy', () => {
    const env = environmentOf(serviceOf(name));
    const wired = Object.keys(env).filter((variable) => MCP_URL_VARIABLE.test(variable)).sort();
    const chartServices = chartValues(name).needs?.mcpServices ?? [];
    const expected = chartServices.map((service) => {
      const id = findMcpService(service);
      if (id === undefined) throw new Error(`charts/${name}: ${service} is not an MCP service`);
      return mcpServiceUrlVariable(id);
    });
    expect(wired).toEqual(expected.sort());
    expect(Object.keys(serviceOf(name).depends_on ?? {}).sort()).toEqual(['redis', ...chartServices].sort());
  });

  it('reaches each MCP service it calls at that service’s compose name, PORT and /mcp, accepted as Host', () => {
    const env = environmentOf(serviceOf(name));
    for (const variable of Object.keys(env).filter((candidate) => MCP_URL_VARIABLE.test(candidate))) {
      const id = Object.values(MCP_SERVICES).find((service) => `MCP_${service.env}_URL` === variable);
      expect({ variable, known: id !== undefined }).toEqual({ variable, known: true });
      const target = id!.service;
      const { host, port, path } = hostAndPort(env[variable]);
      expect({ variable, host, port, path }).toEqual({ variable, host: target, port: portOf(target), path: '/mcp' });
      expect({ variable, accepted: acceptsHost(target, host, port) }).toEqual({ variable, accepted: true });
      expect(serviceOf(name).depends_on?.[target]).toEqual({ condition: 'service_healthy' });
    }
  });

  if ([...known].some((variable) => MCP_URL_VARIABLE.test(variable))) {
    it('would find every MCP service in compose, also those whose URL it takes by default', () => {
      const clients = mcpClientConfigFromEnv(containerConfig(compose, name) as unknown as McpClientEnv, { caller: name, version: 'test' });
      for (const [id, target] of Object.entries(clients.targets)) {
        expect({ id, host: hostAndPort(target.url).host in compose.services }).toEqual({ id, host: true });
      }
    });
  }
});
