import { readFile } from 'node:fs/promises';
import { parseRunInput, UsageError } from '../command-line';

/** The bookmark-import input fields that say where the export is; --file is one of them. */
const EXPORT_SOURCES = ['content', 'path', 'urls'];

function fileProblem(error: unknown): string {
  const code = (error as { code?: unknown }).code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EISDIR') return 'it is a folder';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  return error instanceof Error ? error.message : String(error);
}

/**
 * The input of `emm run`: the JSON object given (`-`: read from stdin), with
 * the --file bookmark export as its `content` — uploaded with the request, so
 * the agent needs no access to the file.
 */
export async function buildRunInput(given: string, file: string | undefined, readStdin: () => Promise<string>): Promise<Record<string, unknown>> {
  const input = parseRunInput(given === '-' ? await readStdin() : given);
  if (file === undefined) return input;
  const clashing = EXPORT_SOURCES.filter((field) => Object.hasOwn(input, field));
  if (clashing.length > 0) throw new UsageError(`--file is the export already: leave ${clashing.join(', ')} out of the input`);
  try {
    return { ...input, content: await readFile(file, 'utf8') };
  } catch (error) {
    throw new UsageError(`cannot read --file ${file}: ${fileProblem(error)}`);
  }
}
