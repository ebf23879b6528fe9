import { confluence } from '@emm/contracts';
import { PermanentItemError } from '@emm/agent-runtime';
import { McpCallError, type McpClient } from '@emm/mcp';
import type { SyncPosition } from './cursor-store';
import type { PageSummary } from './page-item';

export interface SpacePages {
  pages: PageSummary[];
  /** The complete listing's sync cursor. */
  nextCursor: string;
}

/**
 * Lists a space's pages through confluence-service's list_pages, from a
 * stored position (or from the beginning), following nextCursor until the
 * listing is complete — a first sync of a large space takes several calls.
 */
export class PageLister {
  constructor(
    private readonly client: McpClient<'confluence'>,
    private readonly limit: number,
  ) {}

  async list(spaceKey: string, from: SyncPosition | undefined, signal: AbortSignal): Promise<SpacePages> {
    const pages: PageSummary[] = [];
    let request: { since?: string; cursor?: string } = from ?? {};
    for (let call = 1; ; call += 1) {
      const listing = await this.listOnce(spaceKey, request, call === 1 && from !== undefined, signal);
      pages.push(...listing.pages);
      if (listing.complete) return { pages, nextCursor: listing.nextCursor };
      request = { cursor: listing.nextCursor };
    }
  }

  private async listOnce(spaceKey: string, request: { since?: string; cursor?: string }, fromStoredPosition: boolean, signal: AbortSignal) {
    try {
      return await this.client.call(confluence.listPages, { spaceKey, limit: this.limit, ...request }, { signal });
    } catch (error) {
      if (fromStoredPosition && error instanceof McpCallError && error.kind === 'invalid_argument') {
        // A cursor from another Confluence (the flavour or site changed): only a full listing gets the space back in sync.
        throw new PermanentItemError(`space ${spaceKey}: confluence-service refused the stored sync position (${error.detail}); run the sync with "full": true`);
      }
      throw error;
    }
  }
}
