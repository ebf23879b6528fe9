import { Injectable } from '@nestjs/common';
import { ConfigService } from '@emm/config';
import { type FetchPageFailure, webScraper } from '@emm/contracts';
import { defineTool, type McpToolProvider, type ToolDefinition, ToolError, type ToolErrorCode } from '@emm/mcp';
import type { AppConfig } from '../config';
import { BlockedByPolicyError, FetchFailedError, type FetchFailureKind } from '../fetching/fetch-errors';
import { ScraperService } from '../scraper/scraper.service';

/** The scraper's tool, declared from its contract (@emm/contracts) and served over MCP and REST. */
@Injectable()
export class ScraperTools implements McpToolProvider {
  readonly fetchPage: ToolDefinition<typeof webScraper.fetchPage.input, typeof webScraper.fetchPage.output>;

  constructor(scraper: ScraperService, config: ConfigService<AppConfig>) {
    const ttlSeconds = config.get('SCRAPER_CACHE_TTL_SECONDS');
    this.fetchPage = defineTool(webScraper.fetchPage, {
      title: 'Fetch a web page',
      description:
        'Fetches a public web page and returns its readable content: title, description, site name, author, publication date, language, the main content as Markdown and as plain text (navigation, ads and boilerplate removed), word count and a content hash. Plain-text documents come back as they are, PDFs as their text, other types as metadata only. Only public http(s) addresses are fetched; robots.txt is honoured.',
      cache: ttlSeconds > 0 ? { ttlSeconds } : false,
      idempotent: true,
      readOnly: true,
      handler: async ({ url, bypassCache }, { signal }) => {
        if (!URL.canParse(url)) throw new ToolError('invalid_argument', 'url: must be an absolute URL such as https://example.com/page');
        try {
          return await scraper.fetchPage(new URL(url), { signal, bypassCache });
        } catch (error) {
          throw toToolError(error);
        }
      },
    });
  }

  tools() {
    return [this.fetchPage];
  }
}

/** How each kind of failed fetch reaches the caller: the tool error code, and the reason the contract names (FETCH_PAGE_FAILURES). */
const FETCH_FAILURES: Record<FetchFailureKind, { code: ToolErrorCode; reason: FetchPageFailure }> = {
  not_found: { code: 'not_found', reason: 'name_not_found' },
  refused: { code: 'unavailable', reason: 'connection_refused' },
  unavailable: { code: 'unavailable', reason: 'unreachable' },
  invalid_response: { code: 'failed_precondition', reason: 'unreadable' },
};

/** Fetch failures as the caller should see them: what went wrong with which URL, and whether a retry can help. */
export function toToolError(error: unknown): unknown {
  if (error instanceof BlockedByPolicyError) {
    // A non-http(s) URL asked for is bad input; everything else is a rule the URL (or its redirects) broke.
    return new ToolError(error.reason === 'scheme' && error.hop === 0 ? 'invalid_argument' : 'failed_precondition', error.message, 'blocked' satisfies FetchPageFailure);
  }
  if (error instanceof FetchFailedError) {
    const { code, reason } = FETCH_FAILURES[error.kind];
    return new ToolError(code, error.message, reason);
  }
  return error;
}
