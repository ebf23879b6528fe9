import { isCDATA, isText } from 'domhandler';
import type { ConversionContext, LinkedPage, UserRef } from './conversion-types';
import { emoticonText } from './emoticons';
import { isBlockMacro, renderMacroBlocks, renderMacroInline } from './macros';
import {
  collapseWhitespace,
  escapeLineStarts,
  escapeText,
  fencedCode,
  HARD_BREAK,
  indentContinuation,
  inlineCode,
  linkDestination,
  linkText,
  prefixLines,
  wrapInline,
} from './markdown-syntax';
import { attribute, type ChildNode, childElements, type Element, firstChild, isTag, textContent } from './storage-dom';

export type BlockKind = 'paragraph' | 'heading' | 'list' | 'code' | 'quote' | 'callout' | 'table' | 'rule';

/** One Markdown block: blocks are separated by a blank line, except where lists nest. */
export interface Block {
  kind: BlockKind;
  text: string;
}

/** Elements that start a block of their own; everything else flows inline within a paragraph. */
const BLOCK_ELEMENTS = new Set([
  'p', 'div', 'section', 'article', 'header', 'footer', 'main', 'aside', 'nav', 'figure', 'center', 'address',
  'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'ul', 'ol', 'li', 'dl', 'dt', 'dd', 'table', 'thead', 'tbody', 'tfoot', 'tr',
  'blockquote', 'pre', 'hr',
  'ac:task-list', 'ac:layout', 'ac:layout-section', 'ac:layout-cell', 'ac:rich-text-body', 'ac:adf-extension', 'ac:adf-content',
]);

/** Containers whose own tag means nothing in Markdown: their content stands in their place. */
const TRANSPARENT_BLOCKS = new Set([
  'p', 'div', 'section', 'article', 'header', 'footer', 'main', 'aside', 'nav', 'figure', 'center', 'address', 'li', 'dl', 'dt', 'dd',
  'thead', 'tbody', 'tfoot', 'tr', 'ac:layout', 'ac:layout-section', 'ac:layout-cell', 'ac:rich-text-body', 'ac:adf-content',
]);

const MARKDOWN_BREAK = '  \n';
const TABLE_BREAK = '<br>';
const REPEATED_SPACES = / {2,}/g;
const SPACED_BREAK = new RegExp(` ?${HARD_BREAK} ?`, 'g');

/** Trims spaces and hard breaks from both ends (a loop: a regex anchored at the end rescans long text). */
function trimSpacesAndBreaks(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && (text[start] === ' ' || text[start] === HARD_BREAK)) start++;
  while (end > start && (text[end - 1] === ' ' || text[end - 1] === HARD_BREAK)) end--;
  return start === 0 && end === text.length ? text : text.slice(start, end);
}

/** Joins blocks with blank lines: the body of a document, a callout or a quote. */
export function joinBlocks(blocks: readonly Block[]): string {
  return blocks.map((block) => block.text).join('\n\n');
}

/**
 * Walks a storage-format DOM and writes Markdown. Holds what the conversion
 * learns on the way (linked pages, unknown macros) for the caller.
 */
export class StorageRenderer {
  readonly linkedPages: LinkedPage[] = [];
  readonly unknownMacros = new Set<string>();
  /** Inside a table cell, where a block cannot span lines. */
  private inTable = false;
  private readonly attachmentUrls: Map<string, string>;

  constructor(private readonly context: ConversionContext) {
    this.attachmentUrls = new Map((context.attachments ?? []).map((a) => [a.filename, a.downloadUrl]));
  }

  // ---- blocks -------------------------------------------------------------

  blocks(nodes: readonly ChildNode[]): Block[] {
    const out: Block[] = [];
    let run: ChildNode[] = [];
    const flush = (): void => {
      const paragraph = this.paragraph(run);
      if (paragraph) out.push(paragraph);
      run = [];
    };
    for (const node of nodes) {
      if (isTag(node) && this.isBlock(node)) {
        flush();
        out.push(...this.block(node));
      } else {
        run.push(node);
      }
    }
    flush();
    return out;
  }

  isBlock(element: Element): boolean {
    if (element.name === 'ac:structured-macro' || element.name === 'ac:macro') return isBlockMacro(element);
    return BLOCK_ELEMENTS.has(element.name);
  }

