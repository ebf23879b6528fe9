import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ConfluenceConnection } from '../../catalog';
import { current, type FakePage, FakeSite } from './site';

/**
 * A local Confluence that speaks the documented wire format of the REST API
 * v2 (Cloud: cursor paging with `_links.next` and a `Link` header, basic
 * auth) or v1 (Data Center: `start`/`limit` paging with `_links.next`, CQL
 * search, bearer personal access tokens). It can be told to fail (429 with
 * Retry-After, 5xx, 404), for a while or for good, and records every request
 * it answers. Tests change its `site` while it runs.
 */
export type FakeFlavor = 'cloud' | 'datacenter';

export interface FakeConfluenceOptions {
  flavor: FakeFlavor;
  site: FakeSite;
  /** Cloud credentials (basic auth) */
  email?: string;
  apiToken?: string;
  /** Data Center personal access token (bearer) */
  pat?: string;
  /** Data Center context path, e.g. `/confluence` */
  contextPath?: string;
  /** Largest page size the server grants, whatever the client asks (Data Center caps listings like this). */
  maxLimit?: number;
}

export interface RecordedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  authorization?: string;
  at: number;
}

interface Failure {
  status: number;
  retryAfter?: string;
  path?: RegExp;
  remaining: number;
}

interface Reply {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

export class FakeConfluence {
  readonly requests: RecordedRequest[] = [];
  private failures: Failure[] = [];
  private server?: Server;
  private origin = '';

  constructor(private readonly options: FakeConfluenceOptions) {}

  /** The URL to configure as CONFLUENCE_BASE_URL. */
  get baseUrl(): string {
    return this.options.flavor === 'cloud' ? `${this.origin}/wiki` : `${this.origin}${this.options.contextPath ?? ''}`;
  }

  get flavor(): FakeFlavor {
    return this.options.flavor;
  }

  /** The content it serves; add, edit and remove pages at any time. */
  get site(): FakeSite {
    return this.options.site;
  }

