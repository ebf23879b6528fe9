import { setTimeout as sleep } from 'node:timers/promises';
import type { FakeConfluence, FakeFlavor, FakeSite } from '@emm/stack';
import { waitFor } from '@emm/testing';
import { createConfluenceApi } from '../src/confluence/create-api';
import { ConfluenceCredentialsError, ConfluenceNotFoundError, ConfluenceUnavailableError } from '../src/confluence/http/errors';
import { CursorError } from '../src/confluence/listing-cursor';
import type { ConfluenceApi } from '../src/confluence/model';
import { PageLister } from '../src/confluence/page-lister';
import { CLOUD_TOKEN, confluenceEnv, DC_PAT, documentationSite, fakeConfluence, testConfig } from './support';

/** The API client as the service builds it, pointed at `fake`; backoff in milliseconds so tests stay fast. */
function apiFor(fake: FakeConfluence, flavor: FakeFlavor, env: Record<string, string> = {}): ConfluenceApi {
  const config = testConfig({ REDIS_URL: 'redis://127.0.0.1:1', ...confluenceEnv(fake, flavor), ...env });
  return createConfluenceApi(config, 'test', { initialBackoffMs: 20, maxBackoffMs: 100 });
}

/** The error `promise` rejects with; a test failure when it resolves instead. */
async function failureOf(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a failure, got a result');
}

const PAGE_LIST = /\/(spaces\/\d+\/pages|content|content\/search)$/;
/** The page itself (Data Center fetches its attachments in parallel, which must not use up injected failures). */
const PAGE_100 = /\/(pages|content)\/100$/;

