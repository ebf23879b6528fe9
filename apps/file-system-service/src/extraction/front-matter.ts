import { parse, stringify } from 'yaml';

export interface SplitNote {
  /** The YAML mapping between the `---` fences; undefined when there is none or it does not parse. */
  frontMatter?: Record<string, unknown>;
  /** Why the front matter could not be read, when it is there but broken. */
  error?: string;
  /** Everything after the closing fence (the whole text when there is no front matter). */
  body: string;
}

const OPENING = /^---[ \t]*\r?\n/;
const CLOSING = /^(?:---|\.\.\.)[ \t]*(?:\r?\n|$)/m;

/** Splits a Markdown document into its YAML front matter and its body. */
export function splitFrontMatter(markdown: string): SplitNote {
  const text = markdown.startsWith('\uFEFF') ? markdown.slice(1) : markdown;
  const opening = OPENING.exec(text);
  if (opening === null) return { body: text };
  const rest = text.slice(opening[0].length);
  const closing = CLOSING.exec(rest);
  if (closing === null) return { body: text, error: 'front matter has no closing --- line' };
  const yaml = rest.slice(0, closing.index);
  const body = rest.slice(closing.index + closing[0].length);
  try {
    // maxAliasCount guards against alias bombs ("billion laughs") in files we did not write.
    const value: unknown = yaml.trim() === '' ? {} : parse(yaml, { maxAliasCount: 100, prettyErrors: false });
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return { body, error: 'front matter is not a YAML mapping' };
    return { frontMatter: value as Record<string, unknown>, body };
  } catch (error) {
    return { body, error: `front matter is not valid YAML: ${firstLine(error instanceof Error ? error.message : String(error))}` };
  }
}

/** A note as it is stored: YAML front matter between fences, then the body, ending with a newline. */
export function renderNote(frontMatter: Record<string, unknown>, body: string): string {
  const yaml = Object.keys(frontMatter).length === 0 ? '' : stringify(frontMatter, { lineWidth: 0, aliasDuplicateObjects: false });
  const text = body.replace(/\r\n/g, '\n');
  return `---\n${yaml}---\n${text.endsWith('\n') || text === '' ? text : `${text}\n`}`;
}

function firstLine(text: string): string {
  return text.split('\n')[0].trim();
}
