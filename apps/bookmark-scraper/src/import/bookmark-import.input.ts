import { INPUT_FORMATS } from '@emm/contracts';
import { z } from 'zod';

/** Most URLs one run takes as a list; a bigger collection comes as an export (`content` or `path`). */
export const MAX_URLS = 50_000;

const SOURCES = ['content', 'path', 'urls'] as const;

/**
 * The input of a `bookmark-import` run: exactly one source of bookmarks —
 * an export uploaded with the request, an export file in UNSORTED, or a list
 * of URLs — and optionally the export's format (detected when left out).
 */
export const bookmarkImportInput = z
  .object({
    content: z
      .string()
      .refine((text) => text.trim() !== '', 'must not be empty')
      .optional()
      .describe('A bookmark export as text: Netscape bookmark HTML (what every browser exports), JSON (a list, Chrome\'s Bookmarks file, a Firefox backup) or one URL per line'),
    path: z
      .string()
      .trim()
      .min(1, 'must not be empty')
      .max(4096, 'must be at most 4096 characters')
      .optional()
      .describe('An export file in UNSORTED, relative to it, e.g. "bookmarks.json"'),
    urls: z
      .array(
        z
          .string()
          .trim()
          .min(1, 'must not be empty')
          .max(8192, 'must be at most 8192 characters')
          // One URL per line of a URL list: white space would split it, a leading # would make it a comment.
          .regex(/^[^\s#]\S*$/, 'must be one URL, without spaces or line breaks'),
      )
      .min(1, 'must list at least one URL')
      .max(MAX_URLS, `must list at most ${MAX_URLS} URLs`)
      .optional()
      .describe('URLs to import, e.g. ["https://example.com/article"]'),
    format: z.enum(INPUT_FORMATS).optional().describe('netscape-html, json or url-list; detected from the content when left out'),
  })
  .strict()
  .superRefine((input, ctx) => {
    const given = SOURCES.filter((source) => input[source] !== undefined);
    if (given.length === 0) {
      ctx.addIssue({ code: 'custom', path: ['content'], message: 'give exactly one of content, path or urls' });
    } else if (given.length > 1) {
      ctx.addIssue({ code: 'custom', path: [given[1]], message: `give only one of content, path or urls (${given[0]} is given too)` });
    }
    if (input.urls !== undefined && input.format !== undefined && input.format !== 'url-list') {
      ctx.addIssue({ code: 'custom', path: ['format'], message: 'must be url-list or left out when urls are given' });
    }
  });

export type BookmarkImportInput = z.infer<typeof bookmarkImportInput>;