describe.each<FakeFlavor>(['cloud', 'datacenter'])('Confluence %s API against a fake that speaks its wire format', (flavor) => {
  let site: FakeSite;
  let fake: FakeConfluence;
  let api: ConfluenceApi;

  beforeEach(async () => {
    site = documentationSite(flavor);
    // Small pages, so every listing has to follow the API's next links.
    fake = await fakeConfluence(flavor, site, { maxLimit: 3, contextPath: flavor === 'datacenter' ? '/confluence' : undefined });
    api = apiFor(fake, flavor);
  });

  afterEach(async () => {
    await api.close();
    await fake.stop();
  });

  it('lists spaces, following the pagination to the end', async () => {
    const spaces = await api.listSpaces({});
    expect(spaces.map((s) => s.key)).toEqual(['DOC', 'OPS', '~ada']);
    expect(spaces[0]).toMatchObject({ name: 'Documentation', description: 'How we build things', webUrl: expect.stringContaining(fake.baseUrl) });
    expect((await api.listSpaces({ type: 'personal' })).map((s) => s.key)).toEqual(['~ada']);
  });

  it('lists every page of a space with version, ancestors, labels and web URL', async () => {
    const result = await new PageLister(api).list({ spaceKey: 'DOC', limit: 500 });
    expect(result.complete).toBe(true);
    expect(result.pages.map((p) => p.id).sort()).toEqual(['100', '200', '300', '401', '402', '403', '404', '405', '406', '407']);
    expect(fake.requestsTo(PAGE_LIST).length).toBeGreaterThanOrEqual(4);
    const install = result.pages.find((p) => p.id === '300');
    expect(install).toEqual({
      id: '300',
      title: 'Install Guide',
      spaceKey: 'DOC',
      version: 1,
      lastModified: '2024-03-01T09:00:00.000Z',
      ancestors: [
        { id: '100', title: 'Home' },
        { id: '200', title: 'Guides' },
      ],
      labels: ['how-to', 'install'],
      webUrl: expect.stringMatching(new RegExp(`^${fake.baseUrl}/.+`)),
    });
    expect(result.newestChange).toBe('2024-04-07T09:00:00.000Z');
  });

  it('lists only pages changed since a time, and stops reading at the first older page', async () => {
    const result = await new PageLister(api).list({ spaceKey: 'DOC', since: new Date('2024-04-03T09:00:00.000Z'), limit: 500 });
    expect(result.pages.map((p) => p.id)).toEqual(['407', '406', '405', '404', '403']);
    expect(result.complete).toBe(true);
    // Newest first, three per response: the second response already reaches older pages.
    expect(fake.requestsTo(PAGE_LIST)).toHaveLength(2);
  });

  it('hands out a cursor that continues a listing, then one that lists only later changes', async () => {
    const lister = new PageLister(api);
    const seen: string[] = [];
    let page = await lister.list({ spaceKey: 'DOC', limit: 4 });
    let calls = 1;
    seen.push(...page.pages.map((p) => p.id));
    while (!page.complete) {
      expect(page.pages.length).toBe(4);
      page = await lister.list({ spaceKey: 'DOC', cursor: page.nextCursor, limit: 4 });
      seen.push(...page.pages.map((p) => p.id));
      calls++;
    }
    expect(calls).toBe(3);
    expect(seen.sort()).toEqual(['100', '200', '300', '401', '402', '403', '404', '405', '406', '407']);

    site.editPage('200', '<p>Guides, revised</p>', '2024-05-01T10:00:00.000Z');
    const changed = await lister.list({ spaceKey: 'DOC', cursor: page.nextCursor, limit: 4 });
    expect(changed.complete).toBe(true);
    // The page saved at the instant the last listing ended comes again; id + version tell it apart.
    expect(changed.pages.map((p) => [p.id, p.version])).toEqual([
      ['200', 2],
      ['407', 1],
    ]);
    const quiet = await lister.list({ spaceKey: 'DOC', cursor: changed.nextCursor, limit: 4 });
    expect(quiet.pages.map((p) => p.id)).toEqual(['200']);
  });

  it('refuses cursors of another space and damaged cursors', async () => {
    const lister = new PageLister(api);
    const { nextCursor } = await lister.list({ spaceKey: 'DOC', limit: 2 });
    await expect(lister.list({ spaceKey: 'OPS', cursor: nextCursor, limit: 2 })).rejects.toThrow(new CursorError('cursor: belongs to space DOC, not OPS'));
    await expect(lister.list({ spaceKey: 'DOC', cursor: `${nextCursor.slice(0, -6)}xx`, limit: 2 })).rejects.toThrow(CursorError);
    await expect(lister.list({ spaceKey: 'DOC', cursor: 'hello', limit: 2 })).rejects.toThrow(/not a cursor this service issued/);
  });

  it('reports an unknown space as missing', async () => {
    await expect(new PageLister(api).list({ spaceKey: 'NOPE', limit: 10 })).rejects.toThrow(new ConfluenceNotFoundError('spaceKey: there is no space NOPE, or these credentials cannot see it'));
  });

  it('gets a page with its storage body, tree position, labels, attachments and user names', async () => {
    const page = await api.getPage('300', undefined, undefined);
    expect(page).toMatchObject({ id: '300', title: 'Install Guide', spaceKey: 'DOC', version: 1, labels: ['how-to', 'install'] });
    expect(page.ancestors.map((a) => a.title)).toEqual(['Home', 'Guides']);
    expect(page.storage).toContain('ac:name="warning"');
    expect(page.attachments).toEqual([{ filename: 'setup.png', mediaType: 'image/png', fileSize: 2048, downloadUrl: expect.stringMatching(new RegExp(`^${fake.baseUrl}/download/attachments/300/setup\\.png\\?`)) }]);
    const names = await api.userNames(flavor === 'cloud' ? [{ accountId: 'acc-ada' }, { accountId: 'acc-ghost' }] : [{ userKey: 'key-ada' }, { username: 'ghost' }]);
    expect([...names.values()]).toEqual(['Ada Lovelace']);
  });

  it('gets an earlier version of a page when asked for it', async () => {
    site.editPage('300', '<p>Version two</p>', '2024-06-01T00:00:00.000Z');
    expect((await api.getPage('300', undefined)).storage).toBe('<p>Version two</p>');
    const first = await api.getPage('300', 1);
    expect(first.version).toBe(1);
    expect(first.storage).toContain('<h2>Steps</h2>');
    await expect(api.getPage('300', 9)).rejects.toThrow(new ConfluenceNotFoundError('page 300 has no version 9 visible to these credentials'));
  });

  it('reports a missing page as not found', async () => {
    await expect(api.getPage('999', undefined)).rejects.toThrow(new ConfluenceNotFoundError('page 999 does not exist or these credentials cannot see it'));
  });

  it('reports rejected credentials once, without retrying and without echoing them', async () => {
    const wrong = apiFor(fake, flavor, flavor === 'cloud' ? { CONFLUENCE_API_TOKEN: 'wrong-token' } : { CONFLUENCE_PAT: 'wrong-pat' });
    try {
      const failure = await failureOf(wrong.getPage('300', undefined));
      expect(failure).toBeInstanceOf(ConfluenceCredentialsError);
      const variables = flavor === 'cloud' ? 'CONFLUENCE_EMAIL/CONFLUENCE_API_TOKEN' : 'CONFLUENCE_PAT';
      expect(failure.message).toBe(`Confluence rejected the credentials (401): check ${variables}`);
      expect(failure.message).not.toContain('wrong');
      expect(fake.requests).toHaveLength(1);
    } finally {
      await wrong.close();
    }
  });

  it('honours Retry-After (seconds) on 429 and then succeeds', async () => {
    fake.failNext(1, 429, { retryAfter: '1' });
    const started = Date.now();
    const spaces = await api.listSpaces({});
    expect(spaces).toHaveLength(3);
    const [limited, retried] = fake.requests;
    expect(retried.at - limited.at).toBeGreaterThanOrEqual(950);
    expect(Date.now() - started).toBeLessThan(3_000);
  });

  it('holds every request to the site while a Retry-After runs, not only the one that got it', async () => {
    fake.failNext(1, 429, { retryAfter: '1', path: /\/spaces?$/ });
    const first = api.listSpaces({});
    await waitFor(() => fake.requests.length === 1, { timeoutMs: 2_000, message: 'first request not sent' });
    await sleep(200);
    await api.getPage('100', undefined);
    await first;
    const [limited] = fake.requests;
    expect(fake.requestsTo(PAGE_100)[0].at - limited.at).toBeGreaterThanOrEqual(900);
  });

  it('honours Retry-After given as an HTTP date', async () => {
    fake.failNext(1, 503, { retryAfter: new Date(Date.now() + 2_000).toUTCString(), path: PAGE_100 });
    await api.getPage('100', undefined);
    const [failed, retried] = fake.requestsTo(PAGE_100);
    // HTTP dates have whole-second precision: at least about a second, well below the exponential maximum's budget.
    expect(retried.at - failed.at).toBeGreaterThanOrEqual(900);
  });

  it('retries 5xx with backoff and succeeds', async () => {
    fake.failNext(2, 502, { path: PAGE_100 });
    const page = await api.getPage('100', undefined);
    expect(page.title).toBe('Home');
    expect(fake.requestsTo(PAGE_100)).toHaveLength(3);
  });

  it('gives up on 5xx after the configured attempts with an unavailable error', async () => {
    const impatient = apiFor(fake, flavor, { CONFLUENCE_RETRY_ATTEMPTS: '2' });
    try {
      fake.failNext(10, 500, { path: PAGE_100 });
      await expect(impatient.getPage('100', undefined)).rejects.toThrow(ConfluenceUnavailableError);
      await expect(impatient.getPage('100', undefined)).rejects.toThrow(/Confluence failed with 500 on GET \S+; gave up after 3 attempts/);
      expect(fake.requestsTo(PAGE_100)).toHaveLength(6);
    } finally {
      await impatient.close();
    }
  });

  it('ends a 429 storm with an unavailable error once the retry budget is spent', async () => {
    const budgeted = apiFor(fake, flavor, { CONFLUENCE_RETRY_BUDGET_MS: '2500', CONFLUENCE_RETRY_ATTEMPTS: '20' });
    try {
      fake.failNext(1_000, 429, { retryAfter: '1' });
      const started = Date.now();
      const failure = await failureOf(budgeted.listSpaces({}));
      expect(failure).toBeInstanceOf(ConfluenceUnavailableError);
      expect(failure.message).toMatch(/rate limiting requests \(429\).*retry budget of 2.5 s/);
      expect(Date.now() - started).toBeLessThan(3_500);
      expect(fake.requests.length).toBeLessThanOrEqual(3);
    } finally {
      await budgeted.close();
    }
  });

  it('fails at once when Retry-After asks for longer than the budget allows', async () => {
    fake.failNext(1, 429, { retryAfter: '3600' });
    const started = Date.now();
    await expect(api.listSpaces({})).rejects.toThrow(/waiting 3600 s more would exceed the retry budget/);
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it('reports an unreachable Confluence as unavailable', async () => {
    const unreachable = apiFor(fake, flavor, { CONFLUENCE_RETRY_ATTEMPTS: '1' });
    await fake.stop();
    try {
      await expect(unreachable.listSpaces({})).rejects.toThrow(/Confluence did not answer GET \S+: ECONNREFUSED/);
    } finally {
      await unreachable.close();
    }
  });

  it('sends the credentials the flavour prescribes', async () => {
    await api.listSpaces({});
    const expected = flavor === 'cloud' ? `Basic ${Buffer.from(`sync-bot@example.com:${CLOUD_TOKEN}`).toString('base64')}` : `Bearer ${DC_PAT}`;
    expect(fake.requests[0].authorization).toBe(expected);
  });
});

describe('Confluence Cloud base URL', () => {
  it('accepts the site address without /wiki', async () => {
    const fake = await fakeConfluence('cloud', documentationSite('cloud'));
    const api = apiFor(fake, 'cloud', { CONFLUENCE_BASE_URL: fake.baseUrl.replace(/\/wiki$/, '') });
    try {
      expect((await api.listSpaces({})).length).toBe(3);
    } finally {
      await api.close();
      await fake.stop();
    }
  });
});