  /** Base URL and credentials for confluence-service (`startStack({ confluence: fake })` uses them). */
  get connection(): ConfluenceConnection {
    const { flavor, email, apiToken, pat } = this.options;
    if (flavor === 'cloud') {
      if (email === undefined || apiToken === undefined) throw new Error('a cloud FakeConfluence needs email and apiToken');
      return { flavor, baseUrl: this.baseUrl, email, apiToken };
    }
    if (pat === undefined) throw new Error('a datacenter FakeConfluence needs pat');
    return { flavor, baseUrl: this.baseUrl, pat };
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.origin = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** The next `count` requests (matching `path`, if given) fail with `status`. */
  failNext(count: number, status: number, options: { retryAfter?: string; path?: RegExp } = {}): void {
    this.failures.push({ status, remaining: count, ...options });
  }

  /** Every request (matching `path`, if given) fails with `status` until `clearFailures()`. */
  failAlways(status: number, options: { retryAfter?: string; path?: RegExp } = {}): void {
    this.failNext(Number.POSITIVE_INFINITY, status, options);
  }

  /** Every request about one page (the page, its labels, ancestors, attachments) fails with `status`, e.g. 500 or 404. */
  failPage(id: string, status: number): void {
    this.failAlways(status, { path: new RegExp(`/(pages|content)/${id}(/|$)`) });
  }

  clearFailures(): void {
    this.failures = [];
  }

  requestsTo(path: RegExp): RecordedRequest[] {
    return this.requests.filter((request) => path.test(request.path));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.origin);
    const body = await readBody(req);
    this.requests.push({ method: req.method ?? 'GET', path: url.pathname, query: url.searchParams, authorization: req.headers.authorization, at: Date.now() });
    const reply = this.reply(req, url, body);
    res.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers });
    res.end(JSON.stringify(reply.body));
  }

  private reply(req: IncomingMessage, url: URL, body: string): Reply {
    if (!this.authorized(req.headers.authorization)) {
      return this.options.flavor === 'cloud'
        ? { status: 401, body: { code: 401, message: 'Unauthorized; scope does not match' } }
        : { status: 401, body: { statusCode: 401, message: 'This request requires authentication' } };
    }
    const failure = this.failures.find((f) => f.remaining > 0 && (!f.path || f.path.test(url.pathname)));
    if (failure) {
      failure.remaining--;
      if (failure.status === 404) return this.options.flavor === 'cloud' ? notFound() : dcNotFound(`No content found at ${url.pathname}`);
      const headers: Record<string, string> = failure.retryAfter === undefined ? {} : { 'retry-after': failure.retryAfter };
      return { status: failure.status, headers, body: { statusCode: failure.status, message: failureMessage(failure.status) } };
    }
    const route = this.options.flavor === 'cloud' ? this.cloud(req.method ?? 'GET', url, body) : this.datacenter(req.method ?? 'GET', url);
    return route ?? { status: 404, body: { statusCode: 404, message: `No route for ${url.pathname}` } };
  }

  private authorized(header: string | undefined): boolean {
    if (this.options.flavor === 'cloud') {
      const expected = `Basic ${Buffer.from(`${this.options.email}:${this.options.apiToken}`).toString('base64')}`;
      return header === expected;
    }
    return header === `Bearer ${this.options.pat}`;
  }

  private limit(query: URLSearchParams, fallback: number, max: number): number {
    const asked = Number(query.get('limit') ?? fallback) || fallback;
    return Math.max(1, Math.min(asked, max, this.options.maxLimit ?? max));
  }

  // ---- Cloud REST API v2 ----------------------------------------------------

  private cloud(method: string, url: URL, body: string): Reply | undefined {
    const path = url.pathname.replace(/^\/wiki\/api\/v2/, '');
    if (path === url.pathname) return undefined;
    const { site } = this.options;
    let match: RegExpExecArray | null;

    if (method === 'POST' && path === '/users-bulk') {
      const { accountIds } = JSON.parse(body) as { accountIds: string[] };
      const results = site.users.filter((u) => u.accountId && accountIds.includes(u.accountId)).map((u) => ({ accountId: u.accountId, accountType: 'atlassian', displayName: u.displayName, publicName: u.displayName }));
      return { status: 200, body: { results } };
    }
    if (path === '/spaces') {
      const keys = url.searchParams.getAll('keys').flatMap((k) => k.split(','));
      const type = url.searchParams.get('type');
      const spaces = site.spaces.filter((s) => (keys.length === 0 || keys.includes(s.key)) && (!type || s.type === type));
      return this.cursorPage(url, spaces.map((s) => this.cloudSpace(s)), 250);
    }
    if ((match = /^\/spaces\/(\d+)$/.exec(path))) {
      const space = site.spaces.find((s) => s.id === match![1]);
      return space ? { status: 200, body: this.cloudSpace(space) } : notFound();
    }
    if ((match = /^\/spaces\/(\d+)\/pages$/.exec(path))) {
      const space = site.spaces.find((s) => s.id === match![1]);
      if (!space) return notFound();
      const sort = url.searchParams.get('sort');
      if (sort !== '-modified-date') return { status: 400, body: { errors: [{ status: 400, code: 'INVALID_REQUEST_PARAMETER', title: `this fake only sorts by -modified-date, got ${sort}` }] } };
      return this.cursorPage(url, site.pagesOf(space.key).map((p) => this.cloudPage(p)), 250);
    }
    if (path === '/pages') {
      const ids = url.searchParams.getAll('id').flatMap((id) => id.split(','));
      const pages = ids.flatMap((id) => (site.pages.has(id) ? [this.cloudPage(site.page(id))] : []));
      return this.cursorPage(url, pages, 250);
    }
    if ((match = /^\/pages\/(\d+)$/.exec(path))) {
      const page = site.pages.get(match[1]);
      if (!page) return notFound();
      const versionNumber = url.searchParams.get('version');
      const version = versionNumber ? page.versions.find((v) => v.number === Number(versionNumber)) : current(page);
      if (!version) return notFound();
      const withBody = url.searchParams.get('body-format') === 'storage';
      return { status: 200, body: { ...this.cloudPage(page, version.number), ...(withBody ? { body: { storage: { representation: 'storage', value: version.body } } } : {}) } };
    }
    if ((match = /^\/pages\/(\d+)\/(ancestors|labels|attachments)$/.exec(path))) {
      const page = site.pages.get(match[1]);
      if (!page) return notFound();
      if (match[2] === 'ancestors') return { status: 200, body: { results: site.ancestorsOf(page).map((a) => ({ id: a.id, type: 'page' })), _links: {} } };
      if (match[2] === 'labels') return this.cursorPage(url, page.labels.map((name, i) => ({ id: `${page.id}${i}`, name, prefix: 'global' })), 250);
      return this.cursorPage(
        url,
        page.attachments.map((a) => ({
          id: a.id,
          status: 'current',
          title: a.title,
          mediaType: a.mediaType,
          fileSize: a.fileSize,
          pageId: page.id,
          downloadLink: `/download/attachments/${page.id}/${encodeURIComponent(a.title)}?version=1&api=v2`,
          _links: { download: `/download/attachments/${page.id}/${encodeURIComponent(a.title)}?version=1&api=v2`, webui: `/pages/viewpageattachments.action?pageId=${page.id}` },
        })),
        250,
      );
    }
    return undefined;
  }

  private cloudSpace(space: { id: string; key: string; name: string; type: string; description?: string }): unknown {
    return {
      id: space.id,
      key: space.key,
      name: space.name,
      type: space.type,
      status: 'current',
      authorId: 'system',
      createdAt: '2020-01-01T00:00:00.000Z',
      homepageId: '1',
      description: space.description === undefined ? null : { plain: { value: space.description, representation: 'plain' } },
      _links: { webui: `/spaces/${space.key}` },
    };
  }

  private cloudPage(page: FakePage, versionNumber?: number): Record<string, unknown> {
    const version = versionNumber === undefined ? current(page) : page.versions[versionNumber - 1];
    const space = this.options.site.space(page.spaceKey);
    return {
      id: page.id,
      status: 'current',
      title: page.title,
      spaceId: space?.id,
      parentId: page.parentId ?? null,
      parentType: page.parentId ? 'page' : null,
      position: 0,
      authorId: 'acc-author',
      createdAt: page.versions[0].when,
      version: { createdAt: version.when, message: '', number: version.number, minorEdit: false, authorId: 'acc-author' },
      _links: { webui: `/spaces/${page.spaceKey}/pages/${page.id}/${encodeURIComponent(page.title.replace(/ /g, '+'))}`, editui: `/pages/resumedraft.action?draftId=${page.id}`, tinyui: `/x/${page.id}` },
    };
  }

  /** v2 cursor paging: an opaque cursor, `_links.next` relative to the site and the same link in a `Link` header. */
  private cursorPage(url: URL, items: unknown[], maxLimit: number): Reply {
    const limit = this.limit(url.searchParams, 25, maxLimit);
    const cursor = url.searchParams.get('cursor');
    const offset = cursor ? Number(Buffer.from(cursor, 'base64url').toString().replace('offset:', '')) : 0;
    if (Number.isNaN(offset)) return { status: 400, body: { errors: [{ status: 400, code: 'INVALID_CURSOR', title: 'Invalid cursor' }] } };
    const results = items.slice(offset, offset + limit);
    const links: Record<string, string> = { base: `${this.origin}/wiki` };
    const headers: Record<string, string> = {};
    if (offset + limit < items.length) {
      const next = new URL(url);
      next.searchParams.set('cursor', Buffer.from(`offset:${offset + limit}`).toString('base64url'));
      links.next = `${next.pathname}${next.search}`;
      headers.link = `<${links.next}>; rel="next", <${links.base}>; rel="base"`;
    }
    return { status: 200, headers, body: { results, _links: links } };
  }

  // ---- Data Center REST API v1 ----------------------------------------------

  private datacenter(method: string, url: URL): Reply | undefined {
    const prefix = `${this.options.contextPath ?? ''}/rest/api`;
    if (method !== 'GET' || !url.pathname.startsWith(prefix)) return undefined;
    const path = url.pathname.slice(prefix.length);
    const { site } = this.options;
    let match: RegExpExecArray | null;

    if (path === '/space') {
      const type = url.searchParams.get('type');
      const spaces = site.spaces.filter((s) => !type || s.type === type).map((s) => this.dcSpace(s, url.searchParams.get('expand') ?? ''));
      return this.offsetPage(url, spaces, 500);
    }
    if ((match = /^\/space\/([^/]+)$/.exec(path))) {
      const space = site.space(decodeURIComponent(match[1]));
      return space ? { status: 200, body: this.dcSpace(space, '') } : dcNotFound(`No space with key : ${match[1]}`);
    }
    if (path === '/content') {
      const spaceKey = url.searchParams.get('spaceKey');
      const pages = [...site.pages.values()].filter((p) => (!spaceKey || p.spaceKey === spaceKey) && url.searchParams.get('type') === 'page').sort((a, b) => Number(a.id) - Number(b.id));
      return this.offsetPage(url, pages.map((p) => this.dcContent(p, url.searchParams.get('expand') ?? '')), 200);
    }
    if (path === '/content/search') {
      const cql = parseCql(url.searchParams.get('cql') ?? '');
      if ('error' in cql) return { status: 400, body: { statusCode: 400, message: `Could not parse cql : ${cql.error}` } };
      const pages = site.pagesOf(cql.spaceKey).filter((p) => cqlMinute(current(p).when) >= cql.since);
      return this.offsetPage(url, pages.map((p) => this.dcContent(p, url.searchParams.get('expand') ?? '')), 200);
    }
    if ((match = /^\/content\/(\d+)$/.exec(path))) {
      const page = site.pages.get(match[1]);
      const versionNumber = url.searchParams.get('version');
      if (!page || (versionNumber && !page.versions[Number(versionNumber) - 1])) return dcNotFound(`No content found with id : ContentId{id=${match[1]}}`);
      return { status: 200, body: this.dcContent(page, url.searchParams.get('expand') ?? '', versionNumber ? Number(versionNumber) : undefined) };
    }
    if ((match = /^\/content\/(\d+)\/child\/attachment$/.exec(path))) {
      const page = site.pages.get(match[1]);
      if (!page) return dcNotFound(`No content found with id : ContentId{id=${match[1]}}`);
      const attachments = page.attachments.map((a) => ({
        id: a.id,
        type: 'attachment',
        status: 'current',
        title: a.title,
        metadata: { mediaType: a.mediaType, comment: '' },
        extensions: { mediaType: a.mediaType, fileSize: a.fileSize, comment: '' },
        _links: { webui: `/pages/viewpageattachments.action?pageId=${page.id}&preview=${encodeURIComponent(a.title)}`, download: `/download/attachments/${page.id}/${encodeURIComponent(a.title)}?version=1&modificationDate=1700000000000&api=v2`, self: `${this.baseUrl}/rest/api/content/${a.id}` },
      }));
      return this.offsetPage(url, attachments, 200);
    }
    if (path === '/user') {
      const key = url.searchParams.get('key');
      const username = url.searchParams.get('username');
      const user = site.users.find((u) => (key && u.userKey === key) || (username && u.username === username));
      if (!user) return dcNotFound('No user found');
      return { status: 200, body: { type: 'known', username: user.username, userKey: user.userKey, displayName: user.displayName, _links: {} } };
    }
    return undefined;
  }

  private dcSpace(space: { id: string; key: string; name: string; type: string; description?: string }, expand: string): unknown {
    return {
      id: Number(space.id),
      key: space.key,
      name: space.name,
      type: space.type,
      status: 'current',
      ...(expand.includes('description.plain') ? { description: { plain: { value: space.description ?? '', representation: 'plain' } } } : {}),
      _links: { webui: `/display/${space.key}`, self: `${this.baseUrl}/rest/api/space/${space.key}` },
      _expandable: { homepage: '', metadata: '' },
    };
  }

  private dcContent(page: FakePage, expand: string, versionNumber?: number): unknown {
    const version = versionNumber === undefined ? current(page) : page.versions[versionNumber - 1];
    const expanded = new Set(expand.split(','));
    return {
      id: page.id,
      type: 'page',
      status: versionNumber === undefined || versionNumber === page.versions.length ? 'current' : 'historical',
      title: page.title,
      ...(expanded.has('space') ? { space: { id: 1, key: page.spaceKey, name: this.options.site.space(page.spaceKey)?.name } } : {}),
      ...(expanded.has('version') ? { version: { by: { type: 'known', username: 'author' }, when: version.when, number: version.number, minorEdit: false } } : {}),
      ...(expanded.has('ancestors') ? { ancestors: this.options.site.ancestorsOf(page).map((a) => ({ id: a.id, type: 'page', status: 'current', title: a.title })) } : {}),
      ...(expanded.has('metadata.labels')
        ? { metadata: { labels: { results: page.labels.map((name, i) => ({ prefix: 'global', name, id: `${page.id}${i}` })), start: 0, limit: 200, size: page.labels.length } } }
        : {}),
      ...(expanded.has('body.storage') ? { body: { storage: { value: version.body, representation: 'storage' } } } : {}),
      _links: { webui: `/display/${page.spaceKey}/${encodeURIComponent(page.title).replace(/%20/g, '+')}`, tinyui: `/x/${page.id}`, self: `${this.baseUrl}/rest/api/content/${page.id}` },
    };
  }

  /** v1 offset paging: `start`, `limit`, `size` and a `_links.next` relative to the base URL. */
  private offsetPage(url: URL, items: unknown[], maxLimit: number): Reply {
    const limit = this.limit(url.searchParams, 25, maxLimit);
    const start = Number(url.searchParams.get('start') ?? 0) || 0;
    const results = items.slice(start, start + limit);
    const links: Record<string, string> = { base: this.baseUrl, context: this.options.contextPath ?? '' };
    if (start + limit < items.length) {
      const next = new URL(url);
      next.searchParams.set('start', String(start + limit));
      next.searchParams.set('limit', String(limit));
      links.next = `${next.pathname.slice((this.options.contextPath ?? '').length)}${next.search}`;
    }
    return { status: 200, body: { results, start, limit, size: results.length, _links: links } };
  }
}

