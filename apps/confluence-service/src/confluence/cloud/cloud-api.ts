import type { PageAttachment, UserRef } from '../../storage';
import type { ConfluenceHttp } from '../http/confluence-http';
import { ConfluenceNotFoundError, unlessNotFound } from '../http/errors';
import { spaceInfo } from '../json-shapes';
import { type ConfluenceApi, mapConcurrent, type PageBatch, type PageBatchRequest, type PageContent, type PageSummary, type SpaceInfo } from '../model';
import { CloudAncestry } from './cloud-ancestry';
import { type CloudPage, cloudAttachments, cloudLabels, cloudPage, cloudPages, cloudSpace, cloudSpaces, cloudUsers } from './cloud-shapes';

/** Largest `limit` the v2 API accepts. */
const MAX_LIMIT = 250;
/** `users-bulk` takes at most this many account ids per request. */
const USERS_PER_REQUEST = 100;
/** A runaway pagination (a server that always says "next") stops here. */
const MAX_FOLLOWED_PAGES = 10_000;

/**
 * Confluence Cloud through REST API v2, authenticated with email + API
 * token. `http` is rooted at the wiki base (`https://site.atlassian.net/wiki`);
 * v2 `_links.next` are site-relative (`/wiki/api/v2/…`).
 */
export class CloudConfluenceApi implements ConfluenceApi {
  readonly flavor = 'cloud' as const;
  private readonly spaceIds = new Map<string, string>();
  private readonly spaceKeys = new Map<string, string>();

  constructor(
    private readonly http: ConfluenceHttp,
    private readonly concurrency: number,
  ) {}

  async listSpaces({ type, signal }: { type?: 'global' | 'personal'; signal?: AbortSignal }): Promise<SpaceInfo[]> {
    const spaces: SpaceInfo[] = [];
    let target: string | URL = '/api/v2/spaces';
    let query: Record<string, string | number | undefined> = { limit: MAX_LIMIT, type, 'description-format': 'plain' };
    for (let followed = 0; followed < MAX_FOLLOWED_PAGES; followed++) {
      const answer = await this.http.get(target, cloudSpaces, { operation: 'list_spaces', query, signal });
      for (const space of answer.results) {
        this.learnSpace(space.id, space.key);
        spaces.push(spaceInfo(space, (link) => this.http.webUrl(link)));
      }
      if (!answer._links?.next) break;
      target = this.siteUrl(answer._links.next);
      query = {};
    }
    return spaces;
  }

  async pagesBatch({ spaceKey, since, next, limit, signal }: PageBatchRequest): Promise<PageBatch> {
    const size = Math.max(1, Math.min(limit, MAX_LIMIT));
    const target = next ? this.siteUrl(next) : `/api/v2/spaces/${encodeURIComponent(await this.spaceId(spaceKey, signal))}/pages`;
    // Newest change first: a changed-since listing can stop at the first older page.
    const query = next ? { limit: size } : { limit: size, sort: '-modified-date', status: 'current' };
    const answer = await this.http.get(target, cloudPages, { operation: 'list_pages', query, signal, notFound: `spaceKey: space ${spaceKey} is gone` });
    const fresh = since ? answer.results.filter((page) => Date.parse(page.version.createdAt) >= since.getTime()) : answer.results;
    const reachedOlder = fresh.length < answer.results.length;
    return { pages: await this.summaries(fresh, spaceKey, signal), next: reachedOlder ? undefined : answer._links?.next };
  }

  isListingLink(next: string): boolean {
    try {
      const url = this.siteUrl(next);
      return url.origin === this.http.base.origin && new RegExp(`^${escapeRegExp(this.http.base.pathname)}/api/v2/spaces/[^/]+/pages$`).test(url.pathname);
    } catch {
      return false;
    }
  }

  async getPage(id: string, version: number | undefined, signal?: AbortSignal): Promise<PageContent> {
    const page = await this.http.get(`/api/v2/pages/${encodeURIComponent(id)}`, cloudPage, {
      operation: 'get_page',
      query: { 'body-format': 'storage', version },
      signal,
      notFound: version === undefined ? `page ${id} does not exist or these credentials cannot see it` : `page ${id} has no version ${version} visible to these credentials`,
    });
    const [spaceKey, [summary], attachments] = await Promise.all([
      page.spaceId ? this.spaceKey(page.spaceId, signal) : Promise.resolve(''),
      this.summaries([page], undefined, signal),
      this.attachments(page.id, signal),
    ]);
    return { ...summary, spaceKey, storage: page.body?.storage?.value ?? '', attachments };
  }

