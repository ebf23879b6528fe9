import type { bookmarkClassifier, jdClassifier, webScraper } from '@emm/contracts';
import { z } from 'zod';
import { type Bookmark, hasOwnTitle } from './work-items';

export type Classification = z.output<typeof bookmarkClassifier.classifyBookmark.output>;
export type ClassifyRequest = z.input<typeof bookmarkClassifier.classifyBookmark.input>;
export type AllocateRequest = z.input<typeof jdClassifier.allocateId.input>;
export type Page = z.output<typeof webScraper.fetchPage.output>;

/**
 * Where a bookmark's note goes and what the classifier said, decided once
 * per bookmark and kept with its import record: a retry of the item, or a
 * second run, writes the same note in the same folder.
 */
export const placementSchema = z.object({
  /** The vault folder of the note (a JD ID folder). */
  folder: z.string(),
  /** The JD ID of that folder. */
  jdId: z.string(),
  /** The note's title (and file name). */
  title: z.string(),
  needsReview: z.boolean(),
  /** 0..1, rounded to 2 places. */
  confidence: z.number(),
  /** For notes in the review inbox: where the classifier would have filed it. */
  suggested: z.object({ jdId: z.string(), path: z.string() }).optional(),
  provider: z.string(),
  /** Optional: placements claimed before the classifier reported its model have none. */
  model: z.string().optional(),
  decidedBy: z.string(),
  tags: z.array(z.string()),
  summary: z.string().optional(),
});

export type Placement = z.infer<typeof placementSchema>;

/** Name of the ID allocated in a category when the classifier found the category but no ID in it that fits. */
export const ALLOCATED_ID_NAME = 'Bookmarks';

/**
 * Where a classified bookmark goes:
 * - `review`: the classifier is not sure (needs_review): the review inbox;
 * - `id`: it named an existing JD ID: that folder;
 * - `allocate`: it named a category but no ID fits: the category's "Bookmarks" ID,
 *   allocated on first use (one per category, so bookmarks do not each get an ID of their own).
 */
export type FolderChoice =
  | { kind: 'review' }
  | { kind: 'id'; jdId: string; folder: string }
  | { kind: 'allocate'; request: AllocateRequest };

export function chooseFolder(classification: Classification): FolderChoice {
  if (classification.needs_review) return { kind: 'review' };
  if (classification.item !== undefined) return { kind: 'id', jdId: classification.item.id, folder: classification.item.path };
  const category = classification.category.id;
  // The key makes allocate_id hand back the same ID for every bookmark (and every retry) in this category.
  return { kind: 'allocate', request: { category, name: ALLOCATED_ID_NAME, key: `bookmark-scraper:bookmarks:${category}` } };
}

/** Longest page text sent for classification: the opening says what a page is about, and the classifier's cache key hashes all of it. */
export const CLASSIFY_TEXT_MAX_CHARS = 50_000;

/** classify_bookmark's own limits (see its contract), so an odd export never fails the call. */
const LIMITS = { title: 1_000, folders: 50, folder: 500, tags: 100, tag: 200 } as const;

/** What classify_bookmark is asked: the bookmark (its folders and tags are strong hints) and what the page says. */
export function classifyRequest(bookmark: Bookmark, page: Page): ClassifyRequest {
  const title = hasOwnTitle(bookmark) ? bookmark.title : (page.title ?? bookmark.title);
  const text = (page.text.trim() || page.description?.trim() || '').slice(0, CLASSIFY_TEXT_MAX_CHARS);
  return {
    url: bookmark.url,
    title: title.slice(0, LIMITS.title),
    folder_path: bookmark.folder_path.slice(0, LIMITS.folders).map((folder) => folder.slice(0, LIMITS.folder)),
    ...(text !== '' && { text }),
    tags: bookmark.tags.slice(0, LIMITS.tags).map((tag) => tag.slice(0, LIMITS.tag)),
  };
}

/** write_note's limit on titles. */
const MAX_TITLE_LENGTH = 300;

/**
 * The note's title: the bookmark's own title (the user may have renamed it),
 * else the page's, else the `host/path` stand-in. White space collapsed, at
 * most 300 characters.
 */
export function noteTitle(bookmark: Bookmark, page: Pick<Page, 'title'>): string {
  const candidates = [hasOwnTitle(bookmark) ? bookmark.title : undefined, page.title, bookmark.title, bookmark.url];
  const title = candidates.map((candidate) => candidate?.replace(/\s+/g, ' ').trim() ?? '').find((candidate) => candidate !== '') ?? bookmark.url;
  if (title.length <= MAX_TITLE_LENGTH) return title;
  // Cut by UTF-16 units (what the limit counts) without leaving half a surrogate pair behind.
  return `${title.slice(0, MAX_TITLE_LENGTH - 1).replace(/[\uD800-\uDBFF]$/, '').trimEnd()}…`;
}

export function roundConfidence(confidence: number): number {
  return Math.round(confidence * 100) / 100;
}
