import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { filesUnder } from '@emm/testing';
import { parse as parseYaml } from 'yaml';

/** Every file under `dir` (none when it does not exist), relative and sorted: what a person sees in the folder tree. */
export function tree(dir: string): string[] {
  return existsSync(dir) ? filesUnder(dir) : [];
}

/** sha256 of every file under `dir`, by relative path: equal maps mean byte-identical trees. */
export function hashTree(dir: string): Record<string, string> {
  return Object.fromEntries(tree(dir).map((path) => [path, createHash('sha256').update(readFileSync(join(dir, path))).digest('hex')]));
}

export interface Note {
  /** Relative to the vault. */
  path: string;
  frontMatter: Record<string, unknown>;
  body: string;
}

export function readNote(vaultDir: string, path: string): Note {
  const text = readFileSync(join(vaultDir, path), 'utf8');
  const match = /^---\n([\s\S]*?)\n---\n?([\s\S]*)$/.exec(text);
  if (match === null) throw new Error(`${path} has no YAML front matter:\n${text.slice(0, 500)}`);
  return { path, frontMatter: parseYaml(match[1]) as Record<string, unknown>, body: match[2] };
}

/** Every Markdown note of the vault that has front matter (moved originals may be Markdown too, without it). */
export function readNotes(vaultDir: string): Note[] {
  return tree(vaultDir)
    .filter((path) => path.endsWith('.md') && readFileSync(join(vaultDir, path), 'utf8').startsWith('---\n'))
    .map((path) => readNote(vaultDir, path))
    .filter((note) => typeof note.frontMatter.jd_id === 'string');
}

/** The source kind of a note (`file`, `bookmark`, `confluence`). */
export function sourceKind(note: Note): string | undefined {
  const source = note.frontMatter.source as { kind?: unknown } | undefined;
  return typeof source?.kind === 'string' ? source.kind : undefined;
}
