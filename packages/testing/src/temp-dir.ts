/// <reference types="jest" />
// `@emm/testing/temp-dir`: a jest-only helper (it registers an afterAll), so never in the main entry.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const created: string[] = [];

// Each test file loads its own copy of this module, so this runs after that file's tests.
afterAll(() => {
  for (const dir of created.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A new empty directory under the OS temp dir, removed after the test file. */
export function makeTempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  created.push(dir);
  return dir;
}
