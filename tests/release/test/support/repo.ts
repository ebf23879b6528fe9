import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';

/** The repository root (tests/release/test/support → ../../../..). */
export const REPO = resolve(__dirname, '..', '..', '..', '..');

export function repoPath(...parts: string[]): string {
  return join(REPO, ...parts);
}

export function readRepoFile(...parts: string[]): string {
  return readFileSync(repoPath(...parts), 'utf8');
}

export const WORKFLOW_DIR = repoPath('.github', 'workflows');

/** Every workflow file name under .github/workflows. */
export function workflowFiles(): string[] {
  return readdirSync(WORKFLOW_DIR)
    .filter((name) => /\.ya?ml$/.test(name))
    .sort();
}

/** A workflow parsed as plain data (throws on YAML errors). */
export function loadWorkflow(name: string): Workflow {
  return parse(readFileSync(join(WORKFLOW_DIR, name), 'utf8'), { strict: true, uniqueKeys: true }) as Workflow;
}

export type Permissions = Record<string, 'read' | 'write' | 'none'> | 'read-all' | 'write-all';

export interface Step {
  name?: string;
  id?: string;
  if?: string;
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
  env?: Record<string, string>;
}

export interface Job {
  name?: string;
  'runs-on'?: string;
  uses?: string;
  with?: Record<string, unknown>;
  needs?: string | string[];
  if?: string;
  permissions?: Permissions;
  environment?: string | { name: string };
  steps?: Step[];
  strategy?: { matrix?: Record<string, unknown> };
}

export interface WorkflowInput {
  description?: string;
  type?: string;
  required?: boolean;
  default?: unknown;
  options?: string[];
}

export interface Workflow {
  name?: string;
  on: Record<string, unknown> & {
    workflow_call?: { inputs?: Record<string, WorkflowInput>; outputs?: Record<string, unknown> };
    workflow_dispatch?: { inputs?: Record<string, WorkflowInput> } | null;
  };
  permissions?: Permissions;
  jobs: Record<string, Job>;
}
