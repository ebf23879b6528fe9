import { ALLOCATED_ID_NAME, CLASSIFY_TEXT_MAX_CHARS, chooseFolder, classifyRequest, noteTitle, roundConfidence } from './placement';
import { aBookmark, aClassification, aPage } from '../../test/sample-data';

describe('folder choice', () => {
  it('files a confident classification with an ID in that ID folder', () => {
    expect(chooseFolder(aClassification())).toEqual({ kind: 'id', jdId: '41.03', folder: '40-49 Learning and reference/41 Programming/41.03 Languages and frameworks' });
  });

  it('sends anything the classifier is unsure about to the review inbox, whatever it guessed', () => {
    expect(chooseFolder(aClassification({ needs_review: true, confidence: 0.31 }))).toEqual({ kind: 'review' });
  });

  it('allocates one "Bookmarks" ID per category when only the category fits, with a key that repeats', () => {
    const categoryOnly = aClassification({ jd_id: '42', path: '40-49 Learning and reference/42 Articles', category: { id: '42', name: 'Articles', path: '40-49 Learning and reference/42 Articles' }, item: undefined });
    const choice = chooseFolder(categoryOnly);
    expect(choice).toEqual({ kind: 'allocate', request: { category: '42', name: ALLOCATED_ID_NAME, key: 'bookmark-scraper:bookmarks:42' } });
    expect(chooseFolder(categoryOnly)).toEqual(choice);
  });
});

describe('classify request', () => {
  it('sends the bookmark with its folders and tags and the page text', () => {
    expect(classifyRequest(aBookmark(), aPage())).toEqual({
      url: 'https://doc.rust-lang.org/book/ch04-01-what-is-ownership.html',
      title: 'What is Ownership?',
      folder_path: ['Bookmarks bar', 'Dev'],
      text: 'What is Ownership? Ownership is a set of rules. The Stack and the Heap. Both are parts of memory.',
      tags: ['rust'],
    });
  });

  it('uses the page title when the export had none, the description when the page has no text, neither when there is nothing', () => {
    const untitled = aBookmark({ title: 'doc.rust-lang.org/book/ch04-01-what-is-ownership.html' });
    expect(classifyRequest(untitled, aPage()).title).toBe('What is Ownership? - The Rust Programming Language');
    expect(classifyRequest(aBookmark(), aPage({ text: ' ' })).text).toBe('Ownership is a set of rules that govern how a Rust program manages memory.');
    expect(classifyRequest(aBookmark(), aPage({ text: '', description: undefined, kind: 'other' }))).not.toHaveProperty('text');
  });

  it('stays within classify_bookmark\'s limits for odd exports', () => {
    const request = classifyRequest(
      aBookmark({ title: 'T'.repeat(5_000), folder_path: Array.from({ length: 80 }, () => 'F'.repeat(900)), tags: Array.from({ length: 150 }, (_, i) => `tag${i}`) }),
      aPage({ text: 'word '.repeat(40_000) }),
    );
    expect(request.title).toHaveLength(1_000);
    expect(request.folder_path).toHaveLength(50);
    expect(request.folder_path?.[0]).toHaveLength(500);
    expect(request.tags).toHaveLength(100);
    expect(request.text).toHaveLength(CLASSIFY_TEXT_MAX_CHARS);
  });
});

describe('note title', () => {
  it('prefers the bookmark\'s own title, then the page\'s', () => {
    expect(noteTitle(aBookmark(), aPage())).toBe('What is Ownership?');
    expect(noteTitle(aBookmark({ title: 'doc.rust-lang.org/book/ch04-01-what-is-ownership.html' }), aPage())).toBe('What is Ownership? - The Rust Programming Language');
    expect(noteTitle(aBookmark({ title: 'doc.rust-lang.org/book/ch04-01-what-is-ownership.html' }), aPage({ title: undefined }))).toBe(
      'doc.rust-lang.org/book/ch04-01-what-is-ownership.html',
    );
  });

  it('collapses white space and stays within 300 characters without breaking a character', () => {
    expect(noteTitle(aBookmark({ title: '  Ownership \n  and  borrowing ' }), aPage())).toBe('Ownership and borrowing');
    const long = noteTitle(aBookmark({ title: `${'x'.repeat(298)}😀😀` }), aPage());
    expect(long.length).toBeLessThanOrEqual(300);
    expect(long.endsWith('…')).toBe(true);
    expect(long).not.toMatch(/[\uD800-\uDBFF]…$/);
  });
});

it('rounds confidence to two places', () => {
  expect(roundConfidence(0.8166)).toBe(0.82);
  expect(roundConfidence(0.005)).toBe(0.01);
  expect(roundConfidence(1)).toBe(1);
});
