import { isText } from 'domhandler';
import { prepend, replaceElement } from 'domutils';
import {
  type AnyNode,
  appendChild,
  type ChildNode,
  attr,
  createElement,
  type Document,
  Element,
  elementChildren,
  elementsByTag,
  hasAncestor,
  isElement,
  hasVisibleText,
  nextElement,
  removeAndGetNext,
  removeElement,
  renameElement,
  shortVisibleText,
  textOf,
  visibleText,
  visibleTextLength,
} from './dom';

/*
 * Main-content extraction in the manner of Mozilla's Readability (Firefox
 * Reader View), ported to htmlparser2's light DOM: paragraphs score their
 * ancestors by length and commas, class and id names add or take away weight,
 * link-heavy blocks lose, the best-scoring block and its related siblings are
 * the article, then clutter inside it is cleaned away. The regular
 * expressions and thresholds are Readability's, so the same pages come out
 * the same way; the port exists because Readability on a full DOM
 * implementation costs 30–80 ms per page, this one a few.
 */

const UNLIKELY_CANDIDATES =
  /-ad-|ai2html|banner|breadcrumbs|combx|comment|community|cover-wrap|disqus|extra|footer|gdpr|header|legends|menu|related|remark|replies|rss|shoutbox|sidebar|skyscraper|social|sponsor|supplemental|ad-break|agegate|pagination|pager|popup|yom-remote|cookie|consent|newsletter|subscribe|paywall/i;
const MAYBE_CANDIDATE = /and|article|body|column|content|main|shadow/i;
const POSITIVE = /article|body|content|entry|hentry|h-entry|main|page|pagination|post|text|blog|story/i;
const NEGATIVE =
  /-ad-|hidden|^hid$| hid$| hid |^hid |banner|combx|comment|com-|contact|footer|gdpr|masthead|media|meta|outbrain|promo|related|scroll|share|shoutbox|sidebar|skyscraper|sponsor|shopping|tags|widget|cookie|newsletter/i;
const BYLINE = /byline|author|dateline|writtenby|p-author/i;
const SHARE_ELEMENTS = /(\b|_)(share|sharedaddy)(\b|_)/i;
const COMMAS = /[\u002C\u060C\uFE50\uFE10\uFE11\u2E41\u2E34\u2E32\uFF0C]/g;
const AD_WORDS = /^(ad(vertising|vertisement)?|pub(licité)?|werb(ung)?|anzeige|annonce|reklame|sponsored|广告|Реклама|Anuncio)$/iu;
/** Class or id tokens of ad slots (ad-unit, adthrive-ad, div-gpt-ad-…), which Readability's `-ad-` misses. */
const AD_TOKENS = /(^|[\s_-])(ads?|advert\w*|adthrive\w*|adsense|dfp|gpt-ad|ad-?(unit|slot|container|wrapper|label|block|banner|box|leaderboard|mpu))([\s_-]|$)/i;
/** Tables of contents repeat the headings they point to. */
const TABLE_OF_CONTENTS = /(^|[\s_-])toc([\s_-]|$)|table-?of-?contents/i;
const LOADING_WORDS = /^((loading|正在加载|Загрузка|chargement|cargando)(…|\.\.\.)?)$/iu;
const HASH_URL = /^#.+/;

