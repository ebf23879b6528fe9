import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { waitFor } from '@emm/testing';
import { bookmarksExport, type ImportStack, outcomes, parseNote, snapshot, startImportStack } from './support';

// The agent and the six services it calls run as separate processes with one
// Redis (@emm/stack); the web behind the bookmarks is a folder of pages served
// on 127.0.0.1, which the scraper may fetch because SCRAPER_ALLOW_HOSTS lists it.

const REVIEW = '00-09 System/00 Index and inbox/00.01 Review inbox';
const NOTES = {
  lemon: '20-29 Home and life/25 Recipes and cooking/25.02 Baking and desserts/Lemon drizzle cake.md',
  lisbon: '20-29 Home and life/26 Travel/26.02 Trip plans/Three days in Lisbon.md',
  rust: '40-49 Learning and reference/41 Programming/41.03 Languages and frameworks/Understanding ownership in Rust.md',
  tomato: '50-59 Hobbies and personal/53 Gardening/53.02 Plant care/How to prune and water tomato plants.md',
  // The classifier found category 63 but no ID in it that fits: the agent allocated "63.03 Bookmarks".
  contact: '60-69 Personal admin/63 Official letters/63.03 Bookmarks/Contact and opening hours.md',
  welcome: `${REVIEW}/Welcome.md`,
};

const ISO_TIME = expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
const SHA256 = expect.stringMatching(/^[0-9a-f]{64}$/);

let env: ImportStack;
let site: string;

beforeAll(async () => {
  env = await startImportStack();
  site = env.pages.origin;
  // A page whose server keeps failing: retried (ITEM_ATTEMPTS=2), then failed alone.
  env.pages.failPath('news/flaky.html', 500);
}, 90_000);

afterAll(async () => {
  await env?.stop();
});

/** The front matter every note of this suite has besides what differs per bookmark. */
function frontMatterOf(page: string, fields: Record<string, unknown>): Record<string, unknown> {
  const url = `${site}/${page}`;
  return { source: { kind: 'bookmark', url, hash: SHA256 }, classifier: { provider: 'heuristic', model: 'jd-scorer-v1', decided_by: 'content' }, needs_review: false, url, language: 'en', created: ISO_TIME, updated: ISO_TIME, ...fields };
}

