import { readdirSync } from 'node:fs';
import { startRedis, type RedisServer } from '@emm/testing';
import { FIXTURES_DIR, PageServer } from './page-server';
import { fetchPage, type RunningApp, startApp, testConfig } from './support';

interface Expectation {
  title: string;
  /** Sentences from the article body, from its start to its end: all must be in the Markdown. */
  mainText: string[];
  /** Navigation, ads, footers, comments and sidebars of the page: none may be in the Markdown. */
  boilerplate: string[];
  meta?: Partial<Record<'author' | 'publishedAt' | 'siteName' | 'language', string>>;
  /** Markdown constructs the content must keep. */
  markdown?: string[];
}

/** Real-world-shaped pages (test/fixtures/pages) and what a reader would call their content. */
const PAGES: Record<string, Expectation> = {
  'news-city-council-budget.html': {
    title: 'City council approves $2.1bn budget after marathon session',
    mainText: [
      'The Riverside city council approved a $2.1 billion operating budget early Thursday',
      'expands evening bus service on six routes',
      'Councillors voted to delay construction until 2026',
      'The mayor has ten days to sign it or issue a line-item veto',
    ],
    boilerplate: ['We use cookies', 'Obituaries', 'Northside bridge closed', 'Refinance your home', 'Five restaurants that closed', 'Get the morning briefing', 'First! This council', 'All rights reserved', 'Share on Facebook', 'Stadium costs climb again'],
    meta: { author: 'Maria Okafor', publishedAt: '2024-03-14T11:30:00.000Z', siteName: 'The Riverside Herald', language: 'en' },
    markdown: ['## Stadium renovation delayed', '![Councillors vote in the chamber late on Wednesday](http://127.0.0.1:PORT/images/2024/03/council-chamber.jpg)'],
  },
  'news-german-energiewende.html': {
    title: 'Solarausbau: Norddeutschland überholt den Süden',
    mainText: [
      'Im ersten Quartal dieses Jahres sind in Schleswig-Holstein und Niedersachsen',
      'Bisher lag der Freistaat beim Ausbau der Photovoltaik stets deutlich vorn.',
      'Die Netzbetreiber warnen allerdings, dass der Ausbau der Stromleitungen nicht Schritt halte.',
    ],
    boilerplate: ['Wir und unsere Partner verwenden Cookies', 'Anzeige', 'Windpark vor Sylt', 'Impressum', 'Teilen'],
    meta: { author: 'Jonas Petersen', publishedAt: '2024-04-22T08:15:00.000Z', siteName: 'Nordkurier Digital', language: 'de' },
    markdown: ['## Große Freiflächenanlagen treiben den Zubau', '**Kiel/Hannover.**'],
  },
  'news-minimal-metadata.html': {
    title: 'Harbour ferry service to resume on Monday',
    mainText: [
      'The harbour ferry between Port Alden and Kell Island will resume its normal timetable on Monday',
      'Season tickets will be extended by three weeks at no extra cost.',
      "said the operator's managing director, Alison Gray.",
    ],
    boilerplate: ['Classifieds', 'Lifeboat crew rescues', 'Luxury cottages', 'Comments are closed', 'Advertise with us', 'By Tom Whitaker'],
    meta: { author: 'Tom Whitaker', publishedAt: '2023-09-29T14:05:00.000Z' },
  },
  'heavy-nav-university-news.html': {
    title: 'Researchers map how bees remember flowers',
    mainText: [
      'Bumblebees build a mental map of the flowers they visit',
      'The team fitted 64 bumblebees with tiny radio tags',
      'they adjusted only the part of the route that involved the moved flower',
      'Images and video of the tagged bees are available on request from the press office.',
    ],
    boilerplate: ['Postgraduate taught', 'Spin-out companies', 'Freedom of information', 'Find an expert', 'Public lecture', 'Registered charity number', 'Current students', 'Share this page'],
    meta: { publishedAt: '2024-02-07', language: 'en' },
  },
  'blog-rust-borrow-checker.html': {
    title: 'What the borrow checker taught me about ownership',
    mainText: [
      'For the first three weeks of learning Rust I treated the borrow checker as an adversary.',
      'It could not know whether the returned reference borrows from',
      'A lifetime is not a duration you choose; it is a relationship you describe.',
      'It is annoying in the way good reviewers are annoying.',
    ],
    boilerplate: ['Powered by Hugo', 'Async I/O without tears', 'share on twitter', 'Please enable JavaScript to view the comments'],
    meta: { author: 'Lena Marsh', publishedAt: '2023-11-02', language: 'en' },
    markdown: ['```rust\nfn longest(a: &str, b: &str) -> &str {', '- Most of the time the compiler infers it', '*who owns this value, and for how long?*', '`missing lifetime specifier`'],
  },
  'blog-medium-style-product-lessons.html': {
    title: 'Seven lessons from shipping our first product',
    mainText: [
      'Two years ago three of us quit our jobs to build a scheduling tool for small clinics.',
      'The day we introduced a price, our support inbox changed completely',
      'a plain relational database, a monolith and a deploy script',
      'and I will write about them next week.',
    ],
    boilerplate: ['Become a member', 'Get started', 'More from Daniel Cho', 'Why we moved off microservices', 'The 10x engineer myth', '42 responses', 'Careers'],
    meta: { author: 'Daniel Cho', publishedAt: '2024-01-16T17:02:11.423Z', siteName: 'Build Notes' },
    markdown: ['## 1. Talk to customers before you write code', '## 3. Boring technology is a feature'],
  },
  'blog-table-layout-old-school.html': {
    title: 'My trip to the Faroe Islands, part 2',
    mainText: [
      'On the third day the fog finally lifted, and we drove the narrow road up to Gjógv',
      'standing outside their burrows like little waiters in black and white',
      'Tomorrow we take the ferry to Suðuroy, the southernmost island',
    ],
    boilerplate: ['Guestbook', 'You are visitor', 'best viewed in Netscape Navigator', 'Photo gallery'],
    meta: { language: 'en' },
  },
  'docs-configuration-reference.html': {
    title: 'Configuration reference',
    mainText: [
      'Quarry reads its settings from',
      'Options under [cache] are read once at start-up.',
      'These options control the HTTP listener that serves the dashboard and the ingestion API.',
      'Setting it to 0 disables the cache entirely, which is only useful for debugging.',
    ],
    boilerplate: ['Skip to main content', 'Quarry 2.4 is out', 'Writing plugins', 'Edit this page', 'Built with Docusaurus', 'Search docs', 'Next Writing plugins'],
    meta: { siteName: 'Quarry Docs', language: 'en' },
    markdown: [
      '| Option | Type | Default | Description |\n| --- | --- | --- | --- |',
      '| `workers` | integer | `4` | Number of ingestion workers; one per CPU core is a good start. |',
      '```toml\n[cache]\ndir = ".quarry/cache"',
      '## Cache options',
    ],
  },
  'docs-api-http-client.html': {
    title: 'HttpClient.request()',
    mainText: [
      'Send one HTTP request and return its Response.',
      'at most ten redirects are followed and the final response is returned',
      'Seconds to wait for the whole exchange before raising TimeoutError.',
      'Calling request() from several threads at once is safe',
    ],
    boilerplate: ['Your first request', 'ConnectionPool', 'Made with Sphinx', 'On this page', 'Retries and timeouts'],
    meta: { language: 'en' },
    markdown: ['[Response](http://127.0.0.1:PORT/pages/response.html)', 'client = HttpClient(base_url="https://api.example.com")', '- **method** (*str*)'],
  },
  'docs-readme-repository-page.html': {
    title: 'tidewater/tidewater: A tiny, fast time-series store for sensors on the edge',
    mainText: [
      'Tidewater is a tiny, fast time-series store for sensors on the edge.',
      'Edge devices have none of these.',
      'Every release that changes the format ships with a migration tool.',
    ],
    boilerplate: ['Search or jump to', 'Pull requests 3', 'Sign up', 'Languages', 'Rust 96.1%', '© 2024 GitHub'],
    meta: { siteName: 'GitHub' },
    markdown: ['## Why another time-series database?', '```shell\ncargo install tidewater'],
  },
  'ads-recipe-lemon-cake.html': {
    title: 'Easy Lemon Drizzle Cake',
    mainText: [
      'This lemon drizzle cake is the one I bake when friends are coming over at short notice.',
      'This one uses melted butter, which means no mixer',
      'Prick the top all over with a skewer first',
      'Bake for 45 minutes, until a skewer comes out clean.',
    ],
    boilerplate: ['Advertisement', 'Get 5 free baking secrets', 'Shop the best stand mixers', 'Fudgy brownies', 'You might also like', 'As an Amazon Associate', '87 thoughts', 'Pinterest'],
    meta: { author: 'Priya Nandakumar', siteName: 'The Butter Crumb', publishedAt: '2022-05-19T08:00:00.000Z' },
    markdown: ['1. Heat the oven to 180°C', '- 225 g self-raising flour'],
  },
  'ads-gadget-review.html': {
    title: 'Aurora X2 review: the e-reader that finally gets colour right',
    mainText: [
      'Colour e-readers have been around for a few years',
      'The seven-inch screen uses the latest generation of colour E Ink',
      'With the light at half brightness and about an hour of reading a day',
      'a cheaper black-and-white model will serve you just as well',
    ],
    boilerplate: ['ADVERTISEMENT', 'Now playing', 'Trending', 'Doctors stunned', 'This $30 gadget', 'Get the best deals in your inbox', 'Editorial ethics', 'The best e-readers you can buy'],
    meta: { author: 'Sam Rivera', publishedAt: '2024-06-03T13:00:00.000Z', siteName: 'GadgetPulse', language: 'en' },
  },
};

