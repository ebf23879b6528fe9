import type { PageAttachment, UserRef } from '../../storage';
import type { ConfluenceHttp } from '../http/confluence-http';
import { ConfluenceError } from '../http/errors';
import { spaceInfo } from '../json-shapes';
import { type ConfluenceApi, mapConcurrent, type PageBatch, type PageBatchRequest, type PageContent, type PageSummary, type SpaceInfo, userRefKey } from '../model';
import { type DcContent, dcAttachments, dcContent, dcContentList, dcSpace, dcSpaces, dcUser } from './datacenter-shapes';

/** Page size for content listings; Data Center caps expanded listings itself, often lower. */
const MAX_LIMIT = 100;
const MAX_FOLLOWED_PAGES = 10_000;
/** What a listing expands so that one request gives version, tree position and labels. */
const SUMMARY_EXPAND = 'version,ancestors,metadata.labels,space';
/**
 * CQL compares dates in the searching user's time zone, at minute
 * precision: ask from a day earlier and filter exactly on `version.when`.
 */
const CQL_TIME_ZONE_MARGIN_MS = 24 * 3_600_000;

/**
 * Confluence Data Center / Server through REST API v1, authenticated with a
 * personal access token. `http` is rooted at the base URL (with any context
 * path); v1 `_links.next` are relative to it.
 */
export class DataCenterConfluenceApi implements ConfluenceApi {
  readonly flavor = 'datacenter' as const;

  constructor(
    private readonly http: ConfluenceHttp,
    private readonly concurrency: number,
  ) {}

  async listSpaces({ type, signal }: { type?: 'global' | 'personal'; signal?: AbortSignal }): Promise<SpaceInfo[]> {
    const spaces: SpaceInfo[] = [];
    let target = '/rest/api/space';
    let query: Record<string, string | number | undefined> = { limit: MAX_LIMIT, type, expand: 'description.plain' };
    for (let followed = 0; followed < MAX_FOLLOWED_PAGES; followed++) {
      const answer = await this.http.get(target, dcSpaces, { operation: 'list_spaces', query, signal });
      for (const space of answer.results) {
        spaces.push(spaceInfo(space, (link) => this.http.webUrl(link)));
      }
      if (!answer._links?.next) break;
      target = answer._links.next;
      query = {};
    }
    return spaces;
  }

  async pagesBatch({ spaceKey, since, next, limit, signal }: PageBatchRequest): Promise<PageBatch> {
    const size = Math.max(1, Math.min(limit, MAX_LIMIT));
    let answer;
    if (next) {
      answer = await this.http.get(next, dcContentList, { operation: 'list_pages', query: { limit: size }, signal });
    } else {
      // The listing endpoints answer an unknown space with an empty list: ask for the space first.
      await this.http.get(`/rest/api/space/${encodeURIComponent(spaceKey)}`, dcSpace, {
        operation: 'space',
        signal,
        notFound: `spaceKey: there is no space ${spaceKey}, or these credentials cannot see it`,
      });
      answer = since
        ? await this.http.get('/rest/api/content/search', dcContentList, { operation: 'list_pages', query: { cql: changedSinceCql(spaceKey, since), limit: size, expand: SUMMARY_EXPAND }, signal })
        : await this.http.get('/rest/api/content', dcContentList, { operation: 'list_pages', query: { spaceKey, type: 'page', status: 'current', limit: size, expand: SUMMARY_EXPAND }, signal });
    }
    const fresh = since ? answer.results.filter((page) => Date.parse(page.version.when) >= since.getTime()) : answer.results;
    const reachedOlder = fresh.length < answer.results.length;
    return { pages: fresh.map((page) => this.summary(page, spaceKey)), next: reachedOlder ? undefined : answer._links?.next };
  }

  isListingLink(next: string): boolean {
    try {
      const url = this.http.url(next);
      const root = this.http.base.pathname.replace(/\/+$/, '');
      return url.pathname === `${root}/rest/api/content` || url.pathname === `${root}/rest/api/content/search`;
    } catch {
      return false;
    }
  }

