import { Injectable } from '@nestjs/common';
import { ConfigService } from '@emm/config';
import { defineTool, McpCallError, type McpToolProvider, ToolError } from '@emm/mcp';
import { getOrCreateCounter, getOrCreateHistogram } from '@emm/metrics';
import { bookmarkClassifier } from '@emm/contracts';
import { BookmarkFormatError } from '../bookmarks/bookmark-format-error';
import { parseBookmarks } from '../bookmarks/parse-bookmarks';
import { BookmarkClassifier, InvalidBookmarkError } from '../classification/bookmark-classifier';
import type { AppConfig } from '../config';
import { toClassificationView, toParseView } from './views';

const parseDuration = getOrCreateHistogram({
  name: 'bookmark_parse_duration_seconds',
  help: 'Time to parse one bookmark export, by detected format',
  labelNames: ['format'],
  buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
});

const parsedEntries = getOrCreateCounter({
  name: 'bookmark_parsed_entries_total',
  help: 'Entries read from bookmark exports, by outcome (kept, duplicate, invalid)',
  labelNames: ['outcome'],
});

/** The two tools of the bookmark service, each declared once from its contract and served over MCP and REST. */
@Injectable()
export class BookmarkTools implements McpToolProvider {
  private readonly maxInputBytes: number;

  constructor(
    config: ConfigService<AppConfig>,
    private readonly classifier: BookmarkClassifier,
  ) {
    this.maxInputBytes = config.get('BOOKMARKS_MAX_INPUT_BYTES');
  }

  tools() {
    return [this.parse, this.classify];
  }

  readonly parse = defineTool(bookmarkClassifier.parseBookmarks, {
    title: 'Parse a bookmark export',
    description:
      'Reads a bookmark export — Netscape bookmark HTML (Chrome, Firefox, Safari, Edge), JSON (a list, Chrome\'s Bookmarks file, a Firefox backup) or one URL per line — into bookmarks with normalised, deduplicated URLs, folder paths, dates and tags. A malformed file is refused with the line or element at fault; single bad entries are listed in `invalid` and skipped.',
    cache: false,
    idempotent: true,
    readOnly: true,
    handler: ({ content, format }) => {
      const startedAt = performance.now();
      try {
        const result = parseBookmarks(content, { format, maxInputBytes: this.maxInputBytes });
        parseDuration.observe({ format: result.format }, (performance.now() - startedAt) / 1000);
        parsedEntries.inc({ outcome: 'kept' }, result.bookmarks.length);
        parsedEntries.inc({ outcome: 'duplicate' }, result.duplicates);
        parsedEntries.inc({ outcome: 'invalid' }, result.invalid.length);
        return toParseView(result);
      } catch (error) {
        if (error instanceof BookmarkFormatError) throw new ToolError('invalid_argument', `content: ${error.message}`);
        throw error;
      }
    },
  });

  readonly classify = defineTool(bookmarkClassifier.classifyBookmark, {
    title: 'Classify a bookmark',
    description:
      'Finds the JD category/ID for a bookmark from its URL (domain rules: host → category), its folders (JD-numbered or named like a category; folder words as hints) and its content (page text when given, else title and URL words, judged by content-classifier). Returns confidence 0..1, tags, a summary and `needs_review` when below the review threshold.',
    cache: { ttlSeconds: 300 },
    idempotent: true,
    readOnly: true,
    handler: async ({ url, title, folder_path, text, tags }, { signal }) => {
      try {
        return toClassificationView(await this.classifier.classify({ url, title, folderPath: folder_path, text, tags }, signal));
      } catch (error) {
        if (error instanceof InvalidBookmarkError) throw new ToolError('invalid_argument', `${error.field}: ${error.message}`);
        if (error instanceof McpCallError) throw dependencyError(error);
        throw error;
      }
    },
  });
}

/** A failed call to another service, as this tool's caller should see it: retry later, or not. */
function dependencyError(error: McpCallError): ToolError {
  const service = `${error.service}-service`;
  if (error.retryable) return new ToolError('unavailable', `${service} is unavailable (${error.detail}); try again later`);
  return new ToolError('internal', `${service} refused the ${error.tool} call: ${error.detail}`);
}
