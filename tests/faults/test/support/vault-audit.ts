import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { contentHash, type InboxFile } from './inbox';
import type { RunDetail } from './run-api';
import { filesUnder } from '@emm/testing';

interface NoteFound {
  path: string;
  sourceId: string;
  original: unknown;
}

/** A note's YAML front matter, or undefined for a file without one (an original Markdown file). */
function frontMatterOf(text: string): Record<string, unknown> | undefined {
  const match = /^---\n([\s\S]*?)\n---\n/.exec(text);
  if (match === null) return undefined;
  const parsed: unknown = parseYaml(match[1]);
  return parsed !== null && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : undefined;
}

/**
 * What a person would find wrong after a file-import run over `files`, as
 * readable lines (empty: nothing wrong):
 * - no lost item: every file has one outcome in the run, and is a note or a failed item;
 * - no duplicate note: one note per source (`source.id`), as many notes as files filed;
 * - nothing half-moved: each original lies once in the vault, next to the note naming it,
 *   and UNSORTED keeps only the files that failed;
 * - the run's counts agree with its items and with the vault.
 */
export function importProblems(vaultDir: string, unsortedDir: string, files: readonly InboxFile[], run: RunDetail): string[] {
  const problems: string[] = [];
  const byHash = new Map(files.map((file) => [file.hash, file]));

  // The run: one final outcome per file, counts that add up.
  if (!['completed', 'completed_with_errors'].includes(run.state)) problems.push(`run ended ${run.state}${run.error === undefined ? '' : `: ${run.error}`}`);
  const tally = { done: 0, failed: 0, skipped: 0, needs_review: 0, pending: 0 } as Record<string, number>;
  for (const item of run.items) tally[item.status] = (tally[item.status] ?? 0) + 1;
  const { counts } = run;
  const expectedCounts = { total: files.length, pending: 0, done: tally.done, failed: tally.failed, skipped: tally.skipped, needsReview: tally.needs_review };
  if (JSON.stringify(counts) !== JSON.stringify(expectedCounts)) problems.push(`run counts ${JSON.stringify(counts)} but its items make ${JSON.stringify(expectedCounts)}`);
  const itemsByLabel = new Map<string, RunDetail['items']>();
  for (const item of run.items) itemsByLabel.set(item.label, [...(itemsByLabel.get(item.label) ?? []), item]);
  for (const file of files) {
    const outcomes = itemsByLabel.get(file.path) ?? [];
    if (outcomes.length !== 1) problems.push(`${file.path}: ${outcomes.length} outcomes in the run`);
  }
  if (run.items.length !== files.length) problems.push(`run has ${run.items.length} items for ${files.length} files`);

  // The vault: notes of these sources, and the originals.
  const notes: NoteFound[] = [];
  const copies = new Map<string, string[]>();
  for (const path of filesUnder(vaultDir)) {
    const bytes = readFileSync(join(vaultDir, path));
    const hash = contentHash(bytes);
    if (byHash.has(hash)) copies.set(hash, [...(copies.get(hash) ?? []), path]);
    if (!path.endsWith('.md')) continue;
    const frontMatter = frontMatterOf(bytes.toString('utf8'));
    const source = frontMatter?.source as { kind?: string; id?: string } | undefined;
    if (source?.kind === 'file' && source.id !== undefined && byHash.has(source.id)) notes.push({ path, sourceId: source.id, original: frontMatter?.original });
  }
  const notesBySource = new Map<string, NoteFound[]>();
  for (const note of notes) notesBySource.set(note.sourceId, [...(notesBySource.get(note.sourceId) ?? []), note]);

  const leftInUnsorted = new Set(filesUnder(unsortedDir).map((path) => contentHash(readFileSync(join(unsortedDir, path)))));
  let filed = 0;
  for (const file of files) {
    const [item] = itemsByLabel.get(file.path) ?? [];
    const fileNotes = notesBySource.get(file.hash) ?? [];
    const fileCopies = copies.get(file.hash) ?? [];
    if (fileNotes.length > 1) problems.push(`${file.path}: ${fileNotes.length} notes (${fileNotes.map((note) => note.path).join(', ')})`);
    if (fileCopies.length > 1) problems.push(`${file.path}: ${fileCopies.length} copies in the vault (${fileCopies.join(', ')})`);
    if (item?.status === 'failed') {
      if (item.error === undefined || item.error === '') problems.push(`${file.path}: failed without a reason`);
      if (fileNotes.length > 0 || fileCopies.length > 0) problems.push(`${file.path}: failed (${item.error}), yet has a note or a moved original`);
      if (!leftInUnsorted.has(file.hash)) problems.push(`${file.path}: failed (${item.error}), yet is gone from UNSORTED`);
      continue;
    }
    filed += 1;
    const [note] = fileNotes;
    if (note === undefined) {
      problems.push(`${file.path}: no note (item ${item?.status ?? 'missing'})`);
      continue;
    }
    if (item !== undefined && item.notePath !== note.path) problems.push(`${file.path}: the run says its note is ${item.notePath}, the vault has ${note.path}`);
    if (typeof note.original !== 'string' || !fileCopies.includes(note.original)) {
      problems.push(`${file.path}: its note ${note.path} names original ${String(note.original)}, which is not the file in the vault (${fileCopies.join(', ') || 'none'})`);
    }
    if (leftInUnsorted.has(file.hash)) problems.push(`${file.path}: has a note and is still in UNSORTED`);
  }
  for (const [hash, paths] of copies) {
    if ((notesBySource.get(hash) ?? []).length === 0) problems.push(`${paths.join(', ')}: an original in the vault without a note`);
  }
  if (notes.length !== filed) problems.push(`${notes.length} notes for ${filed} files filed`);
  return problems;
}
