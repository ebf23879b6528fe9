import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parse as parseYaml } from 'yaml';

/** A note as the demo shows it: where it is and what the classifier said. */
export interface VaultNote {
  /** Relative to the vault. */
  path: string;
  title: string;
  jdId?: string;
  confidence?: number;
  needsReview: boolean;
  source?: string;
}

export interface VaultFolder {
  /** Relative to the vault ('' for the vault itself). */
  path: string;
  notes: VaultNote[];
  /** Originals and other files that are not notes of ours. */
  otherFiles: number;
}

/** Every folder of the vault that holds something, in path order. */
export function readVault(vaultDir: string): VaultFolder[] {
  const folders: VaultFolder[] = [];
  const walk = (dir: string): void => {
    const entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name));
    const folder: VaultFolder = { path: relative(vaultDir, dir), notes: [], otherFiles: 0 };
    for (const entry of entries) {
      if (entry.isDirectory()) continue;
      const note = entry.name.endsWith('.md') ? readNote(vaultDir, join(dir, entry.name)) : undefined;
      if (note === undefined) folder.otherFiles += 1;
      else folder.notes.push(note);
    }
    if (folder.notes.length > 0 || folder.otherFiles > 0) folders.push(folder);
    for (const entry of entries) if (entry.isDirectory() && !entry.name.startsWith('.')) walk(join(dir, entry.name));
  };
  walk(vaultDir);
  return folders;
}

/** A note written by an agent (its front matter names a source); undefined for anything else (an original, a note of the user's own). */
export function readNote(vaultDir: string, file: string): VaultNote | undefined {
  const match = /^---\r?\n([\s\S]*?)\r?\n---/.exec(readFileSync(file, 'utf8'));
  if (match === null) return undefined;
  let front: Record<string, unknown>;
  try {
    front = (parseYaml(match[1]) ?? {}) as Record<string, unknown>;
  } catch {
    return undefined;
  }
  const source = front.source as { kind?: unknown } | undefined;
  if (typeof source?.kind !== 'string') return undefined;
  return {
    path: relative(vaultDir, file),
    title: typeof front.title === 'string' ? front.title : relative(vaultDir, file),
    ...(typeof front.jd_id === 'string' && { jdId: front.jd_id }),
    ...(typeof front.confidence === 'number' && { confidence: front.confidence }),
    needsReview: front.needs_review === true,
    source: source.kind,
  };
}

/** The vault as an indented tree: areas, categories and IDs that hold something, each note with its source, JD ID and confidence. */
export function renderVaultTree(folders: readonly VaultFolder[]): string {
  const lines: string[] = [];
  const shown = new Set<string>();
  for (const folder of folders) {
    const segments = folder.path === '' ? [] : folder.path.split('/');
    segments.forEach((segment, index) => {
      const prefix = segments.slice(0, index + 1).join('/');
      if (shown.has(prefix)) return;
      shown.add(prefix);
      const last = index === segments.length - 1;
      const originals = last && folder.otherFiles > 0 ? `  (+${folder.otherFiles} original${folder.otherFiles === 1 ? '' : 's'})` : '';
      lines.push(`${'  '.repeat(index)}${segment}/${originals}`);
    });
    for (const note of folder.notes) {
      const facts = [note.source, note.jdId, note.confidence === undefined ? undefined : `confidence ${note.confidence.toFixed(2)}`].filter((fact) => fact !== undefined).join(', ');
      lines.push(`${'  '.repeat(segments.length)}- ${note.title}  [${facts}]`);
    }
  }
  return lines.join('\n');
}
