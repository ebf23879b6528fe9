import type { Placement, Page } from './placement';
import type { Bookmark } from './work-items';

/** What write_note is given for one bookmark (title and folder come from the placement). */
export interface BookmarkNote {
  frontMatter: Record<string, unknown>;
  body: string;
}

export interface BookmarkNoteInput {
  bookmark: Bookmark;
  page: Page;
  placement: Placement;
  /** Longest page Markdown kept; 0 keeps only the excerpt and the link. */
  markdownMaxChars: number;
}

/**
 * The note of a bookmark. Front matter: the keys every EMM note has (title,
 * jd_id, jd_path, source, classifier, confidence, needs_review, tags) and the
 * bookmark's own (url, site, bookmarked, …). Body: the excerpt, the link, the
 * bookmark's description, then the page as Markdown, cut at a paragraph when
 * it is long — the note is for finding the page again, the page stays the
 * original.
 */
export function renderBookmarkNote({ bookmark, page, placement, markdownMaxChars }: BookmarkNoteInput): BookmarkNote {
  return { frontMatter: frontMatterOf(bookmark, page, placement), body: bodyOf(bookmark, page, placement, markdownMaxChars) };
}

function frontMatterOf(bookmark: Bookmark, page: Page, placement: Placement): Record<string, unknown> {
  const frontMatter: Record<string, unknown> = {
    title: placement.title,
    jd_id: placement.jdId,
    jd_path: placement.folder,
    // The bookmark's normalised URL is its identity; the page hash tells write_note (skip-if-same) whether it changed.
    source: { kind: 'bookmark', url: bookmark.url, ...(page.contentHash !== undefined && { hash: page.contentHash }) },
    classifier: { provider: placement.provider, ...(placement.model !== undefined && { model: placement.model }), decided_by: placement.decidedBy },
    confidence: placement.confidence,
    needs_review: placement.needsReview,
  };
  if (placement.suggested !== undefined) {
    frontMatter.suggested = { jd_id: placement.suggested.jdId, jd_path: placement.suggested.path };
  }
  frontMatter.tags = obsidianTags(placement.tags);
  frontMatter.url = bookmark.url;
  if (page.finalUrl !== bookmark.url) frontMatter.final_url = page.finalUrl;
  frontMatter.site = siteOf(bookmark.url, page.siteName);
  if (bookmark.added_at !== undefined) frontMatter.bookmarked = bookmark.added_at;
  if (bookmark.folder_path.length > 0) frontMatter.bookmark_folders = bookmark.folder_path;
  if (page.author !== undefined) frontMatter.author = page.author;
  if (page.publishedAt !== undefined) frontMatter.published = page.publishedAt;
  if (page.language !== undefined) frontMatter.language = page.language;
  return frontMatter;
}

function bodyOf(bookmark: Bookmark, page: Page, placement: Placement, markdownMaxChars: number): string {
  const description = bookmark.description?.trim() || undefined;
  const excerpt = page.description?.trim() || description || placement.summary?.trim() || undefined;
  const markdown = markdownMaxChars > 0 ? page.markdown.trim() : '';
  const parts: string[] = [];
  if (excerpt !== undefined && !opensWith(markdown, excerpt)) parts.push(blockquote(excerpt));
  parts.push(`<${bookmark.url}>`);
  if (description !== undefined && description !== excerpt) parts.push(`**Bookmark note:** ${description}`);
  if (markdown !== '') {
    const cut = cutMarkdown(markdown, markdownMaxChars);
    parts.push('## Page', cut.text);
    if (cut.cut) parts.push(`*Cut at ${cut.text.length.toLocaleString('en-US')} of ${markdown.length.toLocaleString('en-US')} characters: the whole page is at the link above.*`);
  }
  return `${parts.join('\n\n')}\n`;
}

/**
 * True when the page itself starts with the excerpt: web-scraper makes the
 * description of a page without one from its opening text, and a short page
 * would otherwise appear twice.
 */
function opensWith(markdown: string, excerpt: string): boolean {
  const flat = (text: string) => text.replace(/\s+/g, ' ').trim();
  const opening = flat(excerpt).replace(/(…|\.\.\.)$/, '').trimEnd();
  return opening !== '' && flat(markdown).startsWith(opening);
}

function blockquote(text: string): string {
  return text
    .split(/\r?\n/)
    .map((line) => (line.trim() === '' ? '>' : `> ${line}`))
    .join('\n');
}

/** The site a note names: the page's own site name, else the host without `www.`. */
export function siteOf(url: string, siteName: string | undefined): string {
  const name = siteName?.trim();
  if (name) return name;
  return URL.canParse(url) ? new URL(url).hostname.replace(/^www\./, '') : url;
}

export interface CutMarkdown {
  text: string;
  cut: boolean;
}

/**
 * `markdown` at most `maxChars` long, cut at the last paragraph break (or
 * line break) in the second half of the allowance so no sentence or table row
 * is cut in two, and with a code fence closed if the cut left one open.
 */
export function cutMarkdown(markdown: string, maxChars: number): CutMarkdown {
  if (markdown.length <= maxChars) return { text: markdown, cut: false };
  const head = markdown.slice(0, maxChars);
  const floor = Math.floor(maxChars / 2);
  const paragraph = head.lastIndexOf('\n\n');
  const line = head.lastIndexOf('\n');
  const end = paragraph >= floor ? paragraph : line >= floor ? line : maxChars;
  let text = head.slice(0, end).replace(/[\uD800-\uDBFF]$/, '').trimEnd();
  const fences = text.split('\n').flatMap((row) => /^\s*(```|~~~)/.exec(row)?.[1] ?? []);
  if (fences.length % 2 === 1) text += `\n${fences[fences.length - 1]}`;
  return { text, cut: true };
}

/**
 * Tags as Obsidian accepts them in front matter: no `#`, no spaces (they
 * become `-`), c++ and c# spelled cpp and csharp, only letters, digits, `_`, `-` and `/`, not only digits;
 * lower case, each once.
 */
export function obsidianTags(tags: readonly string[]): string[] {
  const seen = new Set<string>();
  const result: string[] = [];
  for (const raw of tags) {
    const tag = raw
      .trim()
      .replace(/^#+/, '')
      .toLowerCase()
      // The usual spellings of language names: c++ → cpp, c# → csharp.
      .replace(/\+\+/g, 'pp')
      .replace(/(?<=\p{L})#/gu, 'sharp')
      .replace(/\s+/g, '-')
      .replace(/[^\p{L}\p{N}_\-/]/gu, '')
      .replace(/-{2,}/g, '-')
      .replace(/^[-/]+|[-/]+$/g, '');
    if (tag === '' || /^\d+$/.test(tag) || seen.has(tag)) continue;
    seen.add(tag);
    result.push(tag);
  }
  return result;
}
