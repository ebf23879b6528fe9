import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

/** One hash over every folder, file, content and modification time under `dir`: equal means nothing was written there. */
export function treeHash(dir: string): string {
  const hash = createHash('sha256');
  const walk = (folder: string): void => {
    for (const entry of readdirSync(folder, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const path = join(folder, entry.name);
      hash.update(`${relative(dir, path)}\0${statSync(path).mtimeMs}\0`);
      if (entry.isDirectory()) walk(path);
      else hash.update(readFileSync(path));
    }
  };
  walk(dir);
  return hash.digest('hex');
}

/** Removes what a stopped stack stored under its data dir (vault, UNSORTED, Redis data), keeping `logs/` for a look afterwards. */
export function removeStackData(stack: { dataDir: string; logDir: string }): void {
  for (const entry of readdirSync(stack.dataDir)) {
    const path = join(stack.dataDir, entry);
    if (path !== stack.logDir) rmSync(path, { recursive: true, force: true });
  }
}
