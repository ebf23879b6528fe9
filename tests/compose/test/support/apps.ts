import { existsSync, readFileSync } from 'node:fs';
import { loadConfig } from '@emm/config';
import { listApps } from '../../../../scripts/image/apps.js';
import { commandForm, parseDockerfile, parseKeyValues } from '../../../../scripts/image/dockerfile.js';
import { type ComposeFile, environmentOf } from './compose';
import { readYaml, REPO, repoPath } from './repo';

/** Every app under apps/ that gets a container image (scripts/image/apps.js decides, as for CI). */
export const IMAGE_APPS = listApps(REPO).filter((app) => app.image);

export type ConfigSchema = Parameters<typeof loadConfig>[0];

export interface AppConfigModule {
  appConfigSchema: ConfigSchema;
  SERVICE_NAME: string;
}

/**
 * An app's built `dist/config.js`: its zod schema is what decides, at start, whether the
 * environment compose gives it is valid. Turbo builds the apps this package lists as
 * devDependencies before its tests run.
 */
export function appConfigModule(dir: string): AppConfigModule {
  const file = repoPath(dir, 'dist', 'config.js');
  if (!existsSync(file)) {
    const name = dir.replace(/^apps\//, '');
    throw new Error(`${file} is missing: add "${name}": "workspace:*" to tests/compose/package.json devDependencies so turbo builds it before these tests`);
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(file) as AppConfigModule;
}

/** The variable names a config schema knows (the keys of its zod object). */
export function schemaVariables(schema: ConfigSchema): Set<string> {
  const shape = (schema as unknown as { shape?: Record<string, unknown> }).shape;
  if (shape === undefined) throw new Error('appConfigSchema is not a zod object: cannot list its variables');
  return new Set(Object.keys(shape));
}

/**
 * Read from the environment by @emm/telemetry and the OpenTelemetry SDK before the config is
 * loaded, so no app schema lists them (the chart sets the same ones).
 */
export const TELEMETRY_VARIABLES: ReadonlySet<string> = new Set([
  'OTEL_EXPORTER_OTLP_ENDPOINT',
  'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT',
  'OTEL_RESOURCE_ATTRIBUTES',
  'OTEL_SERVICE_NAME',
]);

interface RuntimeImage {
  env: Record<string, string>;
  user: string;
  entrypoint: string[];
}

/** ENV, USER and ENTRYPOINT of the Dockerfile's final stage, following its FROM chain inside the file. */
export function runtimeImage(): RuntimeImage {
  const dockerfile = parseDockerfile(readFileSync(repoPath('Dockerfile'), 'utf8'));
  const chain: (typeof dockerfile.stages)[number][] = [];
  let stage: (typeof dockerfile.stages)[number] | undefined = dockerfile.stages[dockerfile.stages.length - 1];
  while (stage !== undefined) {
    chain.unshift(stage);
    const parent: string = stage.from;
    stage = dockerfile.stages.find((candidate) => candidate.name === parent);
  }
  const image: RuntimeImage = { env: {}, user: 'root', entrypoint: [] };
  for (const instruction of chain.flatMap((stage) => stage.instructions)) {
    if (instruction.keyword === 'ENV') Object.assign(image.env, parseKeyValues(instruction.args));
    if (instruction.keyword === 'USER') image.user = instruction.args.trim();
    if (instruction.keyword === 'ENTRYPOINT') image.entrypoint = commandForm(instruction.args);
  }
  return image;
}

interface ChartValues {
  kind?: 'mcp' | 'agent';
  needs?: { redis?: boolean; mcpServices?: string[] };
}

/** An app's subchart values (charts/<app>/values.yaml): what the chart wires for it. */
export function chartValues(app: string): ChartValues {
  return readYaml<ChartValues>(repoPath('charts', app, 'values.yaml'));
}

/** The settings every app has, as its config loader returns them. */
export type AppConfig = Record<string, unknown> & { PORT: number; SHUTDOWN_TIMEOUT_MS: number };

/** What an app's own config loader makes of its container's environment: the image's ENV, then compose's. */
export function containerConfig(compose: ComposeFile, app: string): AppConfig {
  const info = IMAGE_APPS.find((candidate) => candidate.name === app);
  if (info === undefined) throw new Error(`${app} is not an app with an image under apps/`);
  const service = compose.services[app];
  if (service === undefined) throw new Error(`compose.yaml has no service ${app}`);
  const { appConfigSchema } = appConfigModule(info.dir);
  return loadConfig(appConfigSchema, { ...runtimeImage().env, ...environmentOf(service) }) as AppConfig;
}