  private block(element: Element): Block[] {
    const { name } = element;
    if (TRANSPARENT_BLOCKS.has(name)) return this.blocks(element.children);
    if (/^h[1-6]$/.test(name)) return this.heading(element, Number(name[1]));
    switch (name) {
      case 'ul':
      case 'ol':
        return this.list(element);
      case 'table':
        return this.table(element);
      case 'blockquote':
        return this.quote(this.blocks(element.children));
      case 'pre':
        return [this.codeBlock(textContent(element))];
      case 'hr':
        return this.inTable ? [] : [{ kind: 'rule', text: '---' }];
      case 'ac:task-list':
        return this.taskList(element);
      case 'ac:structured-macro':
      case 'ac:macro':
      case 'ac:adf-extension':
        return renderMacroBlocks(this, element);
      default:
        return this.blocks(element.children);
    }
  }

  paragraph(nodes: readonly ChildNode[]): Block | undefined {
    const text = this.finishInline(this.inline(nodes));
    return text === '' ? undefined : { kind: 'paragraph', text: escapeLineStarts(text) };
  }

  private heading(element: Element, level: number): Block[] {
    const text = this.finishInline(this.inline(element.children), ' ');
    if (text === '') return [];
    if (this.inTable) return [{ kind: 'paragraph', text: wrapInline(text, '**') }];
    return [{ kind: 'heading', text: `${'#'.repeat(level)} ${text}` }];
  }

  codeBlock(code: string, language = ''): Block {
    if (this.inTable) return { kind: 'paragraph', text: inlineCode(code) };
    return { kind: 'code', text: fencedCode(code, language) };
  }

  quote(blocks: readonly Block[]): Block[] {
    const body = joinBlocks(blocks);
    return body === '' ? [] : [{ kind: 'quote', text: prefixLines(body, '> ') }];
  }

  /** An Obsidian callout: `> [!info] Title` followed by the quoted body. `foldable` starts it collapsed. */
  callout(type: string, title: string | undefined, blocks: readonly Block[], foldable = false): Block[] {
    const heading = `[!${type}]${foldable ? '-' : ''}${title ? ` ${escapeText(collapseWhitespace(title).trim())}` : ''}`;
    const body = joinBlocks(blocks);
    if (this.inTable) return [{ kind: 'paragraph', text: `**${type}${title ? `: ${escapeText(title)}` : ''}**${body ? ` ${body}` : ''}` }];
    return [{ kind: 'callout', text: prefixLines(body ? `${heading}\n${body}` : heading, '> ') }];
  }

  private list(element: Element): Block[] {
    const ordered = element.name === 'ol';
    let number = ordered ? Number(attribute(element, 'start') ?? '1') || 1 : 0;
    const items: Array<{ marker: string; blocks: Block[] }> = [];
    for (const child of element.children) {
      if (isTag(child) && (child.name === 'ul' || child.name === 'ol') && items.length > 0) {
        // Old editors nest a list directly in a list: it belongs to the item before it.
        items[items.length - 1].blocks.push(...this.list(child));
        continue;
      }
      const content = isTag(child) && child.name === 'li' ? this.blocks(child.children) : this.blocks([child]);
      if (content.length === 0 && !(isTag(child) && child.name === 'li')) continue;
      items.push({ marker: ordered ? `${number++}. ` : '- ', blocks: content });
    }
    return items.length === 0 ? [] : [{ kind: 'list', text: items.map((item) => listItem(item.marker, item.blocks)).join('\n') }];
  }

  private taskList(element: Element): Block[] {
    const items: string[] = [];
    for (const task of childElements(element, 'ac:task')) {
      const status = textContent(firstChild(task, 'ac:task-status') ?? task).trim();
      const body = firstChild(task, 'ac:task-body');
      const blocks = [...(body ? this.blocks(body.children) : []), ...childElements(task, 'ac:task-list').flatMap((nested) => this.taskList(nested))];
      const checkbox = status === 'complete' ? '[x]' : '[ ]';
      const [first, ...rest] = blocks;
      const head: Block[] = first?.kind === 'paragraph' ? [{ kind: 'paragraph', text: `${checkbox} ${first.text}` }, ...rest] : [{ kind: 'paragraph', text: checkbox }, ...blocks];
      items.push(listItem('- ', head));
    }
    return items.length === 0 ? [] : [{ kind: 'list', text: items.join('\n') }];
  }

