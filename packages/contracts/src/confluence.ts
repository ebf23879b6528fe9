import { defineToolContract } from '@emm/mcp/contract';
import { z } from 'zod';

// Tool contracts of confluence-service: spaces, pages of a space, one page as Markdown.

const spaceKeyInput = z
  .string()
  .trim()
  .min(1)
  .max(255)
  .regex(/^~?[\w.@-]+$/, 'must be a space key such as DOC or ~jsmith');

const ancestorSchema = z.object({ id: z.string(), title: z.string().optional() });

export const confluencePageSummarySchema = z.object({
  id: z.string(),
  title: z.string(),
  spaceKey: z.string(),
  version: z.number().int(),
  /** ISO 8601 instant this version was saved */
  lastModified: z.string(),
  /** root first, immediate parent last */
  ancestors: z.array(ancestorSchema),
  labels: z.array(z.string()),
  webUrl: z.string().optional(),
});

const listSpacesOutput = z.object({
  spaces: z.array(
    z.object({
      id: z.string(),
      key: z.string(),
      name: z.string(),
      type: z.string().optional(),
      status: z.string().optional(),
      description: z.string().optional(),
      webUrl: z.string().optional(),
    }),
  ),
});

const listPagesOutput = z.object({
  spaceKey: z.string(),
  pages: z.array(confluencePageSummarySchema),
  /** pass back as `cursor`: continues an unfinished listing, or (complete) lists what changed since */
  nextCursor: z.string(),
  /** true when the listing reached its end; false when `limit` stopped it and nextCursor continues it */
  complete: z.boolean(),
  /** newest lastModified seen in this listing */
  newestChange: z.string().optional(),
});

const getPageOutput = confluencePageSummarySchema.extend({
  markdown: z.string(),
  attachments: z.array(
    z.object({ filename: z.string(), downloadUrl: z.string(), mediaType: z.string().optional(), fileSize: z.number().optional() }),
  ),
  linkedPages: z.array(z.object({ title: z.string(), spaceKey: z.string().optional() })),
  /** macros the converter does not know; they were kept as their text */
  unknownMacros: z.array(z.string()),
});

const listSpaces = defineToolContract({
  service: 'confluence',
  name: 'list_spaces',
  input: z.object({
    type: z.enum(['global', 'personal']).optional().describe('Only global (team) or only personal spaces; omit for both'),
  }),
  output: listSpacesOutput,
});

const listPages = defineToolContract({
  service: 'confluence',
  name: 'list_pages',
  input: z
    .object({
      spaceKey: spaceKeyInput.describe('Space key, e.g. DOC'),
      since: z.iso.datetime({ offset: true }).optional().describe('ISO 8601 date-time: only pages changed at or after it'),
      cursor: z.string().min(1).max(16_384).optional().describe('nextCursor from an earlier list_pages of the same space'),
      limit: z.number().int().min(1).max(5_000).default(500).describe('Most pages to return in this call; nextCursor continues after them'),
    })
    .refine((args) => args.since === undefined || args.cursor === undefined, { message: 'give since or cursor, not both', path: ['cursor'] }),
  output: listPagesOutput,
});

const getPage = defineToolContract({
  service: 'confluence',
  name: 'get_page',
  input: z.object({
    id: z.string().trim().regex(/^\d{1,20}$/, 'must be a numeric page id').describe('Page id, e.g. 65538'),
    version: z.number().int().min(1).optional().describe('Version number; omit for the current version'),
  }),
  output: getPageOutput,
});

/** The tools of confluence-service: `client.call(confluence.getPage, { id })`. */
export const confluence = { listSpaces, listPages, getPage } as const;
