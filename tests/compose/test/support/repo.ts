import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';

/** The repository root (tests/compose/test/support → ../../../..). */
export const REPO = resolve(__dirname, '..', '..', '..', '..');

/** deploy/compose: compose.yaml and the files it mounts. */
export const COMPOSE_DIR = join(REPO, 'deploy', 'compose');

export function repoPath(...parts: string[]): string {
  return join(REPO, ...parts);
}

export function readRepoFile(...parts: string[]): string {
  return readFileSync(repoPath(...parts), 'utf8');
}

/**
 * A YAML file as plain data, read the way Docker Compose reads YAML: duplicate keys are errors,
 * `<<` merge keys are applied (compose.yaml shares settings through anchors).
 */
export function readYaml<T>(path: string): T {
  return parse(readFileSync(path, 'utf8'), { strict: true, uniqueKeys: true, merge: true }) as T;
}