  private table(element: Element): Block[] {
    const rows = tableRows(element);
    const wasInTable = this.inTable;
    this.inTable = true;
    const matrix = rows.map((row) =>
      childElements(row).filter((cell) => cell.name === 'td' || cell.name === 'th').flatMap((cell) => {
        const span = Math.max(1, Math.min(50, Number(attribute(cell, 'colspan') ?? '1') || 1));
        return [this.cellText(cell), ...Array<string>(span - 1).fill('')];
      }),
    );
    this.inTable = wasInTable;
    const width = Math.max(0, ...matrix.map((row) => row.length));
    if (width === 0) return [];
    const line = (cells: string[]): string => `| ${[...cells, ...Array<string>(width - cells.length).fill('')].join(' | ')} |`;
    const [header, ...body] = matrix;
    const text = [line(header), `| ${Array<string>(width).fill('---').join(' | ')} |`, ...body.map(line)].join('\n');
    if (wasInTable) return [{ kind: 'paragraph', text: text.replace(/\n/g, TABLE_BREAK) }];
    return [{ kind: 'table', text }];
  }

  private cellText(cell: Element): string {
    return joinBlocks(this.blocks(cell.children))
      .replace(/\n\n/g, TABLE_BREAK + TABLE_BREAK)
      .replace(/\n/g, TABLE_BREAK)
      .replace(/\|/g, '\\|');
  }

  // ---- inline -------------------------------------------------------------

  inline(nodes: readonly ChildNode[]): string {
    return nodes.map((node) => this.inlineNode(node)).join('');
  }

  /** Finishes a paragraph's inline text: spaces collapsed, ends trimmed, hard breaks written out. */
  finishInline(raw: string, lineBreak = this.inTable ? TABLE_BREAK : MARKDOWN_BREAK): string {
    const text = trimSpacesAndBreaks(raw.replace(REPEATED_SPACES, ' '));
    return text.includes(HARD_BREAK) ? text.replace(SPACED_BREAK, lineBreak) : text;
  }

  private inlineNode(node: ChildNode): string {
    if (isText(node)) return escapeText(collapseWhitespace(node.data));
    if (isCDATA(node)) return escapeText(collapseWhitespace(textContent(node)));
    if (!isTag(node)) return '';
    switch (node.name) {
      case 'strong':
      case 'b':
        return wrapInline(this.inline(node.children), '**');
      case 'em':
      case 'i':
      case 'cite':
        return wrapInline(this.inline(node.children), '*');
      case 's':
      case 'del':
      case 'strike':
        return wrapInline(this.inline(node.children), '~~');
      case 'code':
      case 'tt':
      case 'kbd':
      case 'samp':
        return inlineCode(textContent(node));
      case 'br':
        // A `<br>` that wrongly wraps content still shows that content.
        return HARD_BREAK + this.inline(node.children);
      case 'a':
        return this.anchor(node);
      case 'img':
        return image(attribute(node, 'alt'), attribute(node, 'src'));
      case 'time':
        return escapeText(attribute(node, 'datetime') ?? textContent(node));
      case 'ac:link':
        return this.link(node);
      case 'ac:image':
        return this.image(node);
      case 'ac:emoticon':
        return emoticonText(node);
      case 'ac:placeholder':
        // Editor hint text of templates: not part of the content.
        return '';
      case 'ri:user':
        return this.mention(node);
      case 'ri:page':
      case 'ri:blog-post':
        return escapeText(this.pageTitle(node));
      case 'ri:attachment':
        return this.attachmentLink(node, '');
      case 'ac:structured-macro':
      case 'ac:macro':
        return renderMacroInline(this, node);
      default:
        if (this.isBlock(node)) return this.flattened(node);
        return this.inline(node.children);
    }
  }

  /** A block inside inline content (a list in a heading, say): kept, on lines of its own. */
  private flattened(element: Element): string {
    return joinBlocks(this.block(element)).replace(/\n+/g, HARD_BREAK);
  }

