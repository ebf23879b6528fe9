import { extractHtml } from './html-extractor';

const ARTICLE = `<article><h1>Tram line opens</h1>
  <p class="byline">By   Maya Singh</p>
  <p>The new tram line between the station and the hospital opened on Saturday, carrying more than four thousand passengers on its first day of service.</p>
  <p>Trams run every eight minutes during the day and every fifteen minutes in the evening, and tickets are valid on buses as well.</p>
</article>`;

describe('extractHtml', () => {
  it('gives the same text and hash for the same article in different layouts', () => {
    const plain = extractHtml(`<html><head><title>Tram line opens</title></head><body>${ARTICLE}</body></html>`, new URL('https://a.example/tram'));
    const busy = extractHtml(
      `<html><head><title>Tram line opens | City News</title></head><body>
        <nav><a href="/">Home</a> <a href="/news">News</a> <a href="/sport">Sport</a></nav>
        <div class="layout"><div class="main-column">${ARTICLE.replace(/\n\s*/g, '\n        ')}</div>
        <aside class="sidebar"><h2>Most read</h2><ul><li><a href="/1">Something else</a></li></ul></aside></div>
        <footer>© City News</footer></body></html>`,
      new URL('https://b.example/news/tram'),
    );
    expect(busy.text).toBe(plain.text);
    expect(busy.contentHash).toBe(plain.contentHash);
    expect(busy.title).toBe('Tram line opens');
  });

  it('falls back to the byline for the author and the first paragraph for the description', () => {
    const page = extractHtml(`<html><body>${ARTICLE}</body></html>`, new URL('https://a.example/tram'));
    expect(page.author).toBe('Maya Singh');
    expect(page.description).toBe('The new tram line between the station and the hospital opened on Saturday, carrying more than four thousand passengers on its first day of service.');
    expect(page.text).not.toContain('Maya Singh');
    expect(page.wordCount).toBe(48);
  });
});
