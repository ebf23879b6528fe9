import { aBookmark, aPage, aPlacement } from '../../test/sample-data';
import { cutMarkdown, obsidianTags, renderBookmarkNote, siteOf } from './bookmark-note';

describe('bookmark note', () => {
  it('has the shared front matter keys and the bookmark\'s own', () => {
    const { frontMatter } = renderBookmarkNote({ bookmark: aBookmark(), page: aPage({ author: 'Steve Klabnik', publishedAt: '2018-05-01T00:00:00.000Z' }), placement: aPlacement(), markdownMaxChars: 20_000 });
    expect(frontMatter).toEqual({
      title: 'What is Ownership?',
      jd_id: '41.03',
      jd_path: '40-49 Learning and reference/41 Programming/41.03 Languages and frameworks',
      source: { kind: 'bookmark', url: 'https://doc.rust-lang.org/book/ch04-01-what-is-ownership.html', hash: 'a'.repeat(64) },
      classifier: { provider: 'heuristic', model: 'jd-scorer-v1', decided_by: 'content' },
      confidence: 0.82,
      needs_review: false,
      tags: ['rust', 'memory-safety'],
      url: 'https://doc.rust-lang.org/book/ch04-01-what-is-ownership.html',
      site: 'The Rust Programming Language',
      bookmarked: '2023-07-22T04:26:40.000Z',
      bookmark_folders: ['Bookmarks bar', 'Dev'],
      author: 'Steve Klabnik',
      published: '2018-05-01T00:00:00.000Z',
      language: 'en',
    });
    // Key order is what a person reads first in Obsidian's properties.
    expect(Object.keys(frontMatter).slice(0, 8)).toEqual(['title', 'jd_id', 'jd_path', 'source', 'classifier', 'confidence', 'needs_review', 'tags']);
  });

  it('leaves out what is unknown and notes a redirect and the review suggestion', () => {
    const { frontMatter } = renderBookmarkNote({
      bookmark: aBookmark({ added_at: undefined, folder_path: [], url: 'https://example.org/old' }),
      page: aPage({ finalUrl: 'https://example.org/new', siteName: undefined, language: undefined, contentHash: undefined }),
      placement: aPlacement({ needsReview: true, jdId: '00.01', folder: '00-09 System/00 Index and inbox/00.01 Review inbox', suggested: { jdId: '42', path: '40-49 Learning and reference/42 Articles' } }),
      markdownMaxChars: 20_000,
    });
    expect(frontMatter).toMatchObject({
      jd_id: '00.01',
      needs_review: true,
      suggested: { jd_id: '42', jd_path: '40-49 Learning and reference/42 Articles' },
      source: { kind: 'bookmark', url: 'https://example.org/old' },
      url: 'https://example.org/old',
      final_url: 'https://example.org/new',
      site: 'example.org',
    });
    expect(frontMatter).not.toHaveProperty('bookmarked');
    expect(frontMatter).not.toHaveProperty('bookmark_folders');
    expect(frontMatter).not.toHaveProperty('language');
    expect(frontMatter.source).not.toHaveProperty('hash');
  });

  it('writes the excerpt, the link, the bookmark\'s description and the page', () => {
    const { body } = renderBookmarkNote({
      bookmark: aBookmark({ description: 'Read before the borrow checker chapter.' }),
      page: aPage(),
      placement: aPlacement(),
      markdownMaxChars: 20_000,
    });
    expect(body).toBe(
      [
        '> Ownership is a set of rules that govern how a Rust program manages memory.',
        '',
        '<https://doc.rust-lang.org/book/ch04-01-what-is-ownership.html>',
        '',
        '**Bookmark note:** Read before the borrow checker chapter.',
        '',
        '## Page',
        '',
        '# What is Ownership?\n\nOwnership is a set of rules.\n\n## The Stack and the Heap\n\nBoth are parts of memory.',
        '',
      ].join('\n'),
    );
  });

  it('falls back to the bookmark description, then the summary, for the excerpt, and leaves out an empty page', () => {
    const withDescription = renderBookmarkNote({ bookmark: aBookmark({ description: 'My note\non two lines' }), page: aPage({ description: undefined, markdown: '' }), placement: aPlacement(), markdownMaxChars: 20_000 });
    expect(withDescription.body).toBe('> My note\n> on two lines\n\n<https://doc.rust-lang.org/book/ch04-01-what-is-ownership.html>\n');
    const withSummary = renderBookmarkNote({ bookmark: aBookmark(), page: aPage({ description: undefined, markdown: '', kind: 'other' }), placement: aPlacement(), markdownMaxChars: 20_000 });
    expect(withSummary.body).toBe('> Rust ownership rules.\n\n<https://doc.rust-lang.org/book/ch04-01-what-is-ownership.html>\n');
  });

  it('keeps only the excerpt and the link with a zero Markdown allowance', () => {
    const { body } = renderBookmarkNote({ bookmark: aBookmark(), page: aPage(), placement: aPlacement(), markdownMaxChars: 0 });
    expect(body).toBe('> Ownership is a set of rules that govern how a Rust program manages memory.\n\n<https://doc.rust-lang.org/book/ch04-01-what-is-ownership.html>\n');
  });

  it('does not repeat an excerpt the page opens with (a description made from the opening text)', () => {
    const page = aPage({ description: 'Hello and thanks for stopping by. This little corner of the web…', markdown: 'Hello and thanks for stopping by.\nThis little corner of the web is where we put things.' });
    const { body } = renderBookmarkNote({ bookmark: aBookmark(), page, placement: aPlacement(), markdownMaxChars: 20_000 });
    expect(body).toBe('<https://doc.rust-lang.org/book/ch04-01-what-is-ownership.html>\n\n## Page\n\nHello and thanks for stopping by.\nThis little corner of the web is where we put things.\n');
    const withoutPage = renderBookmarkNote({ bookmark: aBookmark(), page, placement: aPlacement(), markdownMaxChars: 0 });
    expect(withoutPage.body.startsWith('> Hello and thanks for stopping by.')).toBe(true);
  });

  it('cuts a long page at a paragraph and says so', () => {
    const paragraphs = Array.from({ length: 200 }, (_, i) => `Paragraph ${i} ${'lorem ipsum '.repeat(8)}`.trim());
    const markdown = paragraphs.join('\n\n');
    const { body } = renderBookmarkNote({ bookmark: aBookmark(), page: aPage({ markdown }), placement: aPlacement(), markdownMaxChars: 2_000 });
    const page = body.slice(body.indexOf('## Page\n\n') + '## Page\n\n'.length);
    const [kept, notice] = page.split('\n\n*Cut at ');
    expect(kept.length).toBeLessThanOrEqual(2_000);
    expect(kept.endsWith(paragraphs[kept.split('\n\n').length - 1])).toBe(true);
    expect(notice).toBe(`${kept.length.toLocaleString('en-US')} of ${markdown.length.toLocaleString('en-US')} characters: the whole page is at the link above.*\n`);
  });
});