const UNLIKELY_ROLES = new Set(['menu', 'menubar', 'complementary', 'navigation', 'alert', 'alertdialog', 'dialog', 'banner', 'contentinfo', 'search']);
/** Never content: dropped before scoring (Readability removes most of these at some point too). */
const NON_CONTENT_TAGS = new Set([
  'script', 'style', 'noscript', 'template', 'link', 'meta', 'iframe', 'object', 'embed', 'svg', 'canvas',
  'button', 'input', 'select', 'textarea', 'option', 'dialog', 'head', 'title', 'base',
]);
const TAGS_TO_SCORE = new Set(['section', 'h2', 'h3', 'h4', 'h5', 'h6', 'p', 'td', 'pre']);
/** Children that keep a div a div (Readability's DIV_TO_P_ELEMS, plus the HTML5 sectioning and heading elements). */
const BLOCK_TAGS = new Set([
  'address', 'article', 'aside', 'blockquote', 'details', 'dd', 'div', 'dl', 'dt', 'fieldset', 'figcaption', 'figure',
  'footer', 'form', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'hr', 'img', 'li', 'main', 'nav', 'ol', 'p', 'pre',
  'section', 'table', 'ul', 'video', 'picture',
]);
const PHRASING_TAGS = new Set([
  'abbr', 'audio', 'b', 'bdi', 'bdo', 'br', 'cite', 'code', 'data', 'dfn', 'em', 'font', 'i', 'img', 'kbd', 'label', 'mark',
  'math', 'q', 'ruby', 'rt', 's', 'samp', 'small', 'span', 'strike', 'strong', 'sub', 'sup', 'time', 'tt', 'u', 'var', 'wbr',
]);
const ALTER_TO_DIV_EXCEPTIONS = new Set(['div', 'article', 'section', 'p', 'ol', 'ul']);
const CELL_BLOCKS = new Set(['p', 'div', 'pre', 'table', 'h2', 'h3', 'h4', 'h5', 'h6']);
const LISTS = new Set(['ul', 'ol']);
const HEADINGS = new Set(['h1', 'h2', 'h3', 'h4', 'h5', 'h6']);
const TEXTISH_TAGS = new Set(['span', 'li', 'td', ...BLOCK_TAGS]);
const EMBED_TAGS = new Set(['object', 'embed', 'iframe', 'video', 'audio']);
const CONTENT_ELEMENTS = new Set(['img', 'picture', 'video', 'audio', 'embed', 'object', 'iframe']);

/** Below this many characters an attempt counts as failed and the next, gentler one runs. */
const CHAR_THRESHOLD = 500;
const TOP_CANDIDATES = 5;

interface Flags {
  stripUnlikely: boolean;
  weightClasses: boolean;
  cleanConditionally: boolean;
}

const ATTEMPTS: Flags[] = [
  { stripUnlikely: true, weightClasses: true, cleanConditionally: true },
  { stripUnlikely: false, weightClasses: true, cleanConditionally: true },
  { stripUnlikely: false, weightClasses: false, cleanConditionally: true },
  { stripUnlikely: false, weightClasses: false, cleanConditionally: false },
];

export interface ArticleContent {
  /** A detached element holding the main content. */
  root: Element;
  /** Text of a byline element found (and removed) on the way, e.g. "By Jane Doe". */
  byline?: string;
  textLength: number;
}

/**
 * The main content of a page. `parse` gives a fresh document for each
 * attempt: attempts change the tree, and a failed one (too little text) is
 * retried on an untouched copy with gentler rules, as Readability does.
 */
export function extractArticle(parse: () => Document, title: string | undefined): ArticleContent {
  let best: ArticleContent | undefined;
  for (const flags of ATTEMPTS) {
    const attempt = new Attempt(flags, title).run(parse());
    if (attempt.textLength >= CHAR_THRESHOLD) return attempt;
    if (!best || attempt.textLength > best.textLength) best = attempt;
  }
  return best as ArticleContent;
}

class Attempt {
  private readonly scores = new Map<Element, number>();
  private readonly dataTables = new Set<Element>();
  /** Divs turned into paragraphs: unlike authored paragraphs they are often toolbars of links. */
  private readonly divParagraphs = new Set<Element>();
  private byline?: string;

  constructor(
    private readonly flags: Flags,
    private readonly title: string | undefined,
  ) {}

  run(doc: Document): ArticleContent {
    const body = elementsByTag(doc, 'body')[0] ?? wrapInBody(doc);
    const toScore = this.prepare(body);
    const top = this.topCandidate(body, this.scoreParagraphs(toScore));
    const article = this.gatherSiblings(top);
    this.cleanArticle(article);
    return { root: article, byline: this.byline, textLength: visibleTextLength(article) };
  }