describe('bookmark-import of a Netscape export', () => {
  it('files every good bookmark as a note in its folder, and each bad one fails alone with its reason', async () => {
    const run = await env.api.run({ content: bookmarksExport(site, env.closedHost) });

    expect(run.state).toBe('completed_with_errors');
    // 14 entries: the newsletter link to the Rust page is a duplicate (dropped by the parser), the bookmarklet is invalid (rejected).
    expect(run.counts).toEqual({ total: 13, pending: 0, done: 5, needsReview: 1, skipped: 0, failed: 7 });
    expect(outcomes(run)).toEqual({
      'Lemon drizzle cake': 'done: filed in 25.02',
      'Understanding ownership in Rust': 'done: filed in 41.03',
      'Three days in Lisbon': 'done: filed in 26.02',
      'How to prune and water tomato plants': 'done: filed in 53.02',
      'Contact and opening hours': 'done: filed in 63.03',
      Welcome: 'needs_review: review inbox: confidence 0.02, best guess 35',
      'Porto guide (old)': 'failed: dead link: HTTP 404',
      'Old blog': 'failed: dead link: gone.invalid does not resolve to any address (ENOTFOUND)',
      'Local dashboard': 'failed: dead link: the connection was refused',
      'Router admin': 'failed: blocked: 10.1.2.3 is a private address',
      'Private notes': `failed: blocked: robots.txt of ${site} disallows EMM-WebScraper from /private/notes.html`,
      'Flaky news page': 'failed: gave up after 2 attempts: temporary error: HTTP 500',
      'javascript:(function(){alert(document.title)})()': 'failed: invalid bookmark at line 19: unsupported scheme "javascript:": only http and https pages are bookmarks',
    });
    expect(run.items.find((item) => item.label === 'Flaky news page')?.attempts).toBe(2);
    expect(run.items.find((item) => item.label === 'Welcome')?.notePath).toBe(NOTES.welcome);

    const vault = snapshot(env.stack.vaultDir);
    expect(Object.keys(vault).sort()).toEqual(Object.values(NOTES).sort());
    const notes = Object.fromEntries(Object.entries(NOTES).map(([name, path]) => [name, parseNote(vault[path])]));

    expect(notes.lemon.frontMatter).toEqual(
      frontMatterOf('recipes/lemon-drizzle-cake.html', {
        title: 'Lemon drizzle cake',
        jd_id: '25.02',
        jd_path: '20-29 Home and life/25 Recipes and cooking/25.02 Baking and desserts',
        confidence: 0.99,
        tags: ['recipes', 'cake', 'ingredients', 'baking', 'dough', 'flour'],
        site: 'Sunday Baking',
        bookmarked: '2023-07-22T04:26:40.000Z',
        bookmark_folders: ['Bookmarks bar', 'Kitchen'],
        author: 'Hannah Whitfield',
      }),
    );
    expect(notes.rust.frontMatter).toEqual(
      frontMatterOf('dev/rust-ownership.html', {
        title: 'Understanding ownership in Rust',
        jd_id: '41.03',
        jd_path: '40-49 Learning and reference/41 Programming/41.03 Languages and frameworks',
        confidence: 0.99,
        // The export's own tags (Firefox TAGS) come first, then the classifier's.
        tags: ['rust', 'memory', 'programming', 'code', 'python', 'typescript', 'compiler'],
        site: 'Systems Programming Notes',
        bookmarked: '2023-07-22T04:28:20.000Z',
        bookmark_folders: ['Bookmarks bar', 'Dev'],
        published: '2024-03-18T08:00:00.000Z',
      }),
    );
    expect(notes.lisbon.frontMatter).toEqual(
      frontMatterOf('travel/lisbon-itinerary.html', {
        title: 'Three days in Lisbon',
        jd_id: '26.02',
        jd_path: '20-29 Home and life/26 Travel/26.02 Trip plans',
        confidence: 0.98,
        tags: ['trip', 'travel', 'itinerary', 'packing-list', 'airport', 'hotel'],
        site: 'Slow Travel Journal',
        bookmarked: '2023-07-22T04:33:20.000Z',
        bookmark_folders: ['Bookmarks bar', 'Trips'],
      }),
    );
    expect(notes.tomato.frontMatter).toEqual(
      frontMatterOf('garden/tomato-pruning.html', {
        title: 'How to prune and water tomato plants',
        jd_id: '53.02',
        jd_path: '50-59 Hobbies and personal/53 Gardening/53.02 Plant care',
        confidence: 0.98,
        tags: ['plant', 'pruning', 'watering', 'gardening', 'tomato', 'pests'],
        site: 'The Allotment Diary',
        bookmarked: '2023-07-22T04:36:40.000Z',
        bookmark_folders: ['Garden'],
      }),
    );
    expect(notes.contact.frontMatter).toEqual(
      frontMatterOf('about/contact.html', {
        title: 'Contact and opening hours',
        jd_id: '63.03',
        jd_path: '60-69 Personal admin/63 Official letters/63.03 Bookmarks',
        classifier: { provider: 'heuristic', model: 'jd-scorer-v1', decided_by: 'folder_number' },
        confidence: 0.97,
        tags: ['letters', 'official', 'personal'],
        site: '127.0.0.1',
        bookmarked: '2023-07-22T04:40:50.000Z',
        bookmark_folders: ['63 Official letters'],
      }),
    );
    expect(notes.welcome.frontMatter).toEqual(
      frontMatterOf('about/welcome.html', {
        title: 'Welcome',
        jd_id: '00.01',
        jd_path: REVIEW,
        confidence: 0.02,
        needs_review: true,
        suggested: { jd_id: '35', jd_path: '30-39 Work/35 Processes and runbooks' },
        tags: [],
        site: '127.0.0.1',
        bookmarked: '2023-07-22T04:40:00.000Z',
      }),
    );

    // The body: the page's description, the link, the bookmark's own note, then the page as Markdown.
    expect(notes.lemon.body).toMatch(
      new RegExp(
        `^> A moist lemon loaf cake soaked in a crunchy lemon and sugar drizzle\\. Ready in an hour, serves ten\\.\\n\\n<${site}/recipes/lemon-drizzle-cake\\.html>\\n\\n\\*\\*Bookmark note:\\*\\* Grandma's version, but with less sugar\\n\\n## Page\\n\\nThis is the lemon drizzle cake I bake`,
      ),
    );
    expect(notes.lemon.body).toContain('\n## Ingredients\n\n- 225 g unsalted butter, softened\n');
    expect(notes.lemon.body).toContain('\n1. Heat the oven to 180°C (160°C fan). Line a 900 g loaf tin with baking paper.\n');
    expect(notes.lemon.body).not.toContain('Recipes tested in a home kitchen'); // the footer is not content
    expect(notes.rust.body).toContain('```\nfn main() {\n    let s1 = String::from("hello");');
    // A short page whose description is its own opening text appears once.
    expect(notes.welcome.body).toBe(`<${site}/about/welcome.html>\n\n## Page\n\nHello and thanks for stopping by. This little corner of the web is where we put things from time to time. Have a look around, and come back soon.\n`);

    // One summary notification, through notifications-service to its webhook.
    await waitFor(() => env.webhook.received.length >= 1, { timeoutMs: 10_000 });
    expect(env.webhook.received).toHaveLength(1);
    const [summary] = env.webhook.received;
    expect(summary).toMatchObject({ title: 'Bookmark import: 6 filed, 0 already imported, 7 failed', severity: 'warning' });
    expect(summary.message).toContain('looked at 13 bookmarks: 5 filed, 1 in the review inbox, 0 already imported, 7 failed.');
    expect(summary.message).toContain(`- [Welcome](<${site}/about/welcome.html>) → \`${NOTES.welcome}\``);
    expect(summary.message).toContain(`- [Porto guide (old)](<${site}/travel/porto-guide.html>): dead link: HTTP 404`);
  });

  it('changes nothing the second time: imported bookmarks are skipped without a fetch, the vault stays byte for byte', async () => {
    const before = snapshot(env.stack.vaultDir);
    const requestsBefore = env.pages.requests.length;

    const run = await env.api.run({ content: bookmarksExport(site, env.closedHost) });

    expect(run.counts).toEqual({ total: 13, pending: 0, done: 0, needsReview: 0, skipped: 6, failed: 7 });
    for (const [name, path] of Object.entries(NOTES)) {
      const item = run.items.find((entry) => entry.notePath === path);
      expect({ name, status: item?.status, detail: item?.detail }).toEqual({ name, status: 'skipped', detail: 'already imported' });
    }
    // Dead, blocked and invalid bookmarks are looked at again (a link may come back) and fail the same way.
    expect(outcomes(run)['Porto guide (old)']).toBe('failed: dead link: HTTP 404');
    expect(outcomes(run)['Router admin']).toBe('failed: blocked: 10.1.2.3 is a private address');

    expect(snapshot(env.stack.vaultDir)).toEqual(before);
    const fetchedAgain = env.pages.requests.slice(requestsBefore);
    for (const page of ['/recipes/lemon-drizzle-cake.html', '/dev/rust-ownership.html', '/travel/lisbon-itinerary.html', '/garden/tomato-pruning.html', '/about/contact.html', '/about/welcome.html']) {
      expect(fetchedAgain).not.toContain(page);
    }

    await waitFor(() => env.webhook.received.length >= 2, { timeoutMs: 10_000 });
    expect(env.webhook.received[1]).toMatchObject({ title: 'Bookmark import: 0 filed, 6 already imported, 7 failed' });
  });
});

