import { attr, type Document, elementsByTag, textOf, visibleText } from './dom';

export interface PageMetadata {
  title?: string;
  description?: string;
  siteName?: string;
  author?: string;
  /** ISO 8601 */
  publishedAt?: string;
  /** The page's declared language tag, e.g. `en-GB` (detection happens later, on the text). */
  declaredLanguage?: string;
  canonicalUrl?: string;
}

/** schema.org types whose JSON-LD describes the page's main content. */
const ARTICLE_TYPES =
  /^(Article|AdvertiserContentArticle|NewsArticle|AnalysisNewsArticle|AskPublicNewsArticle|BackgroundNewsArticle|OpinionNewsArticle|ReportageNewsArticle|ReviewNewsArticle|Report|SatiricalArticle|ScholarlyArticle|MedicalScholarlyArticle|SocialMediaPosting|BlogPosting|LiveBlogPosting|DiscussionForumPosting|TechArticle|APIReference|WebPage|ItemPage|FAQPage|QAPage|HowTo|Recipe)$/;
const TITLE_SEPARATORS = / [|\-–—\\/>»·•] /;
const HIERARCHICAL_SEPARATORS = / [\\/>»] /;

/**
 * What a page says about itself: OpenGraph and Twitter cards, classic meta
 * tags, Dublin Core, schema.org JSON-LD and, last, the document itself
 * (`<title>`, `<h1>`, `<time>`). Earlier sources win; values are trimmed and
 * empty ones ignored.
 */
export function readMetadata(doc: Document, pageUrl: URL): PageMetadata {
  const meta = metaValues(doc);
  const jsonLd = articleJsonLd(doc);
  const siteName = first(meta['og:site_name'], jsonLd.publisher, meta['application-name'], meta['twitter:site']?.replace(/^@/, ''));
  const title = withoutSiteName(first(
    jsonLd.headline,
    meta['og:title'],
    meta['twitter:title'],
    meta['dc.title'],
    meta['dcterm:title'],
    meta['parsely-title'],
    meta['sailthru.title'],
    documentTitle(doc, siteName),
  ), siteName);
  const htmlElement = elementsByTag(doc, 'html')[0];
  return {
    title,
    description: first(meta['og:description'], meta.description, meta['twitter:description'], meta['dc.description'], jsonLd.description),
    siteName,
    author: first(
      jsonLd.author,
      notUrl(meta.author),
      notUrl(meta['article:author']),
      meta['parsely-author'],
      meta['sailthru.author'],
      meta['dc.creator'],
      meta['twitter:creator']?.replace(/^@/, ''),
      relAuthor(doc),
    ),
    publishedAt: isoDate(
      first(
        meta['article:published_time'],
        jsonLd.datePublished,
        meta['og:published_time'],
        meta['datepublished'],
        meta['date'],
        meta['pubdate'],
        meta['publish-date'],
        meta['publish_date'],
        meta['dc.date.issued'],
        meta['dc.date'],
        meta['dcterms.created'],
        meta['parsely-pub-date'],
        meta['sailthru.date'],
        timeElementDate(doc),
      ),
    ),
    declaredLanguage: first(
      htmlElement ? (attr(htmlElement, 'lang') ?? attr(htmlElement, 'xml:lang')) : undefined,
      meta['content-language'],
      meta['og:locale']?.replace('_', '-'),
      jsonLd.inLanguage,
      meta['dc.language'],
    ),
    canonicalUrl: canonical(doc, pageUrl) ?? absoluteUrl(meta['og:url'], pageUrl),
  };
}

/** `<meta>` values by lower-cased name, property, itemprop or http-equiv; the first one of a name wins. */
function metaValues(doc: Document): Record<string, string> {
  const values: Record<string, string> = {};
  for (const element of elementsByTag(doc, 'meta')) {
    const content = attr(element, 'content')?.trim();
    if (!content) continue;
    for (const key of [attr(element, 'property'), attr(element, 'name'), attr(element, 'itemprop'), attr(element, 'http-equiv')]) {
      if (!key) continue;
      // `property` may hold several space-separated names ("og:title twitter:title").
      for (const name of key.toLowerCase().split(/\s+/)) if (name && values[name] === undefined) values[name] = content;
    }
  }
  return values;
}

interface JsonLdArticle {
  headline?: string;
  description?: string;
  author?: string;
  datePublished?: string;
  publisher?: string;
  inLanguage?: string;
}

function articleJsonLd(doc: Document): JsonLdArticle {
  for (const script of elementsByTag(doc, 'script')) {
    if ((attr(script, 'type') ?? '').toLowerCase() !== 'application/ld+json') continue;
    let parsed: unknown;
    try {
      parsed = JSON.parse(textOf(script).replace(/^\s*<!\[CDATA\[|\]\]>\s*$/g, ''));
    } catch {
      continue;
    }
    const article = flattenGraph(parsed).find((node) => types(node).some((type) => ARTICLE_TYPES.test(type)));
    if (!article) continue;
    return {
      headline: str(article.headline) ?? str(article.name),
      description: str(article.description),
      author: names(article.author ?? article.creator),
      datePublished: str(article.datePublished) ?? str(article.dateCreated),
      publisher: names(article.publisher),
      inLanguage: str(article.inLanguage),
    };
  }
  return {};
}

type JsonObject = Record<string, unknown>;