describe('cutMarkdown', () => {
  it('keeps text within the allowance as it is', () => {
    expect(cutMarkdown('short', 10)).toEqual({ text: 'short', cut: false });
  });

  it('cuts at the last line break when no paragraph break is near, and hard when there is none', () => {
    expect(cutMarkdown('aaaa bbbb\ncccc dddd eeee', 16)).toEqual({ text: 'aaaa bbbb', cut: true });
    expect(cutMarkdown('x'.repeat(50), 20)).toEqual({ text: 'x'.repeat(20), cut: true });
  });

  it('closes a code fence the cut left open', () => {
    const markdown = `Intro\n\n\`\`\`rust\nfn main() {\n    let s = String::from("hello");\n${'    println!("{s}");\n'.repeat(20)}}\n\`\`\`\n\nAfter`;
    const { text } = cutMarkdown(markdown, 120);
    expect(text.startsWith('Intro\n\n```rust\nfn main() {')).toBe(true);
    expect(text.endsWith('\n```')).toBe(true);
    expect(text.split('\n').filter((line) => line.startsWith('```'))).toHaveLength(2);
  });
});

describe('tags and site', () => {
  it('makes tags Obsidian accepts', () => {
    expect(obsidianTags(['Rust', '#async', 'Memory Safety', 'rust', 'C++', 'c#', 'a+b', '2024', 'dev/tools', ' ', '--x--'])).toEqual([
      'rust',
      'async',
      'memory-safety',
      'cpp',
      'csharp',
      'ab',
      'dev/tools',
      'x',
    ]);
  });

  it('names the site by the page, else by the host', () => {
    expect(siteOf('https://www.example.org/a', 'Example Docs')).toBe('Example Docs');
    expect(siteOf('https://www.example.org/a', undefined)).toBe('example.org');
    expect(siteOf('http://127.0.0.1:8080/a', ' ')).toBe('127.0.0.1');
  });
});
