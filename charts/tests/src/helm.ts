import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { type K8sObject } from './manifests';
import { UMBRELLA } from './paths';

export interface HelmResult {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs the real `helm` from PATH. Helm's informational log lines (symbolic
 * links followed, …) are dropped from stderr so messages stay readable.
 */
export function helm(args: string[]): Promise<HelmResult> {
  return new Promise((resolve, reject) => {
    execFile('helm', args, { maxBuffer: 64 * 1024 * 1024, env: { ...process.env, HELM_DEBUG: 'false' } }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
      if (error && typeof error.code !== 'number') {
        reject(new Error(`cannot run helm (is it on PATH? source scripts/env.sh): ${error.message}`));
        return;
      }
      const messages = stderr
        .split('\n')
        .filter((line) => !line.startsWith('level=INFO'))
        .join('\n')
        .trim();
      resolve({ code, stdout, stderr: messages });
    });
  });
}

export interface RenderOptions {
  chart?: string;
  release?: string;
  namespace?: string;
  /** Values files, in order (-f). */
  values?: string[];
  /** --set key=value pairs. */
  set?: Record<string, string>;
  /** --set-file key=path pairs. */
  setFile?: Record<string, string>;
  /** --set-json key=<JSON> pairs (lists and maps). */
  setJson?: Record<string, unknown>;
  /** API versions the pretend cluster serves (--api-versions). */
  apiVersions?: string[];
}

export function templateArgs(options: RenderOptions): string[] {
  const { chart = UMBRELLA, release = 'emm', namespace = 'emm' } = options;
  return [
    'template',
    release,
    chart,
    '--namespace',
    namespace,
    ...(options.values ?? []).flatMap((file) => ['--values', file]),
    ...Object.entries(options.set ?? {}).flatMap(([key, value]) => ['--set', `${key}=${value}`]),
    ...Object.entries(options.setFile ?? {}).flatMap(([key, path]) => ['--set-file', `${key}=${path}`]),
    ...Object.entries(options.setJson ?? {}).flatMap(([key, value]) => ['--set-json', `${key}=${JSON.stringify(value)}`]),
    ...(options.apiVersions ?? []).flatMap((version) => ['--api-versions', version]),
  ];
}

export function parseManifests(text: string): K8sObject[] {
  return parseAllDocuments(text).flatMap((document) => {
    if (document.errors.length > 0) throw new Error(`helm rendered invalid YAML: ${document.errors[0].message}`);
    const object = document.toJS() as K8sObject | null;
    return object ? [object] : [];
  });
}

export interface Rendered {
  objects: K8sObject[];
  /** The raw YAML helm printed. */
  text: string;
}

/**
 * Where renders of this test run are kept (set by the global setup): test files
 * in other workers that render the same chart with the same arguments read the
 * output instead of running helm again.
 */
export const RENDER_CACHE_VARIABLE = 'EMM_CHART_RENDER_CACHE';

async function templateOutput(args: string[]): Promise<HelmResult> {
  const dir = process.env[RENDER_CACHE_VARIABLE];
  const file = dir ? join(dir, `${createHash('sha256').update(JSON.stringify(args)).digest('hex')}.yaml`) : undefined;
  if (file) {
    const cached = await readFile(file, 'utf8').catch(() => undefined);
    if (cached !== undefined) return { code: 0, stdout: cached, stderr: '' };
  }
  const result = await helm(args);
  if (file && result.code === 0) {
    await writeFile(`${file}.${process.pid}`, result.stdout);
    await rename(`${file}.${process.pid}`, file);
  }
  return result;
}

/** `helm template` that must succeed; throws helm's message otherwise. */
export async function render(options: RenderOptions): Promise<Rendered> {
  const args = templateArgs(options);
  const result = await templateOutput(args);
  if (result.code !== 0) throw new Error(`helm ${args.join(' ')} failed:\n${result.stderr}`);
  return { objects: parseManifests(result.stdout), text: result.stdout };
}

/** `helm template` that must fail; returns helm's error message. */
export async function renderError(options: RenderOptions): Promise<string> {
  const result = await helm(templateArgs(options));
  if (result.code === 0) throw new Error(`helm ${templateArgs(options).join(' ')} succeeded but should have failed`);
  return result.stderr;
}
