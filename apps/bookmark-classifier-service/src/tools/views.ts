import type { z } from 'zod';
import type { bookmarkClassifier, bookmarkSchema } from '@emm/contracts';
import type { Bookmark, ParsedBookmarks } from '../bookmarks/bookmark';
import type { BookmarkClassification } from '../classification/bookmark-classifier';

// The tools speak snake_case on the wire (as classify_content does); the domain code is plain TypeScript.

export function toParseView(parsed: ParsedBookmarks): z.input<typeof bookmarkClassifier.parseBookmarks.output> {
  return { format: parsed.format, bookmarks: parsed.bookmarks.map(toBookmarkView), duplicates: parsed.duplicates, invalid: parsed.invalid };
}

function toBookmarkView(bookmark: Bookmark): z.input<typeof bookmarkSchema> {
  const view: z.input<typeof bookmarkSchema> = { url: bookmark.url, title: bookmark.title, folder_path: bookmark.folderPath, tags: bookmark.tags };
  if (bookmark.originalUrl !== undefined) view.original_url = bookmark.originalUrl;
  if (bookmark.addedAt !== undefined) view.added_at = bookmark.addedAt;
  if (bookmark.description !== undefined) view.description = bookmark.description;
  return view;
}

export function toClassificationView(result: BookmarkClassification): z.input<typeof bookmarkClassifier.classifyBookmark.output> {
  return {
    url: result.url,
    jd_id: result.jdId,
    path: result.path,
    category: result.category,
    ...(result.item && { item: result.item }),
    confidence: result.confidence,
    needs_review: result.needsReview,
    decided_by: result.decidedBy,
    title: result.title,
    ...(result.summary !== undefined && { summary: result.summary }),
    tags: result.tags,
    signals: result.signals.map(({ jdId, ...signal }) => ({ ...signal, jd_id: jdId })),
    alternatives: result.alternatives.map(({ jdId, ...alternative }) => ({ ...alternative, jd_id: jdId })),
    provider: result.provider,
    model: result.model,
    cached: result.cached,
  };
}