  async userNames(refs: readonly UserRef[], signal?: AbortSignal): Promise<Map<string, string>> {
    const accountIds = [...new Set(refs.flatMap((ref) => (ref.accountId ? [ref.accountId] : [])))];
    const names = new Map<string, string>();
    for (let start = 0; start < accountIds.length; start += USERS_PER_REQUEST) {
      const answer = await this.http.post('/api/v2/users-bulk', { accountIds: accountIds.slice(start, start + USERS_PER_REQUEST) }, cloudUsers, { operation: 'users', signal });
      for (const user of answer.results) {
        const name = user.displayName || user.publicName;
        if (name) names.set(`account:${user.accountId}`, name);
      }
    }
    return names;
  }

  async probe(signal?: AbortSignal): Promise<void> {
    await this.http.get('/api/v2/spaces', cloudSpaces, { operation: 'probe', query: { limit: 1 }, signal });
  }

  close(): Promise<void> {
    return this.http.close();
  }

  /** Ancestors and labels need requests of their own in v2. */
  private async summaries(pages: readonly CloudPage[], spaceKey: string | undefined, signal?: AbortSignal): Promise<PageSummary[]> {
    const ancestry = new CloudAncestry(this.http, this.concurrency, signal);
    for (const page of pages) ancestry.noteTitle(page.id, page.title);
    const [ancestors, labels] = await Promise.all([ancestry.resolve(pages), mapConcurrent(pages, this.concurrency, (page) => this.labels(page.id, signal))]);
    return pages.map((page, index) => ({
      id: page.id,
      title: page.title,
      spaceKey: spaceKey ?? '',
      version: page.version.number,
      lastModified: page.version.createdAt,
      ancestors: ancestors[index],
      labels: labels[index],
      webUrl: this.http.webUrl(page._links?.webui),
    }));
  }

  private async labels(pageId: string, signal?: AbortSignal): Promise<string[]> {
    const labels: string[] = [];
    let target: string | URL = `/api/v2/pages/${encodeURIComponent(pageId)}/labels`;
    let query: Record<string, number> = { limit: MAX_LIMIT };
    for (let followed = 0; followed < MAX_FOLLOWED_PAGES; followed++) {
      const answer = await unlessNotFound(this.http.get(target, cloudLabels, { operation: 'page_labels', query, signal }), { results: [], _links: undefined });
      labels.push(...answer.results.map((label) => label.name));
      if (!answer._links?.next) break;
      target = this.siteUrl(answer._links.next);
      query = {};
    }
    return labels;
  }

  private async attachments(pageId: string, signal?: AbortSignal): Promise<PageAttachment[]> {
    const attachments: PageAttachment[] = [];
    let target: string | URL = `/api/v2/pages/${encodeURIComponent(pageId)}/attachments`;
    let query: Record<string, number> = { limit: MAX_LIMIT };
    for (let followed = 0; followed < MAX_FOLLOWED_PAGES; followed++) {
      const answer = await this.http.get(target, cloudAttachments, { operation: 'attachments', query, signal });
      for (const attachment of answer.results) {
        const link = attachment.downloadLink ?? attachment._links?.download;
        if (!link) continue;
        attachments.push({ filename: attachment.title, downloadUrl: this.http.webUrl(link) ?? link, mediaType: attachment.mediaType, fileSize: attachment.fileSize });
      }
      if (!answer._links?.next) break;
      target = this.siteUrl(answer._links.next);
      query = {};
    }
    return attachments;
  }

  private async spaceId(spaceKey: string, signal?: AbortSignal): Promise<string> {
    const known = this.spaceIds.get(spaceKey);
    if (known) return known;
    const answer = await this.http.get('/api/v2/spaces', cloudSpaces, { operation: 'space', query: { keys: spaceKey, limit: 1 }, signal });
    const space = answer.results.find((s) => s.key === spaceKey);
    if (!space) throw new ConfluenceNotFoundError(`spaceKey: there is no space ${spaceKey}, or these credentials cannot see it`);
    this.learnSpace(space.id, space.key);
    return space.id;
  }

  private async spaceKey(spaceId: string, signal?: AbortSignal): Promise<string> {
    const known = this.spaceKeys.get(spaceId);
    if (known) return known;
    const space = await this.http.get(`/api/v2/spaces/${encodeURIComponent(spaceId)}`, cloudSpace, { operation: 'space', signal, notFound: `space ${spaceId} of the page is not visible to these credentials` });
    this.learnSpace(space.id, space.key);
    return space.key;
  }

  private learnSpace(id: string, key: string): void {
    this.spaceIds.set(key, id);
    this.spaceKeys.set(id, key);
  }

  /** v2 links (`_links.next`) are relative to the site, not to the wiki base. */
  private siteUrl(link: string): URL {
    return new URL(link, this.http.base.origin);
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
