import { Injectable } from '@nestjs/common';
import { confluence } from '@emm/contracts';
import { defineTool, type McpToolProvider } from '@emm/mcp';
import { ConfluenceService } from '../confluence/confluence.service';
import { asToolErrors } from './tool-errors';

/** The three Confluence tools, declared from their contracts (@emm/contracts) and served over MCP and REST. */
@Injectable()
export class ConfluenceTools implements McpToolProvider {
  constructor(private readonly confluence: ConfluenceService) {}

  tools() {
    return [this.listSpaces, this.listPages, this.getPage];
  }

  readonly listSpaces = defineTool(confluence.listSpaces, {
    title: 'List Confluence spaces',
    description: 'The Confluence spaces these credentials can read: key, name, type, description and web URL. Use a key with list_pages.',
    cache: { ttlSeconds: 300 },
    idempotent: true,
    readOnly: true,
    handler: ({ type }, { signal }) => asToolErrors(async () => ({ spaces: await this.confluence.listSpaces(type, signal) })),
  });

  readonly listPages = defineTool(confluence.listPages, {
    title: 'List pages of a space',
    description:
      'Pages of a space with id, title, version, last-modified time, ancestors (their place in the page tree), labels and web URL, following the API\'s pagination. ' +
      'Give `since` for pages changed since then, or `cursor` (nextCursor of an earlier call): when `complete` is false it continues that listing, ' +
      'when true it lists what changed since it, so storing nextCursor keeps a space in sync. Pages changed at the very instant a listing ended may be listed again; id + version tell them apart.',
    cache: false,
    idempotent: true,
    readOnly: true,
    handler: ({ spaceKey, since, cursor, limit }, { signal }) =>
      asToolErrors(async () => {
        const result = await this.confluence.listPages({ spaceKey, since: since === undefined ? undefined : new Date(since), cursor, limit, signal });
        return { spaceKey, ...result };
      }),
  });

  readonly getPage = defineTool(confluence.getPage, {
    title: 'Get a page as Markdown',
    description:
      'One page converted from Confluence storage format to Markdown: headings, lists, tables, links, code blocks with language, info/note/warning/tip panels as Obsidian callouts, task lists, mentions and page links as readable text, attachments listed. ' +
      'Pass `version` (from list_pages) to get exactly that version; results are cached by page id and version.',
    cache: { ttlSeconds: 3600 },
    idempotent: true,
    readOnly: true,
    handler: ({ id, version }, { signal }) => asToolErrors(() => this.confluence.getPage(id, version, signal)),
  });
}