function failureMessage(status: number): string {
  if (status === 429) return 'Rate limit exceeded';
  if (status < 500) return 'Request refused';
  return 'Service unavailable';
}

function notFound(): Reply {
  return { status: 404, body: { errors: [{ status: 404, code: 'NOT_FOUND', title: 'Not Found', detail: null }] } };
}

function dcNotFound(message: string): Reply {
  return { status: 404, body: { statusCode: 404, data: { authorized: true, valid: true, errors: [], successful: false }, message } };
}

/** Understands the one CQL shape the service sends; anything else is a parse error, as on a real server. */
function parseCql(cql: string): { spaceKey: string; since: string } | { error: string } {
  const match = /^space = "((?:[^"\\]|\\.)+)" and type = page and lastmodified >= "(\d{4}\/\d{2}\/\d{2} \d{2}:\d{2})" order by lastmodified desc$/.exec(cql);
  if (!match) return { error: cql };
  return { spaceKey: match[1].replace(/\\(.)/g, '$1'), since: match[2] };
}

/** `yyyy/MM/dd HH:mm` in UTC (the fake's users all live in UTC). */
function cqlMinute(iso: string): string {
  return iso.slice(0, 16).replace(/-/g, '/').replace('T', ' ');
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (text += chunk));
    req.on('end', () => resolve(text));
    req.on('error', reject);
  });
}

export interface StartFakeConfluenceOptions {
  /** Default `cloud`. */
  flavor?: FakeFlavor;
  /** Default: an empty site; tests fill it, before or after the start. */
  site?: FakeSite;
  /** Default credentials: a fixed e-mail with a random API token (cloud), a random PAT (datacenter). */
  email?: string;
  apiToken?: string;
  pat?: string;
  contextPath?: string;
  maxLimit?: number;
}

/** A FakeConfluence on a free 127.0.0.1 port with credentials filled in: pass `fake.connection` (or `fake`) to the stack. */
export function startFakeConfluence(options: StartFakeConfluenceOptions = {}): Promise<FakeConfluence> {
  const secret = (): string => randomBytes(16).toString('hex');
  return new FakeConfluence({
    flavor: options.flavor ?? 'cloud',
    site: options.site ?? new FakeSite(),
    email: options.email ?? 'emm-stack@example.com',
    apiToken: options.apiToken ?? secret(),
    pat: options.pat ?? secret(),
    ...(options.contextPath !== undefined && { contextPath: options.contextPath }),
    ...(options.maxLimit !== undefined && { maxLimit: options.maxLimit }),
  }).start();
}