interface Page {
  title?: string;
  markdown: string;
  text: string;
  wordCount: number;
  author?: string;
  publishedAt?: string;
  siteName?: string;
  language?: string;
}

describe('extraction quality on real-world-shaped pages (served locally, fetched through the service)', () => {
  let redis: RedisServer;
  let pages: PageServer;
  let running: RunningApp;

  beforeAll(async () => {
    redis = await startRedis();
    pages = await new PageServer().start();
    running = await startApp(testConfig({ REDIS_URL: redis.url, SCRAPER_ALLOW_HOSTS: `127.0.0.1:${pages.port}` }));
  });

  afterAll(async () => {
    await running?.app.close();
    await pages?.stop();
    await redis?.stop();
  });

  it('has an expectation for every fixture, and at least ten of them', () => {
    expect(Object.keys(PAGES).sort()).toEqual(readdirSync(FIXTURES_DIR).filter((name) => name.endsWith('.html')).sort());
    expect(Object.keys(PAGES).length).toBeGreaterThanOrEqual(10);
  });

  it.each(Object.entries(PAGES))('%s: title, main text in, boilerplate out', async (file, expected) => {
    const reply = await fetchPage<Page>(running.baseUrl, { url: pages.url(`/pages/${file}`) });
    expect(reply.status).toBe(200);
    const page = reply.result as Page;
    expect(page.title).toBe(expected.title);
    const text = page.text.replace(/\s+/g, ' ');
    for (const sentence of expected.mainText) expect(text).toContain(sentence);
    for (const junk of expected.boilerplate) {
      expect(page.markdown).not.toContain(junk);
      expect(page.text).not.toContain(junk);
    }
    for (const construct of expected.markdown ?? []) expect(page.markdown).toContain(construct.replace('PORT', String(pages.port)));
    for (const [field, value] of Object.entries(expected.meta ?? {})) expect({ field, value: page[field as keyof Page] }).toEqual({ field, value });
    // Most of the words are the article's: boilerplate would inflate the count.
    expect(page.wordCount).toBeGreaterThan(100);
    expect(page.wordCount).toBeLessThan(400);
  });
});
