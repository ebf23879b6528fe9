import { defineToolContract } from '@emm/mcp/contract';
import { z } from 'zod';

// Tool contracts of bookmark-classifier-service: parsing browser bookmark
// exports and classifying one bookmark (called by the bookmark-scraper agent).

/** The formats parse_bookmarks reads; `json` covers a plain list, Chrome's Bookmarks file and a Firefox backup. */
export const INPUT_FORMATS = ['netscape-html', 'json', 'url-list'] as const;
/** What a file turned out to be. */
export const DETECTED_FORMATS = ['netscape-html', 'json-list', 'chrome-json', 'firefox-json', 'url-list'] as const;

export const bookmarkSchema = z.object({
  url: z.string().describe('Normalised URL: lower-case scheme and host, no default port, fragment, trailing slash or tracking parameters; query parameters sorted'),
  original_url: z.string().optional().describe('The URL as the export wrote it, when normalising changed it'),
  title: z.string().describe('Title from the export (entities decoded), else host and path'),
  folder_path: z.array(z.string()).describe('Folder names from the top down, e.g. ["Bookmarks bar", "Dev"]'),
  added_at: z.string().optional().describe('When it was bookmarked, ISO 8601'),
  tags: z.array(z.string()).describe('Tags from the export (Firefox TAGS, JSON tags); duplicates of this URL contribute theirs'),
  description: z.string().optional().describe('Description saved with the bookmark (<DD> in Netscape files)'),
});

export const invalidBookmarkSchema = z.object({
  line: z.number().int().optional().describe('1-based line (Netscape HTML, URL lists)'),
  index: z.number().int().optional().describe('0-based position in a JSON list'),
  element: z.string().optional().describe('JSON path of the entry (Chrome and Firefox JSON files)'),
  url: z.string().describe('The URL as given ("" when there was none)'),
  reason: z.string(),
});

const parseBookmarks = defineToolContract({
  service: 'bookmark-classifier',
  name: 'parse_bookmarks',
  input: z.object({
    content: z
      .string()
      .min(1)
      .describe('The export as text: a Netscape bookmark file (what every browser exports), JSON (a list of { url, title?, folderPath? or folder?, tags?, addedAt? }, Chrome\'s Bookmarks file or a Firefox backup) or one URL per line'),
    format: z.enum(INPUT_FORMATS).optional().describe('netscape-html, json or url-list; detected from the content when omitted'),
  }),
  output: z.object({
    format: z.enum(DETECTED_FORMATS).describe('What the content turned out to be'),
    bookmarks: z.array(bookmarkSchema).describe('Usable bookmarks in file order, one per normalised URL'),
    duplicates: z.number().int().describe('Entries dropped because an earlier one has the same normalised URL'),
    invalid: z.array(invalidBookmarkSchema).describe('Entries that were skipped, each with its place in the input and the reason'),
  }),
});

const jdPlaceSchema = z.object({
  id: z.string().describe('JD number'),
  name: z.string(),
  path: z.string().describe('Vault folder relative to the vault root'),
});

/**
 * Kinds of evidence about a bookmark's place, most direct first (the order
 * decides which one names the ID when several agree on a category).
 */
export const SIGNAL_SOURCES = ['folder_number', 'domain_rule', 'folder_name', 'content'] as const;

const classifyBookmark = defineToolContract({
  service: 'bookmark-classifier',
  name: 'classify_bookmark',
  input: z.object({
    url: z.string().trim().min(1).max(8192).describe('The bookmark\'s URL (normalised before use)'),
    title: z.string().max(1000).optional().describe('The bookmark\'s title'),
    folder_path: z.array(z.string().max(500)).max(50).default([]).describe('Folder names from the top down, as parse_bookmarks returns them'),
    text: z.string().max(1_000_000).optional().describe('Readable page text (e.g. from web-scraper fetch_page); without it title and URL words are judged'),
    tags: z.array(z.string().max(200)).max(100).default([]).describe('Tags the bookmark already has'),
  }),
  output: z.object({
    url: z.string().describe('The normalised URL'),
    jd_id: z.string().describe('Where it belongs: the JD ID when one was chosen, else the category; the review inbox when nothing pointed anywhere'),
    path: z.string().describe('Vault folder of jd_id'),
    category: jdPlaceSchema,
    item: jdPlaceSchema.optional(),
    confidence: z.number().min(0).max(1),
    needs_review: z.boolean().describe('true below the review threshold: file it in the review inbox'),
    decided_by: z.enum([...SIGNAL_SOURCES, 'none']).describe('The most direct kind of evidence for the chosen category (folder_number > domain_rule > folder_name > content); none: nothing pointed anywhere'),
    title: z.string(),
    summary: z.string().optional(),
    tags: z.array(z.string()),
    signals: z
      .array(z.object({ source: z.enum(SIGNAL_SOURCES), jd_id: z.string(), score: z.number(), detail: z.string() }))
      .describe('Every piece of evidence: domain rule, folder, content'),
    alternatives: z.array(z.object({ jd_id: z.string(), name: z.string(), path: z.string(), score: z.number() })).describe('Other likely places'),
    provider: z.string().describe('The content classifier that judged the text'),
    model: z.string().describe("The content classifier's model (the heuristic names its version)"),
    cached: z.boolean().describe('Served from the classification cache'),
  }),
});

/** The tools of bookmark-classifier-service: `client.call(bookmarkClassifier.classifyBookmark, { url })`. */
export const bookmarkClassifier = { parseBookmarks, classifyBookmark } as const;
