import type { FileKind } from './file-item';

// CSV and JSON files are data, not prose: their first line is a header or a
// brace, which makes a poor title and summary. Their note is named after the
// file and summarised from the shape read_file reports.

type Metadata = Record<string, string | number | boolean | null>;

export function isDataFile(kind: FileKind): boolean {
  return kind === 'csv' || kind === 'json';
}

/** The file name without its extension: "contacts.csv" → "contacts". */
export function fileStem(name: string): string {
  return name.replace(/\.[^.]+$/, '').trim() || name;
}

/** One sentence on the data's shape, or undefined when read_file said nothing about it. */
export function dataSummary(kind: FileKind, metadata: Metadata): string | undefined {
  if (metadata.valid === false) return `Not valid ${kind.toUpperCase()}${typeof metadata.error === 'string' ? ` (${metadata.error})` : ''}.`;
  if (kind === 'csv' && typeof metadata.rows === 'number' && typeof metadata.columns === 'number') {
    const header = typeof metadata.header === 'string' && metadata.header !== '' ? `: ${metadata.header}` : '';
    return `A table of ${count(metadata.rows, 'row')} (header included) and ${count(metadata.columns, 'column')}${header}.`;
  }
  if (kind === 'json') {
    if (metadata.topLevel === 'array' && typeof metadata.items === 'number') return `A JSON array of ${count(metadata.items, 'item')}.`;
    if (metadata.topLevel === 'object' && typeof metadata.keys === 'number') return `A JSON object with ${count(metadata.keys, 'key')}.`;
  }
  return undefined;
}

function count(value: number, noun: string): string {
  return `${value} ${noun}${value === 1 ? '' : 's'}`;
}