  private anchor(element: Element): string {
    const href = attribute(element, 'href');
    const text = this.inline(element.children);
    if (!href || href.startsWith('#') || /^javascript:/i.test(href)) return text;
    if (text.trim() === '') return /^[a-z][a-z0-9+.-]*:/i.test(href) ? `<${href}>` : '';
    return `[${linkText(text)}](${linkDestination(href)})`;
  }

  /** `<ac:link>`: to a page, blog post, user, attachment, space or URL, with an optional body. */
  private link(element: Element): string {
    const richBody = firstChild(element, 'ac:link-body');
    const plainBody = firstChild(element, 'ac:plain-text-link-body');
    const body = richBody ? this.inline(richBody.children) : plainBody ? escapeText(collapseWhitespace(textContent(plainBody))) : '';
    const hasBody = body.trim() !== '';
    const anchor = attribute(element, 'ac:anchor');

    const user = firstChild(element, 'ri:user');
    if (user) return this.mention(user);
    const page = firstChild(element, 'ri:page') ?? firstChild(element, 'ri:blog-post');
    if (page) {
      const title = this.pageTitle(page);
      return hasBody ? body : escapeText(title || (anchor ?? ''));
    }
    const attachment = firstChild(element, 'ri:attachment');
    if (attachment) return this.attachmentLink(attachment, body);
    const url = firstChild(element, 'ri:url');
    const href = url && attribute(url, 'ri:value');
    if (href) return `[${linkText(hasBody ? body : escapeText(href))}](${linkDestination(href)})`;
    const space = firstChild(element, 'ri:space');
    if (space) return hasBody ? body : escapeText(attribute(space, 'ri:space-key') ?? '');
    return hasBody ? body : escapeText(anchor ?? '');
  }

  /** Records the link and gives the page's title as readable text. */
  pageTitle(page: Element): string {
    const title = attribute(page, 'ri:content-title');
    if (!title) return '';
    const spaceKey = attribute(page, 'ri:space-key');
    if (!this.linkedPages.some((p) => p.title === title && p.spaceKey === spaceKey)) this.linkedPages.push(spaceKey ? { title, spaceKey } : { title });
    return title;
  }

  mention(user: Element): string {
    const ref: UserRef = {
      accountId: attribute(user, 'ri:account-id'),
      userKey: attribute(user, 'ri:userkey'),
      username: attribute(user, 'ri:username'),
    };
    const name = this.context.userName?.(ref) ?? ref.username ?? 'user';
    return escapeText(`@${name}`);
  }

  /** A link to one of the page's attachments; plain text when it is not one of them (another page's, say). */
  attachmentLink(attachment: Element, body: string): string {
    const filename = attribute(attachment, 'ri:filename') ?? '';
    const text = body.trim() !== '' ? body : escapeText(filename);
    const url = this.attachmentUrls.get(filename);
    return url ? `[${linkText(text)}](${linkDestination(url)})` : text;
  }

  private image(element: Element): string {
    const alt = attribute(element, 'ac:alt') ?? attribute(element, 'ac:title');
    const attachment = firstChild(element, 'ri:attachment');
    if (attachment) {
      const filename = attribute(attachment, 'ri:filename') ?? '';
      return image(alt ?? filename, this.attachmentUrls.get(filename) ?? filename);
    }
    const url = firstChild(element, 'ri:url');
    return image(alt, url && attribute(url, 'ri:value'));
  }
}

function image(alt: string | undefined, src: string | undefined): string {
  if (!src) return alt ? escapeText(alt) : '';
  return `![${linkText(escapeText(alt ?? ''))}](${linkDestination(src)})`;
}

/** One list item: the marker on the first line, continuation lines indented under its text. */
function listItem(marker: string, blocks: readonly Block[]): string {
  const body = blocks.map((block, index) => (index === 0 ? block.text : `${block.kind === 'list' ? '\n' : '\n\n'}${block.text}`)).join('');
  return body === '' ? marker.trimEnd() : `${marker}${indentContinuation(body, marker.length)}`;
}

function tableRows(table: Element): Element[] {
  return childElements(table).flatMap((child) => {
    if (child.name === 'tr') return [child];
    if (child.name === 'thead' || child.name === 'tbody' || child.name === 'tfoot') return childElements(child, 'tr');
    return [];
  });
}
