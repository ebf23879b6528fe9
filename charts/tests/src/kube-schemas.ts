import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { type K8sObject, refOf } from './manifests';

const VALIDATOR = resolve(__dirname, 'kube-validate.mts');

export interface SchemaProblem {
  /** "<label>: Kind/name" */
  object: string;
  problems: string[];
}

/**
 * Checks objects against the Kubernetes schemas (kubernetes-models) in one
 * Node process per call. `label` names where the objects came from.
 */
export function validateAgainstSchemas(batches: { label: string; objects: K8sObject[] }[]): Promise<SchemaProblem[]> {
  const inputs = batches.flatMap(({ label, objects }) => objects.map((object) => ({ id: `${label}: ${refOf(object)}`, object })));
  return new Promise((resolvePromise, reject) => {
    const child = execFile(process.execPath, [VALIDATOR], { maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) {
        reject(new Error(`schema validator failed: ${stderr || error.message}`));
        return;
      }
      const results = JSON.parse(stdout) as { id: string; problems: string[] }[];
      resolvePromise(results.filter((result) => result.problems.length > 0).map(({ id, problems }) => ({ object: id, problems })));
    });
    child.stdin?.end(JSON.stringify(inputs));
  });
}
