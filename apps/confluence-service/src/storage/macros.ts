import { collapseWhitespace, escapeText, inlineCode, wrapInline } from './markdown-syntax';
import { attribute, childElements, type Element, firstChild, isTag, textContent } from './storage-dom';
import type { Block, StorageRenderer } from './storage-renderer';

/** Confluence's panel macros map one to one onto Obsidian callouts. */
const CALLOUT_MACROS = new Set(['info', 'note', 'warning', 'tip']);

/** Macros that only wrap their body (layout, excerpts, page properties): the body stands in their place. */
const CONTAINER_MACROS = new Set(['excerpt', 'section', 'column', 'details', 'div', 'center', 'align', 'toc-zone', 'ui-tabs', 'ui-tab', 'auihelp-tabs']);

/** Macros with no content of their own, dropped on purpose (a note has its own outline; anchors are invisible). */
const SILENT_MACROS = new Set(['toc', 'anchor']);

const BLOCK_MACROS = new Set([...CALLOUT_MACROS, ...CONTAINER_MACROS, 'code', 'noformat', 'panel', 'expand', 'quote', 'toc']);
const INLINE_MACROS = new Set(['status', 'anchor', 'jira']);

/** Parameters worth showing when an unknown macro has no body: what a reader would recognise. */
const TELLING_PARAMETERS = new Set(['', 'title', 'key', 'name', 'page', 'url', 'spaces', 'spacekey', 'label', 'labels', 'jqlquery', 'cql', 'text']);

/** Confluence code macro language names that differ from the usual fence info strings. */
const LANGUAGE_ALIASES: Record<string, string> = {
  'c#': 'csharp',
  'html/xml': 'html',
  js: 'javascript',
  py: 'python',
  erl: 'erlang',
  yml: 'yaml',
  actionscript3: 'actionscript',
  none: '',
};

export function macroName(macro: Element): string {
  return (attribute(macro, 'ac:name') ?? '').toLowerCase();
}

function parameter(macro: Element, name: string): Element | undefined {
  return childElements(macro, 'ac:parameter').find((p) => (attribute(p, 'ac:name') ?? '').toLowerCase() === name);
}

function parameterText(macro: Element, name: string): string | undefined {
  const value = parameter(macro, name);
  const text = value && collapseWhitespace(textContent(value)).trim();
  return text || undefined;
}

function plainBody(macro: Element): string | undefined {
  const body = firstChild(macro, 'ac:plain-text-body');
  return body && textContent(body);
}

/** Containers whose macros stand on their own; inside a paragraph, list item or cell a macro is part of the text. */
const BLOCK_PARENTS = new Set(['ac:rich-text-body', 'ac:layout-cell', 'ac:adf-content', 'ac:adf-fallback', 'div', 'section', 'blockquote', 'body']);

/**
 * Block macros break the paragraph they sit in; inline ones (status, Jira
 * issue) flow with the text. An unknown macro is a block when it has a body
 * or stands on its own outside any paragraph.
 */
export function isBlockMacro(macro: Element): boolean {
  const name = macroName(macro);
  if (BLOCK_MACROS.has(name)) return true;
  if (INLINE_MACROS.has(name)) return false;
  if (firstChild(macro, 'ac:rich-text-body') !== undefined || firstChild(macro, 'ac:plain-text-body') !== undefined) return true;
  const parent = macro.parent;
  return parent === null || !isTag(parent) || BLOCK_PARENTS.has(parent.name);
}

function richBlocks(renderer: StorageRenderer, macro: Element): Block[] {
  const body = firstChild(macro, 'ac:rich-text-body');
  return body ? renderer.blocks(body.children) : [];
}

