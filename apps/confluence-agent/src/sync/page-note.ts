import type { confluence, fileSystem } from '@emm/contracts';
import type { ToolArgs, ToolResult } from '@emm/mcp';
import type { Placement } from './note-record';
import type { Classification } from './placement';
import type { SpaceRef } from './page-item';

export type FullPage = ToolResult<typeof confluence.getPage>;
export type WriteNoteArgs = ToolArgs<typeof fileSystem.writeNote>;

export interface PageNoteInput {
  page: FullPage;
  space: SpaceRef;
  classification: Pick<Classification, 'provider' | 'model' | 'confidence' | 'tags'> & Partial<Pick<Classification, 'category' | 'item'>>;
  placement: Placement;
}

/** The source identity and version file-system-service keys the note by. */
export function pageSource(page: Pick<FullPage, 'id' | 'version'>): { kind: 'confluence'; id: string; hash: string } {
  return { kind: 'confluence', id: page.id, hash: String(page.version) };
}

/**
 * The front matter every EMM note has (title, JD place, source, classifier,
 * confidence, review flag, tags) plus the page's own: space, version, URL,
 * labels and ancestor titles (root first).
 */
export function pageFrontMatter({ page, space, classification, placement }: PageNoteInput): Record<string, unknown> & { source: ReturnType<typeof pageSource> } {
  // In the review inbox, the classifier's best guess helps the person who files it (the same key every agent writes).
  const guess = classification.item ?? classification.category ?? undefined;
  return {
    title: page.title,
    jd_id: placement.jdId,
    jd_path: placement.folder,
    source: pageSource(page),
    classifier: { provider: classification.provider, model: classification.model },
    confidence: Math.round(classification.confidence * 100) / 100,
    needs_review: placement.inbox,
    ...(placement.inbox && guess !== undefined && { suggested: { jd_id: guess.id, jd_path: guess.path } }),
    tags: classification.tags,
    space: space.key,
    version: page.version,
    ...(page.webUrl !== undefined && { url: page.webUrl }),
    labels: page.labels,
    ancestors: page.ancestors.map((ancestor) => ancestor.title ?? ancestor.id),
  };
}

/**
 * The write_note call for a page version: in the placement's folder, under
 * the file title the note was first written with, replacing the page's
 * earlier note there. The body is the page's Markdown.
 */
export function pageNoteWrite(input: PageNoteInput): WriteNoteArgs {
  return {
    folder: input.placement.folder,
    title: input.placement.fileTitle,
    frontMatter: pageFrontMatter(input),
    body: input.page.markdown,
    mode: 'replace',
  };
}
