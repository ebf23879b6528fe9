import { defineToolContract } from '@emm/mcp/contract';
import { z } from 'zod';

// Tool contract of web-scraper-service: fetch_page.

const fetchPageInput = z.object({
  url: z.string().trim().min(1).max(8192).describe('The page to fetch: an absolute http:// or https:// URL'),
  bypassCache: z.boolean().default(false).describe('Fetch the page again even when a cached result exists; the new result replaces it'),
});

const fetchPageOutput = z.object({
  url: z.string().describe('The URL asked for (without credentials)'),
  finalUrl: z.string().describe('The URL the content came from, after redirects'),
  status: z.number().int().describe('HTTP status of the final response'),
  contentType: z.string().optional().describe('Content-Type of the final response'),
  kind: z.enum(['html', 'text', 'pdf', 'other']).describe('How the body was read: html and pdf are extracted, text is taken as is, other is metadata only'),
  title: z.string().optional(),
  description: z.string().optional().describe('The page’s own description, else the opening of its text'),
  siteName: z.string().optional(),
  author: z.string().optional(),
  publishedAt: z.string().optional().describe('Publication date, ISO 8601, when the page gives one'),
  language: z.string().optional().describe('ISO 639 code (en, de, …): declared by the page, else detected from the text'),
  canonicalUrl: z.string().optional().describe('The URL the page names as its canonical address'),
  markdown: z.string().describe('Main content as Markdown (navigation, ads and boilerplate removed)'),
  text: z.string().describe('Main content as plain text'),
  wordCount: z.number().int(),
  contentHash: z.string().optional().describe('sha256 (hex) of the whitespace-normalised text; of the raw body for other kinds'),
  bytes: z.number().int().describe('Size of the body read, after decompression; for metadata-only kinds the declared Content-Length'),
  redirects: z.array(z.string()).describe('Every URL redirected to, in order'),
  fetchedAt: z.string().describe('When the page was fetched (ISO 8601); older than now when served from the cache'),
  cached: z.boolean().describe('true when served from the cache'),
});

const fetchPage = defineToolContract({ service: 'web-scraper', name: 'fetch_page', input: fetchPageInput, output: fetchPageOutput });

/** The tool of web-scraper-service: `client.call(webScraper.fetchPage, { url })`. */
export const webScraper = { fetchPage } as const;

/**
 * Why fetch_page failed, as its error's `reason` (McpCallError.reason), for
 * callers that treat the failures differently:
 * - `blocked`: a safety or politeness rule refused the URL or a redirect (a private address, robots.txt, too many redirects, too large),
 * - `name_not_found`: the host name does not exist,
 * - `connection_refused`: the host answers, but nothing serves there,
 * - `unreachable`: no answer right now (a timeout, a reset, robots.txt unreachable): worth trying later,
 * - `unreadable`: the server answered something unusable (a bad TLS certificate, malformed HTTP, a body that cannot be decoded or read).
 */
export const FETCH_PAGE_FAILURES = ['blocked', 'name_not_found', 'connection_refused', 'unreachable', 'unreadable'] as const;
export type FetchPageFailure = (typeof FETCH_PAGE_FAILURES)[number];
