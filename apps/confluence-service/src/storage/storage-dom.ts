import { type ChildNode, type Document, type Element, isCDATA, isDocument, isTag, isText } from 'domhandler';
import { parseDocument } from 'htmlparser2';

export type { ChildNode, Document, Element };
export { isTag };

/**
 * Parses Confluence storage format (XHTML with `ac:`/`ri:` elements and CDATA
 * bodies) into a DOM. HTML mode so that HTML entities (`&nbsp;`, `&rsquo;`)
 * decode; CDATA and self-closing tags are recognised as in XML. The parser
 * never throws: broken markup still yields a tree.
 */
export function parseStorage(xhtml: string): Document {
  return parseDocument(xhtml, { recognizeCDATA: true, recognizeSelfClosing: true });
}

/** Child elements, optionally only those with `name`. */
export function childElements(node: Element | Document, name?: string): Element[] {
  return node.children.filter((child): child is Element => isTag(child) && (name === undefined || child.name === name));
}

export function firstChild(node: Element, name: string): Element | undefined {
  return node.children.find((child): child is Element => isTag(child) && child.name === name);
}

/** All descendant elements named `name`, in document order. */
export function descendants(node: Element | Document, name: string): Element[] {
  const found: Element[] = [];
  const visit = (parent: Element | Document): void => {
    for (const child of parent.children) {
      if (!isTag(child)) continue;
      if (child.name === name) found.push(child);
      visit(child);
    }
  };
  visit(node);
  return found;
}

/** The text of a node and its descendants, CDATA included, without any markup. */
export function textContent(node: ChildNode | Document): string {
  if (isText(node)) return node.data;
  if (isCDATA(node) || isTag(node) || isDocument(node)) return node.children.map(textContent).join('');
  return '';
}

export function attribute(element: Element, name: string): string | undefined {
  const value = element.attribs[name];
  return value === undefined || value === '' ? undefined : value;
}
