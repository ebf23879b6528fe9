import { Injectable } from '@nestjs/common';
import { defineTool, type McpToolProvider } from '@emm/mcp';
import { z } from 'zod';
import { ConfluenceService } from '../confluence/confluence.service';
import { getPageOutput, listPagesOutput, listSpacesOutput, spaceKeyInput } from './schemas';
import { asToolErrors } from './tool-errors';

/** The three Confluence tools, each declared once and served over MCP and REST. */
@Injectable()
export class ConfluenceTools implements McpToolProvider {
  constructor(private readonly confluence: ConfluenceService) {}

  tools() {
    return [this.listSpaces, this.listPages, this.getPage];
  }

  readonly listSpaces = defineTool({
    name: 'list_spaces',
    title: 'List Confluence spaces',
    description: 'The Confluence spaces these credentials can read: key, name, type, description and web URL. Use a key with list_pages.',
    input: z.object({
      type: z.enum(['global', 'personal']).optional().describe('Only global (team) or only personal spaces; omit for both'),
    }),
    output: listSpacesOutput,
    cache: { ttlSeconds: 300 },
    idempotent: true,
    readOnly: true,
    handler: ({ type }, { signal }) => asToolErrors(async () => ({ spaces: await this.confluence.listSpaces(type, signal) })),
  });

  readonly listPages = defineTool({
    name: 'list_pages',
    title: 'List pages of a space',
    description:
      'Pages of a space with id, title, version, last-modified time, ancestors (their place in the page tree), labels and web URL, following the API\'s pagination. ' +
      'Give `since` for pages changed since then, or `cursor` (nextCursor of an earlier call): when `complete` is false it continues that listing, ' +
      'when true it lists what changed since it, so storing nextCursor keeps a space in sync. Pages changed at the very instant a listing ended may be listed again; id + version tell them apart.',
    input: z
      .object({
        spaceKey: spaceKeyInput.describe('Space key, e.g. DOC'),
        since: z.iso.datetime({ offset: true }).optional().describe('ISO 8601 date-time: only pages changed at or after it'),
        cursor: z.string().min(1).max(16_384).optional().describe('nextCursor from an earlier list_pages of the same space'),
        limit: z.number().int().min(1).max(5_000).default(500).describe('Most pages to return in this call; nextCursor continues after them'),
      })
      .refine((args) => args.since === undefined || args.cursor === undefined, { message: 'give since or cursor, not both', path: ['cursor'] }),
    output: listPagesOutput,
    cache: false,
    idempotent: true,
    readOnly: true,
    handler: ({ spaceKey, since, cursor, limit }, { signal }) =>
      asToolErrors(async () => {
        const result = await this.confluence.listPages({ spaceKey, since: since === undefined ? undefined : new Date(since), cursor, limit, signal });
        return { spaceKey, ...result };
      }),
  });

  readonly getPage = defineTool({
    name: 'get_page',
    title: 'Get a page as Markdown',
    description:
      'One page converted from Confluence storage format to Markdown: headings, lists, tables, links, code blocks with language, info/note/warning/tip panels as Obsidian callouts, task lists, mentions and page links as readable text, attachments listed. ' +
      'Pass `version` (from list_pages) to get exactly that version; results are cached by page id and version.',
    input: z.object({
      id: z.string().trim().regex(/^\d{1,20}$/, 'must be a numeric page id').describe('Page id, e.g. 65538'),
      version: z.number().int().min(1).optional().describe('Version number; omit for the current version'),
    }),
    output: getPageOutput,
    cache: { ttlSeconds: 3600 },
    idempotent: true,
    readOnly: true,
    handler: ({ id, version }, { signal }) => asToolErrors(() => this.confluence.getPage(id, version, signal)),
  });
}