function flattenGraph(value: unknown): JsonObject[] {
  if (Array.isArray(value)) return value.flatMap(flattenGraph);
  if (typeof value !== 'object' || value === null) return [];
  const node = value as JsonObject;
  return Array.isArray(node['@graph']) ? [node, ...flattenGraph(node['@graph'])] : [node];
}

function types(node: JsonObject): string[] {
  const type = node['@type'];
  return (Array.isArray(type) ? type : [type]).filter((t): t is string => typeof t === 'string');
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() ? value.trim() : undefined;
}

/** A person or organisation as a name: "Ada", { name: "Ada" } or a list of them. */
function names(value: unknown): string | undefined {
  const list = (Array.isArray(value) ? value : [value])
    .map((entry) => (typeof entry === 'string' ? entry : typeof entry === 'object' && entry !== null ? (entry as JsonObject).name : undefined))
    .map(str)
    .filter((name): name is string => name !== undefined && !/^https?:\/\//.test(name));
  return list.length ? [...new Set(list)].join(', ') : undefined;
}

/**
 * The `<title>` without the site's name: "How X works | Example News" →
 * "How X works". Follows Readability: cut at the last separator unless that
 * leaves too few words; prefer an h1 that the title contains.
 */
function documentTitle(doc: Document, siteName: string | undefined): string | undefined {
  const titleElement = elementsByTag(doc, 'title')[0];
  const original = titleElement ? visibleText(titleElement) : '';
  // Documentation generators append a permalink sign to headings ("Install¶").
  const h1s = elementsByTag(doc, 'h1').map((h1) => visibleText(h1).replace(/\s*[¶#§🔗]$/u, '')).filter(Boolean);
  if (!original) return h1s[0];
  if (siteName) {
    const parts = original.split(TITLE_SEPARATORS);
    const withoutSite = parts.filter((part) => part.trim().toLowerCase() !== siteName.toLowerCase());
    if (withoutSite.length > 0 && withoutSite.length < parts.length) return withoutSite.join(' - ').trim();
  }
  const matchingH1 = h1s.find((h1) => h1.length >= 10 && original.includes(h1));
  if (matchingH1) return matchingH1;
  let title = original;
  if (TITLE_SEPARATORS.test(original)) {
    const hierarchical = HIERARCHICAL_SEPARATORS.test(original);
    const separators = [...original.matchAll(new RegExp(TITLE_SEPARATORS.source, 'g'))];
    title = original.slice(0, separators[separators.length - 1].index);
    if (wordCount(title) < 3) title = original.replace(new RegExp(`^.*?${TITLE_SEPARATORS.source}`), '');
    const words = wordCount(title);
    if (words <= 4 && (!hierarchical || words !== wordCount(original.replace(/[|\-–—\\/>»·•]+/g, '')) - 1)) title = original;
  } else if ((original.length > 150 || original.length < 15) && h1s.length === 1) {
    title = h1s[0];
  }
  return title.trim();
}

/** "GitHub - tidewater: a store" → "tidewater: a store" when the site is called GitHub. */
function withoutSiteName(title: string | undefined, siteName: string | undefined): string | undefined {
  if (!title || !siteName) return title;
  const parts = title.split(TITLE_SEPARATORS);
  const rest = parts.filter((part) => part.trim().toLowerCase() !== siteName.toLowerCase());
  return rest.length > 0 && rest.length < parts.length ? rest.join(' - ').trim() : title;
}

function wordCount(text: string): number {
  return text.split(/\s+/).filter(Boolean).length;
}

function relAuthor(doc: Document): string | undefined {
  for (const link of elementsByTag(doc, 'a')) {
    if ((attr(link, 'rel') ?? '').split(/\s+/).includes('author')) {
      const name = visibleText(link);
      if (name && name.length < 100) return name;
    }
  }
  return undefined;
}

function timeElementDate(doc: Document): string | undefined {
  const times = elementsByTag(doc, 'time').filter((time) => attr(time, 'datetime'));
  const published = times.find((time) => attr(time, 'pubdate') !== undefined || (attr(time, 'itemprop') ?? '').includes('datePublished'));
  const chosen = published ?? times[0];
  return chosen ? attr(chosen, 'datetime') : undefined;
}

function canonical(doc: Document, pageUrl: URL): string | undefined {
  const link = elementsByTag(doc, 'link').find((element) => (attr(element, 'rel') ?? '').toLowerCase().split(/\s+/).includes('canonical'));
  return link ? absoluteUrl(attr(link, 'href'), pageUrl) : undefined;
}

function absoluteUrl(href: string | undefined, base: URL): string | undefined {
  if (!href || !URL.canParse(href.trim(), base.href)) return undefined;
  const url = new URL(href.trim(), base.href);
  return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : undefined;
}

function notUrl(value: string | undefined): string | undefined {
  return value && !/^https?:\/\//i.test(value) ? value : undefined;
}

function first(...values: Array<string | undefined>): string | undefined {
  for (const value of values) {
    const trimmed = value?.replace(/\s+/g, ' ').trim();
    if (trimmed) return trimmed;
  }
  return undefined;
}

/** A date as ISO 8601 (UTC), or undefined when it does not parse. Date-only values stay date-only. */
export function isoDate(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const text = value.trim();
  if (/^\d{4}-\d{2}-\d{2}$/.test(text)) return text;
  const time = Date.parse(text);
  if (Number.isNaN(time)) return undefined;
  const year = new Date(time).getUTCFullYear();
  return year >= 1990 && year <= 2200 ? new Date(time).toISOString() : undefined;
}
