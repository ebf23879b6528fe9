import { attr, elementsByTag, parseHtml } from './dom';
import { contentLanguage } from './language';
import { renderContent } from './markdown';
import { readMetadata } from './metadata';
import { extractArticle } from './readability';
import { contentHash, wordCount } from './text-stats';

/** What fetch_page reports about a document's content, whatever its type. */
export interface ExtractedContent {
  title?: string;
  description?: string;
  siteName?: string;
  author?: string;
  publishedAt?: string;
  language?: string;
  canonicalUrl?: string;
  markdown: string;
  text: string;
  wordCount: number;
  contentHash: string;
}

const EXCERPT_CHARS = 300;

/** An HTML page → metadata plus its main content as Markdown and text. */
export function extractHtml(html: string, pageUrl: URL, contentLanguageHeader?: string): ExtractedContent {
  const doc = parseHtml(html);
  const metadata = readMetadata(doc, pageUrl);
  const base = baseUrl(doc, pageUrl);
  // The first attempt works on the document already parsed; a retry needs an untouched copy.
  let pristine: typeof doc | undefined = doc;
  const article = extractArticle(() => {
    const next = pristine ?? parseHtml(html);
    pristine = undefined;
    return next;
  }, metadata.title);
  const { markdown, text } = renderContent(article.root, base);
  return {
    title: metadata.title,
    description: metadata.description ?? excerpt(text),
    siteName: metadata.siteName,
    author: metadata.author ?? bylineName(article.byline),
    publishedAt: metadata.publishedAt,
    language: contentLanguage(metadata.declaredLanguage ?? contentLanguageHeader, text),
    canonicalUrl: metadata.canonicalUrl,
    markdown,
    text,
    wordCount: wordCount(text),
    contentHash: contentHash(text),
  };
}

function baseUrl(doc: ReturnType<typeof parseHtml>, pageUrl: URL): URL {
  const href = elementsByTag(doc, 'base').map((base) => attr(base, 'href')).find(Boolean);
  return href && URL.canParse(href, pageUrl.href) ? new URL(href, pageUrl.href) : pageUrl;
}

/** The first paragraph, cut at a word boundary: a description for pages that declare none. */
function excerpt(text: string): string | undefined {
  const paragraph = text.split(/\n\s*\n/).find((block) => block.trim().length >= 40)?.replace(/\s+/g, ' ').trim();
  if (!paragraph) return undefined;
  if (paragraph.length <= EXCERPT_CHARS) return paragraph;
  return `${paragraph.slice(0, EXCERPT_CHARS).replace(/\s+\S*$/, '')}…`;
}

/** "By Jane Doe" → "Jane Doe"; a byline that is mostly a date or a sentence is not a name. */
function bylineName(byline: string | undefined): string | undefined {
  const name = byline
    ?.replace(/^(written\s+)?(by|von|par|por|door|di|av|af)\s*:?\s+/i, '')
    .replace(/\s*[|,·•]\s*(updated|published|posted).*$/i, '')
    .trim();
  return name && name.length <= 80 ? name : undefined;
}