  async getPage(id: string, version: number | undefined, signal?: AbortSignal): Promise<PageContent> {
    const [page, attachments] = await Promise.all([
      this.http.get(`/rest/api/content/${encodeURIComponent(id)}`, dcContent, {
        operation: 'get_page',
        query: { expand: `body.storage,${SUMMARY_EXPAND}`, version },
        signal,
        notFound: version === undefined ? `page ${id} does not exist or these credentials cannot see it` : `page ${id} has no version ${version} visible to these credentials`,
      }),
      this.attachments(id, signal),
    ]);
    return { ...this.summary(page, page.space?.key ?? ''), storage: page.body?.storage?.value ?? '', attachments };
  }

  async userNames(refs: readonly UserRef[], signal?: AbortSignal): Promise<Map<string, string>> {
    const names = new Map<string, string>();
    const lookups = refs.filter((ref) => ref.userKey || ref.username);
    await mapConcurrent(lookups, this.concurrency, async (ref) => {
      const query = ref.userKey ? { key: ref.userKey } : { username: ref.username };
      const user = await this.http.get('/rest/api/user', dcUser, { operation: 'users', query, signal }).catch((error: unknown) => {
        // One unknown or hidden user must not cost the page: it is shown as @user.
        if (error instanceof ConfluenceError) return undefined;
        throw error;
      });
      const key = userRefKey(ref);
      if (key && user?.displayName) names.set(key, user.displayName);
    });
    return names;
  }

  async probe(signal?: AbortSignal): Promise<void> {
    await this.http.get('/rest/api/space', dcSpaces, { operation: 'probe', query: { limit: 1 }, signal });
  }

  close(): Promise<void> {
    return this.http.close();
  }

  private summary(page: DcContent, spaceKey: string): PageSummary {
    return {
      id: page.id,
      title: page.title,
      spaceKey: page.space?.key ?? spaceKey,
      version: page.version.number,
      lastModified: page.version.when,
      ancestors: (page.ancestors ?? []).map((a) => ({ id: a.id, title: a.title })),
      labels: (page.metadata?.labels?.results ?? []).map((label) => label.name),
      webUrl: this.http.webUrl(page._links?.webui),
    };
  }

  private async attachments(pageId: string, signal?: AbortSignal): Promise<PageAttachment[]> {
    const attachments: PageAttachment[] = [];
    let target = `/rest/api/content/${encodeURIComponent(pageId)}/child/attachment`;
    let query: Record<string, number> = { limit: MAX_LIMIT };
    for (let followed = 0; followed < MAX_FOLLOWED_PAGES; followed++) {
      const answer = await this.http.get(target, dcAttachments, { operation: 'attachments', query, signal, notFound: `page ${pageId} does not exist or these credentials cannot see it` });
      for (const attachment of answer.results) {
        const link = attachment._links?.download;
        if (!link) continue;
        attachments.push({
          filename: attachment.title,
          downloadUrl: this.http.webUrl(link) ?? link,
          mediaType: attachment.extensions?.mediaType ?? attachment.metadata?.mediaType,
          fileSize: attachment.extensions?.fileSize,
        });
      }
      if (!answer._links?.next) break;
      target = answer._links.next;
      query = {};
    }
    return attachments;
  }
}

/** `space = "KEY" and type = page and lastmodified >= "yyyy/MM/dd HH:mm" order by lastmodified desc` */
export function changedSinceCql(spaceKey: string, since: Date): string {
  const from = new Date(since.getTime() - CQL_TIME_ZONE_MARGIN_MS);
  const pad = (n: number): string => String(n).padStart(2, '0');
  const stamp = `${from.getUTCFullYear()}/${pad(from.getUTCMonth() + 1)}/${pad(from.getUTCDate())} ${pad(from.getUTCHours())}:${pad(from.getUTCMinutes())}`;
  const quoted = spaceKey.replace(/["\\]/g, '\\$&');
  return `space = "${quoted}" and type = page and lastmodified >= "${stamp}" order by lastmodified desc`;
}
