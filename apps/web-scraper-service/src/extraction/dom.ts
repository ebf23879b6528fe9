import { type AnyNode, type ChildNode, type Document, Element, isTag, isText } from 'domhandler';
import { appendChild, removeElement } from 'domutils';
import { parseDocument } from 'htmlparser2';

export { Element };
export type { AnyNode, ChildNode, Document };

/** Parses HTML the forgiving way browsers do (unclosed tags, stray end tags), with entities decoded. */
export function parseHtml(html: string): Document {
  return parseDocument(html, { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true });
}

export const isElement = (node: AnyNode | null | undefined): node is Element => node != null && isTag(node);

export function attr(element: Element, name: string): string | undefined {
  return element.attribs[name];
}

export function elementChildren(node: Element | Document): Element[] {
  return node.children.filter(isTag);
}

/** Concatenated text of a subtree, as `textContent` would give it. */
export function textOf(node: AnyNode): string {
  if (isText(node)) return node.data;
  if (!('children' in node)) return '';
  let text = '';
  for (const child of node.children) text += textOf(child);
  return text;
}

/** Text with runs of whitespace collapsed and trimmed, as a reader sees it. */
export function visibleText(node: AnyNode): string {
  return textOf(node).replace(/\s+/g, ' ').trim();
}

/**
 * About the length of `visibleText(node)`, without building the string: each
 * text node counts trimmed, plus one space between non-empty ones. Scoring
 * asks this of large subtrees, often; runs of spaces inside a text node (rare
 * outside <pre>) are the only difference.
 */
export function visibleTextLength(node: AnyNode): number {
  let length = 0;
  const visit = (current: AnyNode) => {
    if (isText(current)) {
      const trimmed = current.data.trim().length;
      if (trimmed > 0) length += length > 0 ? trimmed + 1 : trimmed;
    } else if ('children' in current) {
      for (const child of current.children) visit(child);
    }
  };
  visit(node);
  return length;
}

/** Whether a subtree has any visible character, stopping at the first one. */
export function hasVisibleText(node: AnyNode): boolean {
  if (isText(node)) return /\S/.test(node.data);
  return 'children' in node && node.children.some(hasVisibleText);
}

/** `visibleText`, but gives up (undefined) once the text is longer than `max`: for checks that only care about short texts. */
export function shortVisibleText(node: AnyNode, max: number): string | undefined {
  let text = '';
  const visit = (current: AnyNode): boolean => {
    if (isText(current)) text += current.data;
    else if ('children' in current) for (const child of current.children) if (!visit(child)) return false;
    return text.length <= max * 4;
  };
  if (!visit(node)) return undefined;
  const visible = text.replace(/\s+/g, ' ').trim();
  return visible.length <= max ? visible : undefined;
}

/** The next node in document order after `node` (skipping its subtree when asked), staying inside `root`. */
export function nextElement(node: Element, root: Element | Document, skipChildren = false): Element | null {
  if (!skipChildren) {
    const first = node.children.find(isTag);
    if (first) return first;
  }
  let current: Element | null = node;
  while (current && current !== root) {
    for (let sibling = current.nextSibling; sibling; sibling = sibling.nextSibling) if (isTag(sibling)) return sibling;
    current = isElement(current.parent) ? current.parent : null;
  }
  return null;
}

/** Removes `node` and returns the element that followed it in document order. */
export function removeAndGetNext(node: Element, root: Element | Document): Element | null {
  const next = nextElement(node, root, true);
  removeElement(node);
  return next;
}

/** Every element under `root` (not root itself) with one of `names`, in document order. */
export function elementsByTag(root: Element | Document, names: ReadonlySet<string> | string): Element[] {
  const wanted = typeof names === 'string' ? new Set([names]) : names;
  const found: Element[] = [];
  const visit = (parent: Element | Document) => {
    for (const child of parent.children) {
      if (!isTag(child)) continue;
      if (wanted.has(child.name)) found.push(child);
      visit(child);
    }
  };
  visit(root);
  return found;
}

export function hasAncestor(node: Element, name: string, maxDepth = Infinity): boolean {
  let depth = 0;
  let current = node.parent;
  while (isElement(current)) {
    if (depth++ >= maxDepth) return false;
    if (current.name === name) return true;
    current = current.parent;
  }
  return false;
}

export function createElement(name: string, children: ChildNode[] = []): Element {
  const element = new Element(name, {});
  for (const child of children) {
    removeElement(child);
    appendChild(element, child);
  }
  return element;
}

/** Replaces `node` with a new element of another name that keeps its attributes and children. */
export function renameElement(node: Element, name: string): Element {
  node.name = name;
  return node;
}

export { appendChild, removeElement };