function codeLanguage(macro: Element): string {
  const raw = (parameterText(macro, 'language') ?? '').toLowerCase().replace(/\s+/g, '');
  const language = LANGUAGE_ALIASES[raw] ?? raw;
  return /^[\w+#.-]*$/.test(language) ? language : '';
}

export function renderMacroBlocks(renderer: StorageRenderer, macro: Element): Block[] {
  if (macro.name === 'ac:adf-extension') return renderAdfExtension(renderer, macro);
  const name = macroName(macro);
  if (CALLOUT_MACROS.has(name)) return renderer.callout(name, parameterText(macro, 'title'), richBlocks(renderer, macro));
  if (CONTAINER_MACROS.has(name)) return richBlocks(renderer, macro);
  if (SILENT_MACROS.has(name)) return [];
  switch (name) {
    case 'code': {
      const title = parameterText(macro, 'title');
      const code = renderer.codeBlock(plainBody(macro) ?? '', codeLanguage(macro));
      return title ? [{ kind: 'paragraph', text: wrapInline(escapeText(title), '**') }, code] : [code];
    }
    case 'noformat':
      return [renderer.codeBlock(plainBody(macro) ?? '')];
    case 'panel':
      return renderer.callout('note', parameterText(macro, 'title'), richBlocks(renderer, macro));
    case 'expand':
      return renderer.callout('note', parameterText(macro, 'title') ?? 'Details', richBlocks(renderer, macro), true);
    case 'quote':
      return renderer.quote(richBlocks(renderer, macro));
    default:
      return unknownMacroBlocks(renderer, macro);
  }
}

/** An unknown macro at block level keeps its body's structure: paragraphs, lists, the lines of a plain body. */
function unknownMacroBlocks(renderer: StorageRenderer, macro: Element): Block[] {
  if (firstChild(macro, 'ac:rich-text-body')) {
    renderer.unknownMacros.add(macroName(macro) || 'unnamed');
    return richBlocks(renderer, macro);
  }
  const plain = plainBody(macro);
  if (plain !== undefined && plain.trim() !== '') {
    renderer.unknownMacros.add(macroName(macro) || 'unnamed');
    return [renderer.codeBlock(plain)];
  }
  const text = unknownMacro(renderer, macro);
  return text === '' ? [] : [{ kind: 'paragraph', text }];
}

export function renderMacroInline(renderer: StorageRenderer, macro: Element): string {
  const name = macroName(macro);
  switch (name) {
    case 'status':
      return inlineCode(parameterText(macro, 'title') ?? parameterText(macro, 'colour') ?? 'status');
    case 'anchor':
      return '';
    case 'jira': {
      const key = parameterText(macro, 'key');
      return key ? escapeText(key) : unknownMacro(renderer, macro);
    }
    case 'code':
    case 'noformat':
      return inlineCode(plainBody(macro) ?? '');
    default:
      if (BLOCK_MACROS.has(name)) return renderer.finishInline(renderMacroBlocks(renderer, macro).map((b) => b.text).join(' '), ' ');
      return unknownMacro(renderer, macro);
  }
}

/**
 * A macro this converter does not know degrades to its text, never to
 * nothing: its body when it has one, else what its parameters say (the
 * attachment it shows, the page it includes, its title), else its name.
 */
function unknownMacro(renderer: StorageRenderer, macro: Element): string {
  const name = macroName(macro) || 'unnamed';
  renderer.unknownMacros.add(name);
  const rich = firstChild(macro, 'ac:rich-text-body');
  if (rich) return renderer.finishInline(renderer.inline(rich.children));
  const plain = plainBody(macro);
  if (plain !== undefined && plain.trim() !== '') return escapeText(collapseWhitespace(plain).trim());

  const attachments = childElements(macro, 'ac:parameter').flatMap((p) => childElements(p, 'ri:attachment'));
  if (attachments.length > 0) return attachments.map((a) => renderer.attachmentLink(a, '')).join(', ');
  const described = childElements(macro, 'ac:parameter')
    .filter((p) => TELLING_PARAMETERS.has((attribute(p, 'ac:name') ?? '').toLowerCase()))
    .map((p) => renderer.finishInline(renderer.inline(p.children), ' '))
    .filter((text) => text !== '');
  return `*(Confluence macro ${escapeText(name)}${described.length > 0 ? `: ${described.join(', ')}` : ''})*`;
}

const PANEL_TYPES: Record<string, string> = { info: 'info', note: 'note', warning: 'warning', tip: 'tip', success: 'success', error: 'error' };

/** Cloud's newer elements (panels, decisions) arrive wrapped in `ac:adf-extension` with a storage-format fallback. */
function renderAdfExtension(renderer: StorageRenderer, extension: Element): Block[] {
  const node = firstChild(extension, 'ac:adf-node');
  const content = node && firstChild(node, 'ac:adf-content');
  if (node && attribute(node, 'type') === 'panel' && content) {
    const typeAttribute = childElements(node, 'ac:adf-attribute').find((a) => attribute(a, 'key') === 'panel-type');
    const type = PANEL_TYPES[(typeAttribute ? textContent(typeAttribute) : '').trim()] ?? 'note';
    return renderer.callout(type, undefined, renderer.blocks(content.children));
  }
  const fallback = firstChild(extension, 'ac:adf-fallback');
  if (fallback) return renderer.blocks(fallback.children);
  return content ? renderer.blocks(content.children) : [];
}
