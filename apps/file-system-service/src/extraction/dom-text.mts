/**
 * Readable text from a DOM tree, with the Markdown marks that carry meaning
 * for people and classifiers alike: headings, list items, emphasis, code
 * blocks, table rows. One linear walk, so a 200 KB page takes milliseconds
 * (HTML-to-Markdown converters that rebuild the tree take hundreds).
 * Erasable TypeScript in an ES module, like the rest of the worker's code.
 */

/** The parts of a DOM node the walk reads (linkedom's nodes, or any DOM). */
export interface DomNode {
  nodeType: number;
  nodeName: string;
  textContent: string | null;
  childNodes: ArrayLike<DomNode>;
  getAttribute?(name: string): string | null;
}

const TEXT_NODE = 3;
const ELEMENT_NODE = 1;
const SKIPPED = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'IFRAME', 'SVG', 'HEAD', 'CANVAS', 'OBJECT', 'BUTTON', 'SELECT', 'INPUT', 'TEXTAREA']);
const BLOCKS = new Set([
  'ADDRESS', 'ARTICLE', 'ASIDE', 'BLOCKQUOTE', 'BODY', 'DD', 'DETAILS', 'DIV', 'DL', 'DT', 'FIELDSET', 'FIGCAPTION', 'FIGURE', 'FOOTER', 'FORM',
  'HEADER', 'HR', 'HTML', 'MAIN', 'NAV', 'OL', 'P', 'SECTION', 'SUMMARY', 'TABLE', 'TBODY', 'TFOOT', 'THEAD', 'UL',
]);
const ROW_GROUPS = new Set(['THEAD', 'TBODY', 'TFOOT']);
const HEADINGS: Record<string, string> = { H1: '#', H2: '##', H3: '###', H4: '####', H5: '#####', H6: '######' };
const EMPHASIS: Record<string, string> = { STRONG: '**', B: '**', EM: '*', I: '*' };

/** A table being walked: a separator row follows its first row, so Markdown readers (Obsidian) show a table. */
interface TableState {
  rows: number;
}

export function domToText(root: DomNode): string {
  const out: string[] = [];
  walk(root, out, false, undefined);
  return out
    .join('')
    .replace(/[ \t]*\n[ \t]*/g, '\n')
    .replace(/ {2,}/g, ' ')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** `inCell`: inside a table cell, where blocks flow inline so a row stays one line. */
function walk(node: DomNode, out: string[], inCell: boolean, table: TableState | undefined): void {
  if (node.nodeType === TEXT_NODE) {
    out.push((node.textContent ?? '').replace(/\s+/g, ' '));
    return;
  }
  if (node.nodeType !== ELEMENT_NODE && node.nodeType !== 9 && node.nodeType !== 11) return;
  const name = node.nodeName.toUpperCase();
  if (SKIPPED.has(name)) return;
  if (name === 'BR') {
    out.push(inCell ? ' ' : '\n');
    return;
  }
  if (name === 'PRE') {
    out.push(`\n\n\`\`\`\n${(node.textContent ?? '').replace(/\n+$/, '')}\n\`\`\`\n\n`);
    return;
  }
  const cell = name === 'TD' || name === 'TH';
  const heading = inCell ? undefined : HEADINGS[name];
  // Row groups are no paragraphs: a blank line inside a table would end it.
  const block = !inCell && BLOCKS.has(name) && !(table !== undefined && ROW_GROUPS.has(name));
  const emphasis = EMPHASIS[name];
  if (heading !== undefined) out.push(`\n\n${heading} `);
  else if (name === 'LI' && !inCell) out.push(`\n${listMarker(node)}`);
  else if (name === 'TR') out.push('\n|');
  else if (cell) out.push(' ');
  else if (block) out.push('\n\n');
  else if (inCell && BLOCKS.has(name)) out.push(' ');
  const innerTable = name === 'TABLE' && !inCell ? { rows: 0 } : table;
  const children = node.childNodes;
  if (emphasis !== undefined) {
    const inner: string[] = [];
    for (let i = 0; i < children.length; i += 1) walk(children[i], inner, inCell || cell, innerTable);
    out.push(emphasize(inner.join(''), emphasis));
  } else {
    for (let i = 0; i < children.length; i += 1) walk(children[i], out, inCell || cell, innerTable);
  }
  if (cell) out.push(' |');
  else if (name === 'TR' && table !== undefined && table.rows++ === 0) out.push(`\n|${' --- |'.repeat(Math.max(1, countCells(node)))}`);
  else if (heading !== undefined || block) out.push('\n\n');
}

/**
 * `**text**` with the marks hugging the text: Markdown does not read
 * `**Label: **value` as bold, so spaces inside the run move outside it;
 * `****` around nothing is noise and is dropped.
 */
function emphasize(text: string, mark: string): string {
  const core = text.trim();
  if (core === '') return text;
  const lead = /^\s*/.exec(text)?.[0] ?? '';
  const trail = /\s*$/.exec(text)?.[0] ?? '';
  return `${lead}${mark}${core}${mark}${trail}`;
}

function countCells(row: DomNode): number {
  let cells = 0;
  for (let i = 0; i < row.childNodes.length; i += 1) {
    const child = row.childNodes[i].nodeName.toUpperCase();
    if (child === 'TD' || child === 'TH') cells += 1;
  }
  return cells;
}

/** `- ` in unordered lists, `3. ` for the third item of an ordered one. */
function listMarker(item: DomNode & { parentNode?: DomNode | null }): string {
  const parent = item.parentNode;
  if (parent?.nodeName.toUpperCase() !== 'OL') return '- ';
  const start = Number(parent.getAttribute?.('start') ?? '1') || 1;
  let index = 0;
  const siblings = parent.childNodes;
  for (let i = 0; i < siblings.length && siblings[i] !== item; i += 1) if (siblings[i].nodeName.toUpperCase() === 'LI') index += 1;
  return `${start + index}. `;
}
