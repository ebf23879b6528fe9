import type { ConfluenceHttp } from '../http/confluence-http';
import { unlessNotFound } from '../http/errors';
import { mapConcurrent, type PageAncestor } from '../model';
import { cloudAncestors, cloudFolder, cloudPageTitles } from './cloud-shapes';

interface AncestorRef {
  id: string;
  type: string;
}

/** v2 caps `id=` lists at 250 ids. */
const TITLE_BATCH = 250;

/**
 * The place of pages in the tree, for the v2 API that gives a page's
 * ancestors as ids only. Chains are derived from known parents where
 * possible (a listing often contains the parent), fetched otherwise, and
 * titles are looked up in bulk. Lives for one tool call.
 */
export class CloudAncestry {
  private readonly chains = new Map<string, AncestorRef[]>();
  private readonly titles = new Map<string, string>();

  constructor(
    private readonly http: ConfluenceHttp,
    private readonly concurrency: number,
    private readonly signal?: AbortSignal,
  ) {}

  /** Titles already known (from a listing) need no lookup. */
  noteTitle(id: string, title: string): void {
    this.titles.set(id, title);
  }

  /** Ancestors of each page, root first, with titles. */
  async resolve(pages: ReadonlyArray<{ id: string; parentId?: string | null; parentType?: string | null }>): Promise<PageAncestor[][]> {
    const chains = await mapConcurrent(pages, this.concurrency, (page) => this.chainOf(page));
    await this.lookUpTitles(chains.flat());
    return chains.map((chain) => chain.map(({ id }) => ({ id, title: this.titles.get(id) })));
  }

  private async chainOf(page: { id: string; parentId?: string | null; parentType?: string | null }): Promise<AncestorRef[]> {
    const known = this.chains.get(page.id);
    if (known) return known;
    if (!page.parentId) return this.remember(page.id, []);
    const parentChain = this.chains.get(page.parentId);
    if (parentChain) return this.remember(page.id, [...parentChain, { id: page.parentId, type: page.parentType ?? 'page' }]);
    // Deleted between listing and this request: it simply has no known place any more.
    const answer = await unlessNotFound(
      this.http.get(`/api/v2/pages/${encodeURIComponent(page.id)}/ancestors`, cloudAncestors, { operation: 'page_ancestors', query: { limit: 250 }, signal: this.signal }),
      { results: [] },
    );
    const chain = answer.results.map((a) => ({ id: a.id, type: a.type ?? 'page' }));
    // Every prefix of the chain is the chain of that ancestor: their children need no request.
    chain.forEach((ancestor, index) => this.remember(ancestor.id, chain.slice(0, index)));
    return this.remember(page.id, chain);
  }

  private remember(id: string, chain: AncestorRef[]): AncestorRef[] {
    this.chains.set(id, chain);
    return chain;
  }

  private async lookUpTitles(ancestors: readonly AncestorRef[]): Promise<void> {
    const missing = new Map<string, AncestorRef>();
    for (const ancestor of ancestors) if (!this.titles.has(ancestor.id)) missing.set(ancestor.id, ancestor);
    const pageIds = [...missing.values()].filter((a) => a.type === 'page').map((a) => a.id);
    for (let start = 0; start < pageIds.length; start += TITLE_BATCH) {
      const ids = pageIds.slice(start, start + TITLE_BATCH);
      const answer = await this.http.get('/api/v2/pages', cloudPageTitles, {
        operation: 'page_titles',
        query: { id: ids.join(','), limit: TITLE_BATCH },
        signal: this.signal,
      });
      for (const page of answer.results) this.titles.set(page.id, page.title);
    }
    const folders = [...missing.values()].filter((a) => a.type === 'folder');
    await mapConcurrent(folders, this.concurrency, async (folder) => {
      const answer = await unlessNotFound(this.http.get(`/api/v2/folders/${encodeURIComponent(folder.id)}`, cloudFolder, { operation: 'folder', signal: this.signal }), undefined);
      if (answer) this.titles.set(folder.id, answer.title);
    });
  }
}
