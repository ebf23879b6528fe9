// Runs every benchmark in turn (one machine, one go), then writes bench/RESULTS.md:
// each figure beside its target, from bench/results/*.json.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { BENCH_DIR, meetsTarget, readResults } from './lib.ts';

// The benchmarks are the package's `bench:<name>` scripts (<name>.ts); the other modules here are shared helpers.
const packageScripts: Record<string, string> = JSON.parse(await readFile(join(BENCH_DIR, 'package.json'), 'utf8')).scripts;
const names = Object.keys(packageScripts).flatMap((script) => (script.startsWith('bench:') ? [script.slice('bench:'.length)] : [])).sort();
const only = process.argv.slice(2);
const unknown = only.filter((name) => !names.includes(name));
if (unknown.length > 0) {
  console.error(`bench: no benchmark named ${unknown.join(', ')}; there are ${names.join(', ')}`);
  process.exit(2);
}
for (const name of names) {
  if (only.length > 0 && !only.includes(name)) continue;
  const script = `${name}.ts`;
  console.log(`\n# ${script}`);
  const run = spawnSync(process.execPath, [join(BENCH_DIR, script)], { stdio: 'inherit' });
  if (run.status !== 0) console.error(`bench: ${script} exited with ${run.status}; its previous results (if any) are kept`);
}

const sections: string[] = [];
for (const file of (await readdir(join(BENCH_DIR, 'results'))).filter((f) => f.endsWith('.json')).sort()) {
  const result = await readResults(file.replace(/\.json$/, ''));
  if (!result) continue;
  const rows = result.figures.map((f) => {
    const met = meetsTarget(f);
    return `| ${f.name} | ${f.value} ${f.unit} | ${f.target ? `${f.target} ${f.unit}` : ''} | ${met === undefined ? '' : met ? 'yes' : 'no'} |`;
  });
  const machine = Object.entries(result.machine ?? {}).map(([k, v]) => `${k} ${String(v)}`).join(', ');
  // A bench that draws its figures (results/<name>.svg) gets its plot under its table.
  const plot = existsSync(join(BENCH_DIR, 'results', `${result.name}.svg`)) ? `\n![${result.name}](results/${result.name}.svg)\n` : '';
  sections.push(`## ${result.name}\n\nMeasured ${result.measuredAt} (${machine}).\n\n| figure | measured | target | met |\n|---|---|---|---|\n${rows.join('\n')}\n${plot}`);
}
await writeFile(
  join(BENCH_DIR, 'RESULTS.md'),
  `# Benchmark results\n\nWritten by \`node bench/run-all.ts\` from \`bench/results/*.json\`. Benchmarks measure; they never gate a build. Figures taken on a shared 2-core machine vary with its load (recorded per file where the script knows it).\n\n${sections.join('\n')}`,
);
console.log(`\nbench: wrote ${join(BENCH_DIR, 'RESULTS.md')}`);