  /** Removes what cannot be content and returns the elements whose text will be scored. */
  private prepare(body: Element): Element[] {
    const toScore: Element[] = [];
    let removeTitleHeading = this.title !== undefined;
    let node: Element | null = nextElement(body, body);
    while (node) {
      const name = node.name;
      const matchString = `${attr(node, 'class') ?? ''} ${attr(node, 'id') ?? ''}`;
      if (NON_CONTENT_TAGS.has(name) || !isProbablyVisible(node) || (attr(node, 'aria-modal') === 'true' && attr(node, 'role') === 'dialog')) {
        node = removeAndGetNext(node, body);
        continue;
      }
      if (this.byline === undefined && isByline(node, matchString)) {
        const nameNode = elementsByTag(node, new Set(['span', 'a', 'div', 'p'])).find((el) => (attr(el, 'itemprop') ?? '').includes('name'));
        this.byline = visibleText(nameNode ?? node);
        node = removeAndGetNext(node, body);
        continue;
      }
      if (removeTitleHeading && (name === 'h1' || name === 'h2') && textSimilarity(this.title ?? '', visibleText(node)) > 0.75) {
        removeTitleHeading = false;
        node = removeAndGetNext(node, body);
        continue;
      }
      if (this.flags.stripUnlikely && (this.isUnlikely(node, matchString) || isAdLabel(node))) {
        node = removeAndGetNext(node, body);
        continue;
      }
      if ((name === 'div' || name === 'section' || name === 'header' || HEADINGS.has(name)) && isWithoutContent(node)) {
        node = removeAndGetNext(node, body);
        continue;
      }
      // A layout cell holding paragraphs would count their text twice; only leaf cells are scored.
      if (TAGS_TO_SCORE.has(name) && !(name === 'td' && elementsByTag(node, CELL_BLOCKS).length > 0)) toScore.push(node);
      if (name === 'div') {
        wrapPhrasingRuns(node);
        const onlyChild = elementChildren(node);
        if (onlyChild.length === 1 && onlyChild[0].name === 'p' && visibleText(node) === visibleText(onlyChild[0]) && linkDensity(node) < 0.25) {
          // A div that only wraps a paragraph is that paragraph (slate.com and many CMSes do this).
          const paragraph = onlyChild[0];
          replaceNode(node, paragraph);
          toScore.push(paragraph);
          node = paragraph;
        } else if (!hasBlockChild(node)) {
          renameElement(node, 'p');
          this.divParagraphs.add(node);
          toScore.push(node);
        }
      }
      node = nextElement(node, body);
    }
    return toScore;
  }

  private isUnlikely(node: Element, matchString: string): boolean {
    const name = node.name;
    if (name === 'body' || name === 'a' || name === 'main' || name === 'article') return false;
    if (UNLIKELY_ROLES.has(attr(node, 'role') ?? '')) return true;
    if (name === 'nav' || name === 'aside') return true;
    // Site-wide header and footer; an article's own header (title, byline) and footer stay for now.
    if ((name === 'header' || name === 'footer') && !hasAncestor(node, 'article') && !hasAncestor(node, 'main')) return true;
    if (AD_TOKENS.test(matchString) || TABLE_OF_CONTENTS.test(matchString)) return true;
    return UNLIKELY_CANDIDATES.test(matchString) && !MAYBE_CANDIDATE.test(matchString) && !hasAncestor(node, 'table') && !hasAncestor(node, 'code');
  }