describe('bookmark-import of other sources', () => {
  it('imports a list of URLs, skipping a bookmark it already has under another spelling', async () => {
    const run = await env.api.run({ urls: [`${site}/photo/aperture-basics.html`, `${site}/recipes/lemon-drizzle-cake.html?utm_source=feed#method`] });

    expect(outcomes(run)).toEqual({
      [`${site}/photo/aperture-basics.html`]: 'done: filed in 51.03',
      [`${site}/recipes/lemon-drizzle-cake.html`]: 'skipped: already imported',
    });
    const path = run.items.find((item) => item.status === 'done')?.notePath ?? '';
    // Photography, but neither of its IDs (Gear, Editing): the category's "Bookmarks" ID, allocated for it.
    expect(path).toBe('50-59 Hobbies and personal/51 Photography/51.03 Bookmarks/Aperture, shutter speed and ISO explained.md');
    const note = parseNote(snapshot(env.stack.vaultDir)[path]);
    // No title in a URL list: the page's title names the note.
    expect(note.frontMatter).toMatchObject({ title: 'Aperture, shutter speed and ISO explained', jd_id: '51.03', site: 'Field Photo School', url: `${site}/photo/aperture-basics.html` });
    expect(note.frontMatter).not.toHaveProperty('bookmarked');
    expect(note.frontMatter).not.toHaveProperty('bookmark_folders');
  });

  it('reads an export file from UNSORTED', async () => {
    mkdirSync(join(env.stack.unsortedDir, 'exports'), { recursive: true });
    const exported = [{ url: `${site}/money/etf-investing.html`, title: 'ETF portfolio basics', folderPath: ['Finance'], tags: ['investing'], addedAt: '2025-02-01T10:00:00Z' }];
    writeFileSync(join(env.stack.unsortedDir, 'exports/bookmarks.json'), JSON.stringify(exported));

    const run = await env.api.run({ path: 'exports/bookmarks.json' });

    expect(outcomes(run)).toEqual({ 'ETF portfolio basics': 'done: filed in 15.03' });
    const note = parseNote(snapshot(env.stack.vaultDir)['10-19 Finance/15 Investments/15.03 Investment research/ETF portfolio basics.md']);
    expect(note.frontMatter).toMatchObject({ jd_id: '15.03', bookmarked: '2025-02-01T10:00:00.000Z', bookmark_folders: ['Finance'], site: 'Plain Money' });
    expect(note.frontMatter.tags).toEqual(expect.arrayContaining(['investing']));
  });

  it('reads a browser\'s HTML export from UNSORTED as it was written: the same bookmarks as the upload', async () => {
    const exported = bookmarksExport(site, env.closedHost);
    writeFileSync(join(env.stack.unsortedDir, 'bookmarks.html'), exported);
    const byPath = await env.api.run({ path: 'bookmarks.html' });
    const uploaded = await env.api.run({ content: exported });
    expect(byPath.counts.total).toBeGreaterThan(5);
    expect(outcomes(byPath)).toEqual(outcomes(uploaded));
  });

  it('fails a run whose export cannot be read, saying why', async () => {
    writeFileSync(join(env.stack.unsortedDir, 'bookmarks.pdf'), '%PDF-1.7 not really');
    const pdf = await env.api.run({ path: 'bookmarks.pdf' });
    expect(pdf).toMatchObject({ state: 'failed', error: 'planning failed: raw: bookmarks.pdf is a pdf file; raw applies to text files only (markdown, text, html, json, csv)' });

    const missing = await env.api.run({ path: 'nowhere/bookmarks.json' });
    expect(missing.state).toBe('failed');
    expect(missing.error).toMatch(/^planning failed: path: .*nowhere\/bookmarks\.json/);

    const notBookmarks = await env.api.run({ content: '{"hello": "world"}', format: 'json' });
    expect(notBookmarks.state).toBe('failed');
    expect(notBookmarks.error).toMatch(/^planning failed: content: /);
  });

  it('refuses bad input at the door, naming the field and the rule', async () => {
    const none = await env.api.request('POST', '/runs', { workflow: 'bookmark-import', input: {} });
    expect(none).toEqual({ status: 400, body: { error: { code: 'invalid_argument', message: 'input.content: give exactly one of content, path or urls', issues: [{ path: 'input.content', message: 'give exactly one of content, path or urls' }] } } });

    const spaced = await env.api.request('POST', '/runs', { workflow: 'bookmark-import', input: { urls: ['https://example.org/a b'] } });
    expect(spaced.status).toBe(400);
    expect(spaced.body?.error?.message).toBe('input.urls[0]: must be one URL, without spaces or line breaks');

    const unauthorised = await env.api.request('POST', '/runs', { workflow: 'bookmark-import', input: { urls: ['https://example.org/a'] } }, 'wrong-token');
    expect(unauthorised.status).toBe(401);
  });
});
