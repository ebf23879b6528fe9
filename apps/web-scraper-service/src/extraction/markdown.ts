import { isText } from 'domhandler';
import { type AnyNode, attr, type Element, elementChildren, elementsByTag, isElement, textOf } from './dom';

export interface RenderedContent {
  /** CommonMark with GitHub tables and strikethrough. */
  markdown: string;
  /** The same content as plain text: blocks separated by blank lines, no markup. */
  text: string;
}

/** One piece of content in both renderings; rendering both in one walk halves the work. */
interface Piece {
  md: string;
  tx: string;
}

const EMPTY: Piece = { md: '', tx: '' };

const BLOCK_ELEMENTS = new Set([
  'address', 'article', 'aside', 'blockquote', 'body', 'center', 'dd', 'details', 'dialog', 'dir', 'div', 'dl', 'dt',
  'fieldset', 'figcaption', 'figure', 'footer', 'form', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'hgroup', 'hr',
  'li', 'main', 'menu', 'nav', 'ol', 'p', 'pre', 'section', 'summary', 'table', 'tbody', 'td', 'tfoot', 'th', 'thead',
  'tr', 'ul', 'caption', 'html',
]);
const SKIPPED = new Set(['script', 'style', 'noscript', 'template', 'head', 'title', 'meta', 'link', 'button', 'input', 'select', 'textarea', 'svg', 'canvas', 'iframe', 'object', 'embed']);
const LANGUAGE_CLASS = /(?:^|\s)(?:language|lang|highlight-source|brush)[-:]\s*([\w+#.-]+)/i;

/** HTML content (an extracted article) as Markdown and as plain text; links and images made absolute against `baseUrl`. */
export function renderContent(root: Element, baseUrl: URL): RenderedContent {
  const blocks = new Renderer(baseUrl).blocks(root);
  const join = (parts: string[]) =>
    parts
      .filter(Boolean)
      .join('\n\n')
      .replace(/\n{3,}/g, '\n\n')
      .trim();
  return { markdown: join(blocks.map((block) => block.md)), text: join(blocks.map((block) => block.tx)) };
}

class Renderer {
  constructor(private readonly baseUrl: URL) {}

  /** The blocks a container holds: runs of inline content become paragraphs, block children render themselves. */
  blocks(container: Element): Piece[] {
    const out: Piece[] = [];
    let md = '';
    let tx = '';
    const flush = () => {
      const paragraph = this.paragraph({ md, tx });
      if (paragraph.md || paragraph.tx) out.push(paragraph);
      md = tx = '';
    };
    for (const child of container.children) {
      if (isElement(child) && SKIPPED.has(child.name)) continue;
      // Inline wrappers around blocks (<font><p>…</p></font>, <a><div>…</div></a>) are containers too.
      if (isElement(child) && (BLOCK_ELEMENTS.has(child.name) || containsBlock(child))) {
        flush();
        out.push(...this.block(child));
      } else {
        const piece = this.inline(child);
        md += piece.md;
        tx += piece.tx;
      }
    }
    flush();
    return out;
  }

  private block(element: Element): Piece[] {
    switch (element.name) {
      case 'h1':
      case 'h2':
      case 'h3':
      case 'h4':
      case 'h5':
      case 'h6': {
        const { md, tx } = this.paragraph(this.inline(element), false);
        const oneLine = (text: string) => text.replace(/\s*\n\s*/g, ' ');
        return md ? [{ md: `${'#'.repeat(Number(element.name[1]))} ${oneLine(md)}`, tx: oneLine(tx) }] : [];
      }
      case 'ul':
      case 'ol':
      case 'menu':
      case 'dir':
        return this.list(element);
      case 'blockquote': {
        const inner = this.blocks(element);
        const md = inner.map((block) => block.md).filter(Boolean).join('\n\n');
        if (!md) return [];
        return [{ md: md.split('\n').map((line) => (line ? `> ${line}` : '>')).join('\n'), tx: inner.map((block) => block.tx).filter(Boolean).join('\n\n') }];
      }
      case 'pre':
        return this.codeBlock(element);
      case 'hr':
        return [{ md: '---', tx: '' }];
      case 'table':
        return this.table(element);
      case 'dt': {
        const term = this.paragraph(this.inline(element));
        return term.md ? [{ md: `**${term.md}**`, tx: term.tx }] : [];
      }
      default:
        return this.blocks(element);
    }
  }

  private list(list: Element): Piece[] {
    const ordered = list.name === 'ol';
    let number = Number(attr(list, 'start') ?? '1');
    if (!Number.isFinite(number)) number = 1;
    const md: string[] = [];
    const tx: string[] = [];
    for (const item of elementChildren(list)) {
      const content = item.name === 'li' ? this.blocks(item) : this.block(item);
      const itemMd = content.map((block) => block.md).filter(Boolean).join('\n');
      if (!itemMd.trim()) continue;
      const marker = ordered ? `${number}. ` : '- ';
      number++;
      const indent = ' '.repeat(marker.length);
      md.push(marker + itemMd.split('\n').map((line, i) => (i === 0 || !line ? line : indent + line)).join('\n'));
      const itemTx = content.map((block) => block.tx).filter(Boolean).join('\n');
      if (itemTx) tx.push(itemTx);
    }
    return md.length ? [{ md: md.join('\n'), tx: tx.join('\n') }] : [];
  }

  private codeBlock(pre: Element): Piece[] {
    const code = textOf(pre).replace(/^\n/, '').replace(/\s+$/, '');
    if (!code) return [];
    const codeChild = elementChildren(pre).find((child) => child.name === 'code');
    // GitHub and Sphinx put the language on a wrapper (<div class="highlight-source-shell"><pre>).
    const wrapperClass = isElement(pre.parent) ? (attr(pre.parent, 'class') ?? '') : '';
    const classes = `${codeChild ? (attr(codeChild, 'class') ?? '') : ''} ${attr(pre, 'class') ?? ''} ${wrapperClass}`;
    const language = LANGUAGE_CLASS.exec(classes)?.[1] ?? '';
    const fence = '`'.repeat(Math.max(3, longestRun(code, '`') + 1));
    return [{ md: `${fence}${language.toLowerCase()}\n${code}\n${fence}`, tx: code }];
  }

  private table(table: Element): Piece[] {
    const rows = tableRows(table);
    const width = Math.max(0, ...rows.map((row) => row.length));
    const captionElement = elementChildren(table).find((child) => child.name === 'caption');
    const caption = captionElement ? [this.paragraph(this.inline(captionElement))] : [];
    // One column or nested tables: a layout table, whose cells are ordinary content.
    if (width < 2 || elementsByTag(table, 'table').length > 0) return [...caption, ...rows.flat().flatMap((cell) => this.blocks(cell))];
    const cells = rows.map((row) => {
      const pieces = row.map((cell) => {
        const { md, tx } = this.paragraph(this.inline(cell));
        return { md: md.replace(/\s*\n\s*/g, ' ').replace(/\|/g, '\\|'), tx: tx.replace(/\s*\n\s*/g, ' ') };
      });
      while (pieces.length < width) pieces.push(EMPTY);
      return pieces;
    });
    const line = (row: Piece[]) => `| ${row.map((cell) => cell.md).join(' | ')} |`;
    const [header, ...body] = cells;
    const md = [line(header), `| ${Array(width).fill('---').join(' | ')} |`, ...body.map(line)].join('\n');
    const tx = cells.map((row) => row.map((cell) => cell.tx).join('\t')).join('\n');
    return [...caption, { md, tx }];
  }

  /** Inline content of one node, whitespace collapsed; a hard line break is a bare "\n" until `paragraph` formats it. */
  private inline(node: AnyNode): Piece {
    if (isText(node)) {
      const text = node.data.replace(/\s+/g, ' ');
      return { md: escapeMarkdown(text), tx: text };
    }
    if (!isElement(node) || SKIPPED.has(node.name)) return EMPTY;
    switch (node.name) {
      case 'br':
        return { md: '\n', tx: '\n' };
      case 'img':
        return { md: this.image(node), tx: '' };
      case 'a': {
        const inner = this.children(node);
        if (!inner.tx.trim() && !inner.md.trim()) return inner;
        const href = this.resolve(attr(node, 'href'), true);
        return href ? { md: wrap(inner.md, (core) => `[${core}](${href})`), tx: inner.tx } : inner;
      }
      case 'strong':
      case 'b':
        return this.marked(node, '**');
      case 'em':
      case 'i':
      case 'cite':
      case 'dfn':
        return this.marked(node, '*');
      case 'del':
      case 's':
      case 'strike':
        return this.marked(node, '~~');
      case 'code':
      case 'kbd':
      case 'samp':
      case 'tt': {
        const code = textOf(node).replace(/\s+/g, ' ');
        if (!code.trim()) return { md: code, tx: code };
        const ticks = '`'.repeat(longestRun(code, '`') + 1);
        const pad = code.startsWith('`') || code.endsWith('`') ? ' ' : '';
        return { md: `${ticks}${pad}${code}${pad}${ticks}`, tx: code };
      }
      default: {
        const inner = this.children(node);
        // A block inside inline content (a div in a link, say) still separates words.
        return BLOCK_ELEMENTS.has(node.name) ? { md: ` ${inner.md} `, tx: ` ${inner.tx} ` } : inner;
      }
    }
  }

  private children(element: Element): Piece {
    let md = '';
    let tx = '';
    for (const child of element.children) {
      const piece = this.inline(child);
      md += piece.md;
      tx += piece.tx;
    }
    return { md, tx };
  }

  private marked(element: Element, marker: string): Piece {
    const inner = this.children(element);
    return { md: wrap(inner.md, (core) => `${marker}${core}${marker}`), tx: inner.tx };
  }

  private image(img: Element): string {
    const source = attr(img, 'src') ?? attr(img, 'data-src') ?? attr(img, 'data-original') ?? attr(img, 'srcset')?.trim().split(/\s+/)[0];
    const src = this.resolve(source, false);
    if (!src) return '';
    const alt = (attr(img, 'alt') ?? '').replace(/\s+/g, ' ').trim().replace(/[[\]\\]/g, '\\$&');
    return `![${alt}](${src})`;
  }

  /** An absolute http(s) URL for Markdown, or undefined for in-page anchors, scripts, data URLs and garbage. */
  private resolve(href: string | undefined, allowMailto: boolean): string | undefined {
    const trimmed = href?.trim();
    if (!trimmed || trimmed.startsWith('#')) return undefined;
    const url = URL.parse(trimmed, this.baseUrl.href);
    if (!url) return undefined;
    if (url.protocol !== 'http:' && url.protocol !== 'https:' && !(allowMailto && url.protocol === 'mailto:')) return undefined;
    return url.href.replace(/[()\s]/g, (ch) => encodeURIComponent(ch));
  }

  /** Trims a run of inline content into a paragraph, turning "\n" into hard breaks and guarding line starts that Markdown would misread. */
  private paragraph(piece: Piece, guardLineStarts = true): Piece {
    const md = lines(piece.md);
    return { md: (guardLineStarts ? md.map(escapeLineStart) : md).join('  \n'), tx: lines(piece.tx).join('\n') };
  }
}

/** The lines of a run of inline content, trimmed, without leading or trailing empty ones. */
function lines(inline: string): string[] {
  const out = inline.split('\n').map((line) => line.replace(/ {2,}/g, ' ').trim());
  while (out.length && out[0] === '') out.shift();
  while (out.length && out[out.length - 1] === '') out.pop();
  return out;
}

function containsBlock(element: Element): boolean {
  return element.children.some((child) => isElement(child) && (BLOCK_ELEMENTS.has(child.name) || containsBlock(child)));
}

function tableRows(table: Element): Element[][] {
  const rows: Element[][] = [];
  const collect = (parent: Element) => {
    for (const child of elementChildren(parent)) {
      if (child.name === 'tr') rows.push(elementChildren(child).filter((cell) => cell.name === 'td' || cell.name === 'th'));
      else if (child.name === 'thead' || child.name === 'tbody' || child.name === 'tfoot') collect(child);
    }
  };
  collect(table);
  return rows.filter((row) => row.length > 0);
}

function longestRun(text: string, char: string): number {
  let longest = 0;
  let run = 0;
  for (const ch of text) {
    run = ch === char ? run + 1 : 0;
    if (run > longest) longest = run;
  }
  return longest;
}

/** Wraps the non-space core of `text` with markup, leaving the surrounding spaces outside (`** x **` is not bold). */
function wrap(text: string, markup: (core: string) => string): string {
  const start = text.length - text.trimStart().length;
  const end = text.trimEnd().length;
  if (end <= start) return text;
  return `${text.slice(0, start)}${markup(text.slice(start, end))}${text.slice(end)}`;
}

function escapeMarkdown(text: string): string {
  return text.replace(/[\\*_`[\]<]/g, '\\$&');
}

/** Text that happens to start like a heading, quote, list item or rule must not become one. */
function escapeLineStart(line: string): string {
  return line.replace(/^(#{1,6} |>|[-+] |=+$|-{3,}$)/, '\\$1').replace(/^(\d+)([.)] )/, '$1\\$2');
}