  private scoreParagraphs(elements: Element[]): Element[] {
    const candidates: Element[] = [];
    for (const element of elements) {
      if (!isElement(element.parent)) continue;
      const text = visibleText(element);
      if (text.length < 25) continue;
      const ancestors = ancestorsOf(element, 5);
      if (ancestors.length === 0) continue;
      const contentScore = 1 + text.split(COMMAS).length + Math.min(Math.floor(text.length / 100), 3);
      ancestors.forEach((ancestor, level) => {
        if (!isElement(ancestor.parent)) return;
        if (!this.scores.has(ancestor)) {
          this.scores.set(ancestor, this.initialScore(ancestor));
          candidates.push(ancestor);
        }
        const divider = level === 0 ? 1 : level === 1 ? 2 : level * 3;
        this.scores.set(ancestor, (this.scores.get(ancestor) ?? 0) + contentScore / divider);
      });
    }
    for (const candidate of candidates) this.scores.set(candidate, (this.scores.get(candidate) ?? 0) * (1 - linkDensity(candidate)));
    return candidates.sort((a, b) => this.score(b) - this.score(a)).slice(0, TOP_CANDIDATES);
  }

  private topCandidate(body: Element, topCandidates: Element[]): Element {
    let top = topCandidates[0];
    if (!top || top.name === 'body') {
      // Nothing stood out: the whole body is the article.
      const container = createElement('div', [...body.children]);
      appendChild(body, container);
      this.scores.set(container, this.initialScore(container));
      return container;
    }
    // Several near-equal candidates under one ancestor: the content is split, take the ancestor.
    const alternatives = topCandidates.slice(1).filter((c) => this.score(c) / this.score(top) >= 0.75).map((c) => ancestorsOf(c, Infinity));
    if (alternatives.length >= 3) {
      for (let parent = top.parent; isElement(parent) && parent.name !== 'body'; parent = parent.parent) {
        if (alternatives.filter((list) => list.includes(parent)).length >= 3) {
          top = parent;
          break;
        }
      }
    }
    if (!this.scores.has(top)) this.scores.set(top, this.initialScore(top));
    // A parent scoring higher than the candidate holds more of the content.
    let lastScore = this.score(top);
    const threshold = lastScore / 3;
    for (let parent = top.parent; isElement(parent) && parent.name !== 'body'; parent = parent.parent) {
      if (!this.scores.has(parent)) continue;
      const parentScore = this.score(parent);
      if (parentScore < threshold) break;
      if (parentScore > lastScore) {
        top = parent;
        break;
      }
      lastScore = parentScore;
    }
    while (isElement(top.parent) && top.parent.name !== 'body' && elementChildren(top.parent).length === 1) top = top.parent;
    if (!this.scores.has(top)) this.scores.set(top, this.initialScore(top));
    return top;
  }

  /** The top candidate plus siblings that look like part of the same content (preambles, split-up sections). */
  private gatherSiblings(top: Element): Element {
    const article = createElement('div');
    const parent = top.parent;
    if (!isElement(parent)) {
      appendChild(article, top);
      return article;
    }
    const threshold = Math.max(10, this.score(top) * 0.2);
    const topClass = attr(top, 'class') ?? '';
    for (const sibling of elementChildren(parent)) {
      let append = sibling === top;
      if (!append) {
        const bonus = topClass !== '' && attr(sibling, 'class') === topClass ? this.score(top) * 0.2 : 0;
        if (this.scores.has(sibling) && this.score(sibling) + bonus >= threshold) {
          append = true;
        } else if (sibling.name === 'p') {
          const density = linkDensity(sibling);
          const text = visibleText(sibling);
          append = (text.length > 80 && density < 0.25) || (text.length > 0 && text.length < 80 && density === 0 && /\.( |$)/.test(text));
        }
      }
      if (!append) continue;
      if (!ALTER_TO_DIV_EXCEPTIONS.has(sibling.name)) renameElement(sibling, 'div');
      removeElement(sibling);
      appendChild(article, sibling);
    }
    return article;
  }

