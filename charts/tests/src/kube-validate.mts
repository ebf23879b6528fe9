/**
 * Validates Kubernetes objects against the schemas of `kubernetes-models`
 * (Kubernetes API) and of the operators' CRDs the charts render for:
 * Prometheus Operator, KEDA, Istio, External Secrets, Sealed Secrets.
 *
 * Runs as its own Node process: those packages are ES modules only, which
 * jest's CommonJS runtime cannot load. Reads `[{ id, object }]` as JSON on
 * stdin, writes `[{ id, problems }]` as JSON on stdout.
 */
interface Input {
  id: string;
  object: { apiVersion?: unknown; kind?: unknown };
}

type ModelClass = new (data: unknown) => { validate(): void };
type ModelModule = Record<string, ModelClass | undefined>;

/** The models module of an apiVersion: "v1" is the core group, "apps/v1" a named one. */
const CRD_PACKAGES: Record<string, string> = {
  'monitoring.coreos.com': '@kubernetes-models/prometheus-operator',
  'keda.sh': '@kubernetes-models/keda',
  'networking.istio.io': '@kubernetes-models/istio',
  'security.istio.io': '@kubernetes-models/istio',
  'external-secrets.io': '@kubernetes-models/external-secrets',
  'bitnami.com': '@kubernetes-models/sealed-secrets',
};

function modulePath(apiVersion: string): string {
  const group = apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '';
  const crdPackage = CRD_PACKAGES[group];
  return crdPackage ? `${crdPackage}/${apiVersion}` : `kubernetes-models/${apiVersion}`;
}

const modules = new Map<string, Promise<ModelModule | undefined>>();
function loadModule(apiVersion: string): Promise<ModelModule | undefined> {
  let loaded = modules.get(apiVersion);
  if (!loaded) {
    loaded = (import(modulePath(apiVersion)) as Promise<ModelModule>).catch(() => undefined);
    modules.set(apiVersion, loaded);
  }
  return loaded;
}

function describeError(error: unknown): string[] {
  const details = (error as { errors?: { instancePath?: string; message?: string }[] }).errors;
  if (Array.isArray(details) && details.length > 0) {
    return details.map((detail) => `${detail.instancePath || '/'} ${detail.message ?? 'is invalid'}`);
  }
  return [error instanceof Error ? error.message : String(error)];
}

async function validate({ object }: Input): Promise<string[]> {
  const { apiVersion, kind } = object;
  if (typeof apiVersion !== 'string' || typeof kind !== 'string') return ['apiVersion and kind must be strings'];
  const Model = (await loadModule(apiVersion))?.[kind];
  if (!Model) return [`no schema for ${apiVersion} ${kind}`];
  try {
    new Model(object).validate();
    return [];
  } catch (error) {
    return describeError(error);
  }
}

const chunks: Buffer[] = [];
for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
const inputs = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Input[];
const results = await Promise.all(inputs.map(async (input) => ({ id: input.id, problems: await validate(input) })));
process.stdout.write(JSON.stringify(results));
