import { decodeBody } from '../extraction/charset';
import type { ExtractedContent } from '../extraction/html-extractor';
import type { HtmlExtractorPool } from '../extraction/html-extractor-pool';
import { contentLanguage, primarySubtag } from '../extraction/language';
import { extractPdf } from '../extraction/pdf-extractor';
import { bytesHash, contentHash, wordCount } from '../extraction/text-stats';
import type { HostLimiter } from '../fetching/host-limiter';
import type { RobotsPolicy } from '../fetching/robots-policy';
import type { FetchedResponse, SafeFetcher } from '../fetching/safe-fetcher';
import type { PageCache } from './page-cache';
import type { ScraperMetrics } from './scraper-metrics';

export type PageKind = 'html' | 'text' | 'pdf' | 'other';

export interface PageResult extends Partial<ExtractedContent> {
  url: string;
  finalUrl: string;
  status: number;
  contentType?: string;
  kind: PageKind;
  markdown: string;
  text: string;
  wordCount: number;
  bytes: number;
  redirects: string[];
  fetchedAt: string;
  cached: boolean;
}

export interface ScraperSettings {
  maxBytes: number;
  /** Also the time PDF text extraction may take. */
  bodyTimeoutMs: number;
}

export interface PageScraperDeps {
  fetcher: SafeFetcher;
  html: HtmlExtractorPool;
  limiter: HostLimiter;
  /** Undefined when robots.txt is not honoured (SCRAPER_RESPECT_ROBOTS=false). */
  robots?: RobotsPolicy;
  cache: PageCache<PageResult>;
  metrics: ScraperMetrics;
  settings: ScraperSettings;
}

/** Media types whose body is downloaded; anything else is reported from its headers alone. */
const HTML_TYPES = new Set(['text/html', 'application/xhtml+xml']);
const TEXT_TYPES = new Set(['text/plain', 'text/markdown', 'text/x-markdown']);
const PDF_TYPES = new Set(['application/pdf', 'application/x-pdf']);
const ACCEPT = 'text/html,application/xhtml+xml;q=0.9,text/plain;q=0.8,application/pdf;q=0.7,*/*;q=0.1';

/** Whether a response's body is read: the content-type allow-list (no Content-Type: read it and sniff). */
export function isReadableType(mediaType: string | undefined): boolean {
  return mediaType === undefined || HTML_TYPES.has(mediaType) || TEXT_TYPES.has(mediaType) || PDF_TYPES.has(mediaType);
}

/**
 * fetch_page: cache → robots.txt and per-host politeness → guarded fetch →
 * extraction by content type → cache. Plain class; the Nest wiring is in
 * scraper.service.ts.
 */
export class PageScraper {
  constructor(private readonly deps: PageScraperDeps) {}

  async fetchPage(url: URL, options: { signal: AbortSignal; bypassCache?: boolean }): Promise<PageResult> {
    const { cache, metrics } = this.deps;
    // Credentials make the answer private to this caller: neither read nor written to the shared cache.
    const cacheable = cache.enabled && !url.username && !url.password;
    if (cacheable && !options.bypassCache) {
      const lookup = await cache.get(url);
      metrics.cache(lookup.result);
      if (lookup.result === 'hit') return { ...lookup.value, url: url.href, cached: true };
    }
    const response = await this.deps.fetcher.fetch(url, {
      purpose: 'page',
      maxBytes: this.deps.settings.maxBytes,
      accept: ACCEPT,
      readBody: isReadableType,
      signal: options.signal,
      gate: (hopUrl, signal) => this.gate(hopUrl, signal),
    });
    const result = await this.describe(url, response);
    if (cacheable && response.status < 500 && response.status !== 429) await cache.set(url, result);
    return result;
  }

  /** Before each request of a chain: the host's robots.txt, then a turn at the host. */
  private async gate(url: URL, signal: AbortSignal): Promise<() => void> {
    await this.deps.robots?.assertAllowed(url, signal);
    return this.deps.limiter.acquire(url.hostname, signal);
  }

  private async describe(requested: URL, response: FetchedResponse): Promise<PageResult> {
    const kind = pageKind(response);
    const base = {
      url: withoutCredentials(requested),
      finalUrl: response.finalUrl.href,
      status: response.status,
      contentType: response.headers['content-type'],
      kind,
      bytes: response.body?.length ?? (Number(response.headers['content-length']) || 0),
      redirects: response.redirects,
      fetchedAt: new Date().toISOString(),
      cached: false,
    };
    const content = await this.extract(kind, response);
    return { ...base, ...content };
  }

  private async extract(kind: PageKind, response: FetchedResponse): Promise<ExtractedContent | { markdown: string; text: string; wordCount: number; contentHash?: string }> {
    const body = response.body;
    const headerLanguage = response.headers['content-language'];
    if (!body || kind === 'other') return { markdown: '', text: '', wordCount: 0, contentHash: body ? bytesHash(body) : undefined };
    if (kind === 'html') return this.deps.html.extract({ body, charset: response.charset, url: response.finalUrl.href, contentLanguage: headerLanguage });
    if (kind === 'pdf') return extractPdf(body, this.deps.settings.bodyTimeoutMs);
    const text = decodeBody(body, response.charset, false).replace(/\r\n?/g, '\n');
    return {
      markdown: text,
      text,
      wordCount: wordCount(text),
      contentHash: contentHash(text),
      language: primarySubtag(headerLanguage) ?? contentLanguage(undefined, text),
    };
  }
}

/** The kind of document, from its Content-Type or, without one, from its first bytes. */
export function pageKind(response: Pick<FetchedResponse, 'mediaType' | 'body'>): PageKind {
  const type = response.mediaType;
  if (type !== undefined) {
    if (HTML_TYPES.has(type)) return 'html';
    if (TEXT_TYPES.has(type)) return 'text';
    if (PDF_TYPES.has(type)) return 'pdf';
    return 'other';
  }
  const head = response.body?.subarray(0, 1024).toString('latin1') ?? '';
  if (head.startsWith('%PDF-')) return 'pdf';
  if (/^\s*(?:\ufeff|ï»¿)?\s*(?:<!doctype html|<html|<head|<body)/i.test(head) || /<(?:head|body|title)[\s>]/i.test(head)) return 'html';
  if (response.body && !response.body.subarray(0, 4096).includes(0)) return 'text';
  return 'other';
}

function withoutCredentials(url: URL): string {
  const clean = new URL(url.href);
  clean.username = '';
  clean.password = '';
  return clean.href;
}