  private cleanArticle(article: Element): void {
    this.markDataTables(article);
    this.cleanConditionally(article, 'form');
    this.cleanConditionally(article, 'fieldset');
    for (const element of elementsByTag(article, new Set(['footer', 'aside', 'link', 'object', 'embed', 'iframe']))) removeElement(element);
    for (const child of elementChildren(article)) {
      for (const element of elementsByTag(child, new Set(['div', 'span', 'section', 'ul', 'p', 'a', 'aside', 'nav']))) {
        const matchString = `${attr(element, 'class') ?? ''} ${attr(element, 'id') ?? ''}`;
        if (SHARE_ELEMENTS.test(matchString) && textOf(element).length < CHAR_THRESHOLD) removeElement(element);
      }
    }
    for (const heading of elementsByTag(article, new Set(['h1', 'h2']))) if (this.classWeight(heading) < 0) removeElement(heading);
    this.cleanConditionally(article, 'table');
    this.cleanConditionally(article, 'ul');
    this.cleanConditionally(article, 'div');
    // The title is shown separately, so headings inside the content start at level 2.
    for (const heading of elementsByTag(article, 'h1')) renameElement(heading, 'h2');
    for (const paragraph of elementsByTag(article, 'p')) {
      const empty = !hasVisibleText(paragraph) && !elementsByTag(paragraph, CONTENT_ELEMENTS).length;
      const linkBar = this.flags.cleanConditionally && this.divParagraphs.has(paragraph) && linkDensity(paragraph) > 0.5;
      if (empty || linkBar) removeElement(paragraph);
    }
    for (const table of elementsByTag(article, 'table')) unwrapSingleCellTable(table);
  }

  private markDataTables(root: Element): void {
    for (const table of elementsByTag(root, 'table')) {
      if (isDataTable(table)) this.dataTables.add(table);
    }
  }

  /** Readability's `_cleanConditionally`: drops blocks that look like navigation, ads or widgets rather than prose. */
  private cleanConditionally(root: Element, tag: string): void {
    if (!this.flags.cleanConditionally) return;
    const nodes = elementsByTag(root, tag).reverse();
    for (const node of nodes) {
      if (node.parent === null) continue;
      if (this.shouldRemove(node, tag)) removeElement(node);
    }
  }

  private shouldRemove(node: Element, tag: string): boolean {
    const textLength = visibleTextLength(node);
    let isList = tag === 'ul' || tag === 'ol';
    if (!isList && textLength > 0) {
      const listLength = elementsByTag(node, LISTS).reduce((sum, list) => sum + visibleTextLength(list), 0);
      isList = listLength / textLength > 0.9;
    }
    if (tag === 'table' && this.dataTables.has(node)) return false;
    if (this.hasDataTableAncestor(node) || hasAncestor(node, 'code') || hasAncestor(node, 'pre')) return false;
    if (elementsByTag(node, 'table').some((table) => this.dataTables.has(table))) return false;
    const weight = this.classWeight(node);
    if (weight < 0) return true;
    if ((textOf(node).match(COMMAS)?.length ?? 0) >= 10) return false;

    const paragraphs = elementsByTag(node, 'p').length;
    const images = elementsByTag(node, 'img').length;
    const listItems = elementsByTag(node, 'li').length - 100;
    const inputs = elementsByTag(node, 'input').length;
    const headingDensity = textDensity(node, HEADINGS, textLength);
    const embeds = elementsByTag(node, EMBED_TAGS).length;
    if (isAdLabel(node)) return true;
    const density = linkDensity(node);
    const isFigureChild = hasAncestor(node, 'figure');
    // Lists that are nothing but links (related stories, tag clouds, on-this-page menus) are navigation.
    if (isList && this.flags.weightClasses && density > 0.9 && listItems + 100 >= 2) return true;
    const remove =
      (!isFigureChild && images > 1 && paragraphs / images < 0.5) ||
      (!isList && listItems > paragraphs) ||
      inputs > Math.floor(paragraphs / 3) ||
      (!isList && !isFigureChild && headingDensity < 0.9 && textLength < 25 && (images === 0 || images > 2) && density > 0) ||
      (!isList && weight < 25 && density > 0.2) ||
      (weight >= 25 && density > 0.5) ||
      (embeds === 1 && textLength < 75) ||
      embeds > 1 ||
      (images === 0 && textDensity(node, TEXTISH_TAGS, textLength) === 0);
    if (remove && isList) {
      // A list of images (a gallery) stays.
      const items = elementChildren(node);
      if (items.every((item) => elementChildren(item).length <= 1) && images === listItems + 100) return false;
    }
    return remove;
  }

