import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * The monorepo checkout this package runs from: the nearest folder above it
 * holding `pnpm-workspace.yaml`. The apps are not dependencies of this
 * package, so they are found here rather than through `require.resolve`.
 */
export function findRepoRoot(from: string = __dirname): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'pnpm-workspace.yaml'))) return dir;
    if (dirname(dir) === dir) {
      throw new Error(`@emm/stack runs from the EMM repository checkout, but no pnpm-workspace.yaml was found above ${from}`);
    }
  }
}

/** `apps/<name>` in the checkout. */
export function appDir(app: string, repoRoot: string = findRepoRoot()): string {
  return join(repoRoot, 'apps', app);
}

/** The JD structure the local stack serves unless told otherwise. */
export function exampleJdStructurePath(repoRoot: string = findRepoRoot()): string {
  return join(repoRoot, 'examples', 'jd.yaml');
}
