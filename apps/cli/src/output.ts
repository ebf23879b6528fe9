import type { McpCallError, ToolInfo } from '@emm/mcp/client';

/** Shortens `text` to `width` characters, marking the cut. */
function fit(text: string, width: number): string {
  return text.length <= width ? text : `${text.slice(0, Math.max(0, width - 1))}…`;
}

/** Left-aligned columns; the last one is cut to `maxWidth` when given (a terminal's width). */
export function table(header: readonly string[], rows: readonly (readonly string[])[], maxWidth?: number): string {
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column].length)));
  const lead = widths.slice(0, -1).reduce((sum, width) => sum + width + 2, 0);
  const render = (row: readonly string[]): string => {
    const cells = row.map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column])));
    const line = cells.join('  ');
    return maxWidth === undefined ? line.trimEnd() : fit(line, Math.max(lead + 20, maxWidth)).trimEnd();
  };
  return [render(header), ...rows.map(render)].join('\n');
}

/** `emm tools`: one row per tool. */
export function toolTable(tools: readonly ToolInfo[], maxWidth?: number): string {
  const rows = tools.map((tool) => [
    tool.name,
    tool.title ?? '',
    tool.cache === false ? 'no' : `${tool.cache.ttlSeconds}s`,
    tool.idempotent ? 'yes' : 'no',
    tool.description.replace(/\s+/g, ' '),
  ]);
  return table(['NAME', 'TITLE', 'CACHE', 'IDEMPOTENT', 'DESCRIPTION'], rows, maxWidth);
}

/** One line a person can act on: which call, what kind of failure, why. */
export function errorLine(error: McpCallError): string {
  const kind = error.code === error.kind ? error.kind : `${error.kind}/${error.code}`;
  const attempts = error.attempts > 1 ? ` after ${error.attempts} attempts` : '';
  return `emm: ${error.service} ${error.tool} failed [${kind}]${attempts}: ${error.detail}`;
}