  private hasDataTableAncestor(node: Element): boolean {
    for (let parent = node.parent; isElement(parent); parent = parent.parent) if (parent.name === 'table' && this.dataTables.has(parent)) return true;
    return false;
  }

  private initialScore(node: Element): number {
    let score = 0;
    switch (node.name) {
      case 'div':
        score += 5;
        break;
      case 'pre':
      case 'td':
      case 'blockquote':
        score += 3;
        break;
      case 'address':
      case 'ol':
      case 'ul':
      case 'dl':
      case 'dd':
      case 'dt':
      case 'li':
      case 'form':
        score -= 3;
        break;
      case 'h1':
      case 'h2':
      case 'h3':
      case 'h4':
      case 'h5':
      case 'h6':
      case 'th':
        score -= 5;
        break;
    }
    return score + this.classWeight(node);
  }

  private classWeight(node: Element): number {
    if (!this.flags.weightClasses) return 0;
    let weight = 0;
    for (const value of [attr(node, 'class'), attr(node, 'id')]) {
      if (!value) continue;
      if (NEGATIVE.test(value)) weight -= 25;
      if (POSITIVE.test(value)) weight += 25;
    }
    return weight;
  }

  private score(node: Element): number {
    return this.scores.get(node) ?? 0;
  }
}

function wrapInBody(doc: Document): Element {
  const html = elementsByTag(doc, 'html')[0];
  const body = createElement('body', [...(html ?? doc).children]);
  appendChild(html ?? doc, body);
  return body;
}

function isProbablyVisible(node: Element): boolean {
  const style = (attr(node, 'style') ?? '').replace(/\s+/g, '').toLowerCase();
  if (style.includes('display:none') || style.includes('visibility:hidden')) return false;
  if (attr(node, 'hidden') !== undefined) return false;
  return attr(node, 'aria-hidden') !== 'true' || (attr(node, 'class') ?? '').includes('fallback-image');
}

/** An element whose whole text is "Advertisement" or "Loading…": a placeholder, not content. */
function isAdLabel(node: Element): boolean {
  const text = shortVisibleText(node, 30);
  return text !== undefined && text.length > 0 && (AD_WORDS.test(text) || LOADING_WORDS.test(text));
}

function isByline(node: Element, matchString: string): boolean {
  const rel = attr(node, 'rel');
  const itemprop = attr(node, 'itemprop') ?? '';
  if (!(rel === 'author' || itemprop.includes('author') || BYLINE.test(matchString))) return false;
  const text = shortVisibleText(node, 99);
  return text !== undefined && text.length > 0;
}

function isWithoutContent(node: Element): boolean {
  if (hasVisibleText(node)) return false;
  const children = elementChildren(node);
  return children.every((child) => child.name === 'br' || child.name === 'hr');
}

function isPhrasing(node: AnyNode): boolean {
  if (!isElement(node)) return isText(node);
  if (PHRASING_TAGS.has(node.name)) return true;
  return (node.name === 'a' || node.name === 'del' || node.name === 'ins') && node.children.every(isPhrasing);
}

function hasBlockChild(node: Element): boolean {
  return node.children.some((child) => isElement(child) && (BLOCK_TAGS.has(child.name) || hasBlockChild(child)));
}

