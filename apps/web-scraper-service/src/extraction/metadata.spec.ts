import { parseHtml } from './dom';
import { isoDate, readMetadata } from './metadata';

const url = new URL('https://news.example/2024/story');

describe('readMetadata', () => {
  it('prefers JSON-LD and OpenGraph over the document', () => {
    const doc = parseHtml(`<html lang="en-GB"><head><title>Ignored | News</title>
      <meta property="og:title" content="OG title"><meta property="og:site_name" content="Example News">
      <meta name="description" content="A short summary."><link rel="canonical" href="/2024/story-canonical">
      <script type="application/ld+json">{"@context":"https://schema.org","@graph":[{"@type":"WebSite","name":"x"},
        {"@type":"NewsArticle","headline":"LD headline","author":[{"@type":"Person","name":"Ann Lee"},{"name":"Bo Chen"}],"datePublished":"2024-05-01T10:00:00+02:00"}]}</script>
      </head><body><h1>Body heading</h1></body></html>`);
    expect(readMetadata(doc, url)).toEqual({
      title: 'LD headline',
      description: 'A short summary.',
      siteName: 'Example News',
      author: 'Ann Lee, Bo Chen',
      publishedAt: '2024-05-01T08:00:00.000Z',
      declaredLanguage: 'en-GB',
      canonicalUrl: 'https://news.example/2024/story-canonical',
    });
  });

  it('cleans the site name out of a <title>', () => {
    const withSite = parseHtml('<html><head><title>Budget passes after long night - Riverside Herald</title><meta property="og:site_name" content="Riverside Herald"></head></html>');
    expect(readMetadata(withSite, url).title).toBe('Budget passes after long night');
    const withoutSite = parseHtml('<html><head><title>Budget passes after long night | Herald</title></head><body><h1>Something else entirely</h1></body></html>');
    expect(readMetadata(withoutSite, url).title).toBe('Budget passes after long night');
    const shortTitle = parseHtml('<html><head><title>Home | Herald</title></head></html>');
    expect(readMetadata(shortTitle, url).title).toBe('Home | Herald');
  });

  it('finds author and date in the page when no meta tag has them', () => {
    const doc = parseHtml('<html><body><a rel="author" href="/u/kim">Kim Park</a><time datetime="2023-02-03">Feb 3</time></body></html>');
    expect(readMetadata(doc, url)).toMatchObject({ author: 'Kim Park', publishedAt: '2023-02-03' });
  });

  it('ignores broken JSON-LD and author URLs', () => {
    const doc = parseHtml('<html><head><script type="application/ld+json">{not json</script><meta property="article:author" content="https://facebook.example/someone"><meta name="author" content="Real Name"></head></html>');
    expect(readMetadata(doc, url).author).toBe('Real Name');
  });
});

describe('isoDate', () => {
  it('normalises parseable dates and drops the rest', () => {
    expect(isoDate('2024-03-14T06:30:00-05:00')).toBe('2024-03-14T11:30:00.000Z');
    expect(isoDate('2024-03-14')).toBe('2024-03-14');
    expect(isoDate('March 14, 2024 10:00 UTC')).toBe('2024-03-14T10:00:00.000Z');
    expect(isoDate('yesterday')).toBeUndefined();
    expect(isoDate('0001-01-01T00:00:00Z')).toBeUndefined();
  });
});
