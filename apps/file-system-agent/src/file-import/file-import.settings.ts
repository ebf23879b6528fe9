/**
 * Longest text the agent sends in one call: 250,000 characters are at most
 * 1,000,000 UTF-8 bytes, so a request stays under the services' default MCP
 * body limit (1 MiB) whatever the script.
 */
export const MAX_TEXT_CHARS = 250_000;

/** How the file-import workflow behaves; from the environment (see config.ts). */
export interface FileImportSettings {
  /** The agent's name: Redis key prefix of its import records. */
  agent: string;
  /** Most characters of a file's text sent to classify_content. */
  classifyMaxChars: number;
  /** Most characters of a file's text copied into its note. */
  noteMaxChars: number;
  /** Name of the ID allocated in a category that has no fitting ID. */
  newIdName: string;
}

/** Injection token of the FileImportSettings. */
export const FILE_IMPORT_SETTINGS = Symbol('FILE_IMPORT_SETTINGS');

export function fileImportSettingsFromEnv(
  env: { IMPORT_CLASSIFY_MAX_CHARS: number; IMPORT_NOTE_MAX_CHARS: number; IMPORT_NEW_ID_NAME: string },
  agent: string,
): FileImportSettings {
  return { agent, classifyMaxChars: env.IMPORT_CLASSIFY_MAX_CHARS, noteMaxChars: env.IMPORT_NOTE_MAX_CHARS, newIdName: env.IMPORT_NEW_ID_NAME };
}