/** Puts runs of inline content that sit directly in a div into paragraphs, so they are scored like paragraphs. */
function wrapPhrasingRuns(div: Element): void {
  if (!hasBlockChild(div)) return;
  let run: ChildNode[] = [];
  const flush = () => {
    if (run.some((child) => textOf(child).trim() !== '')) {
      const paragraph = new Element('p', {});
      prepend(run[0], paragraph);
      for (const child of run) {
        removeElement(child);
        appendChild(paragraph, child);
      }
    }
    run = [];
  };
  for (const child of [...div.children]) {
    if (isPhrasing(child)) run.push(child);
    else flush();
  }
  flush();
}

/** Puts `replacement` (often a child of `old`) where `old` was. */
function replaceNode(old: Element, replacement: Element): void {
  removeElement(replacement);
  replaceElement(old, replacement);
}

function ancestorsOf(node: Element, maxDepth: number): Element[] {
  const ancestors: Element[] = [];
  for (let parent = node.parent; isElement(parent) && ancestors.length < maxDepth; parent = parent.parent) ancestors.push(parent);
  return ancestors;
}

/** Share of a node's text that sits inside links (in-page anchors count 30 %). */
export function linkDensity(node: Element): number {
  const textLength = visibleTextLength(node);
  if (textLength === 0) return 0;
  let linkLength = 0;
  for (const link of elementsByTag(node, 'a')) {
    const href = attr(link, 'href');
    linkLength += visibleTextLength(link) * (href && HASH_URL.test(href) ? 0.3 : 1);
  }
  return linkLength / textLength;
}

function textDensity(node: Element, tags: ReadonlySet<string>, textLength: number): number {
  if (textLength === 0) return 0;
  const children = elementsByTag(node, tags).filter((el) => !hasAncestorIn(el, node, tags));
  return children.reduce((sum, child) => sum + visibleTextLength(child), 0) / textLength;
}

/** True when an ancestor of `node` below `root` is itself one of `tags` (so its text is not counted twice). */
function hasAncestorIn(node: Element, root: Element, tags: ReadonlySet<string>): boolean {
  for (let parent = node.parent; isElement(parent) && parent !== root; parent = parent.parent) if (tags.has(parent.name)) return true;
  return false;
}

function isDataTable(table: Element): boolean {
  if (attr(table, 'role') === 'presentation' || attr(table, 'datatable') === '0') return false;
  if (attr(table, 'summary')) return true;
  const caption = elementsByTag(table, 'caption')[0];
  if (caption && caption.children.length > 0) return true;
  if (elementsByTag(table, new Set(['col', 'colgroup', 'tfoot', 'thead', 'th'])).length > 0) return true;
  if (elementsByTag(table, 'table').length > 0) return false;
  const rows = elementsByTag(table, 'tr');
  const columns = Math.max(0, ...rows.map((row) => elementChildren(row).filter((cell) => cell.name === 'td' || cell.name === 'th').length));
  if (rows.length <= 1 || columns <= 1) return false;
  if (rows.length >= 10 || columns > 4) return true;
  return rows.length * columns > 10;
}

function unwrapSingleCellTable(table: Element): void {
  const rows = elementsByTag(table, 'tr');
  if (rows.length !== 1) return;
  const cells = elementChildren(rows[0]);
  if (cells.length !== 1) return;
  const cell = cells[0];
  renameElement(cell, cell.children.every(isPhrasing) ? 'p' : 'div');
  replaceNode(table, cell);
}

/** Readability's `_textSimilarity`: how much of `b`'s words also appear in `a` (1 = all). */
export function textSimilarity(a: string, b: string): number {
  const tokenize = (text: string) => text.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  const tokensA = new Set(tokenize(a));
  const tokensB = tokenize(b);
  if (tokensA.size === 0 || tokensB.length === 0) return 0;
  const unique = tokensB.filter((token) => !tokensA.has(token));
  return 1 - unique.join(' ').length / tokensB.join(' ').length;
}
