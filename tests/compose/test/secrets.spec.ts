import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { isIgnored, parseDockerignore } from '../../../scripts/image/dockerfile.js';
import { IMAGE_APPS } from './support/apps';
import { COMPOSE_FILE, ENV_EXAMPLE, environmentOf, rawCompose, readEnvFile, references, resolvedCompose, userVariables } from './support/compose';
import { readRepoFile, REPO } from './support/repo';

/** Names that hold secrets: the chart's rule (charts/emm-lib `secretEnvPattern`), plus PATs and webhook URLs whose path is the credential. */
const SECRET_NAME = /(PASSWORD|PASSWD|SECRET|TOKEN|API_?KEY|PRIVATE_?KEY|CREDENTIAL|_PAT$|WEBHOOK_URL$)/i;

/** Variables Docker Compose itself reads from .env (not referenced in compose.yaml). */
const COMPOSE_OWN_VARIABLES = new Set(['COMPOSE_PROFILES']);

describe('secrets in deploy/compose', () => {
  const raw = rawCompose();
  const secretSettings = Object.entries(raw.services).flatMap(([service, definition]) =>
    Object.entries(definition.environment ?? {})
      .filter(([name]) => SECRET_NAME.test(name))
      .map(([name, value]) => ({ service, name, value: String(value) })),
  );

  it('come only from the variable of the same name, with no default value', () => {
    expect(secretSettings.length).toBeGreaterThan(0);
    for (const { service, name, value } of secretSettings) {
      const match = /^\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?])([^}]*))?\}$/.exec(value);
      const defaultValue = match?.[2]?.endsWith('-') ? match[3] : '';
      expect({ service, name, from: match?.[1], defaultValue }).toEqual({ service, name, from: name, defaultValue: '' });
    }
  });

  it('MCP_AUTH_TOKEN is required, and every app gets the same one', () => {
    const token = references(readFileSync(COMPOSE_FILE, 'utf8')).filter((reference) => reference.name === 'MCP_AUTH_TOKEN');
    expect(token.map((reference) => reference.op)).toEqual([':?']);
    const vars = userVariables();
    const compose = resolvedCompose(vars);
    for (const app of IMAGE_APPS) expect({ app: app.name, token: environmentOf(compose.services[app.name]).MCP_AUTH_TOKEN }).toEqual({ app: app.name, token: vars.MCP_AUTH_TOKEN });
  });

  it('Grafana has no admin password, and no login with the well-known default one', () => {
    const grafana = environmentOf(raw.services.grafana);
    expect(Object.keys(grafana).filter((name) => name.startsWith('GF_SECURITY_ADMIN'))).toEqual([]);
    expect(grafana.GF_AUTH_DISABLE_LOGIN_FORM).toBe('true');
    expect(grafana.GF_AUTH_BASIC_ENABLED).toBe('false');
  });

  it('.env.example names every variable compose.yaml reads, and holds no value', () => {
    const example = readEnvFile(ENV_EXAMPLE);
    const read = new Set(references(readFileSync(COMPOSE_FILE, 'utf8')).map((reference) => reference.name));
    expect([...read].filter((name) => !(name in example))).toEqual([]);
    expect(Object.keys(example).filter((name) => !read.has(name) && !COMPOSE_OWN_VARIABLES.has(name))).toEqual([]);
    expect(Object.entries(example).filter(([, value]) => value !== '')).toEqual([]);
  });

  it('.env stays out of git and out of the image build context', () => {
    const git = spawnSync('git', ['check-ignore', '--quiet', 'deploy/compose/.env'], { cwd: REPO });
    expect(git.status).toBe(0);
    expect(isIgnored(parseDockerignore(readRepoFile('.dockerignore')), 'deploy/compose/.env')).toBe(true);
  });
});
