import type { Placement, Page, Classification } from '../src/import/placement';
import type { Bookmark } from '../src/import/work-items';

// Shapes as the services return them, for the unit specs of the pure parts.

export function aBookmark(overrides: Partial<Bookmark> = {}): Bookmark {
  return {
    url: 'https://doc.rust-lang.org/book/ch04-01-what-is-ownership.html',
    title: 'What is Ownership?',
    folder_path: ['Bookmarks bar', 'Dev'],
    added_at: '2023-07-22T04:26:40.000Z',
    tags: ['rust'],
    ...overrides,
  };
}

export function aPage(overrides: Partial<Page> = {}): Page {
  return {
    url: 'https://doc.rust-lang.org/book/ch04-01-what-is-ownership.html',
    finalUrl: 'https://doc.rust-lang.org/book/ch04-01-what-is-ownership.html',
    status: 200,
    contentType: 'text/html; charset=utf-8',
    kind: 'html',
    title: 'What is Ownership? - The Rust Programming Language',
    description: 'Ownership is a set of rules that govern how a Rust program manages memory.',
    siteName: 'The Rust Programming Language',
    language: 'en',
    markdown: '# What is Ownership?\n\nOwnership is a set of rules.\n\n## The Stack and the Heap\n\nBoth are parts of memory.',
    text: 'What is Ownership? Ownership is a set of rules. The Stack and the Heap. Both are parts of memory.',
    wordCount: 19,
    contentHash: 'a'.repeat(64),
    bytes: 2048,
    redirects: [],
    fetchedAt: '2026-01-10T09:00:00.000Z',
    cached: false,
    ...overrides,
  };
}

export function aPlacement(overrides: Partial<Placement> = {}): Placement {
  return {
    folder: '40-49 Learning and reference/41 Programming/41.03 Languages and frameworks',
    jdId: '41.03',
    title: 'What is Ownership?',
    needsReview: false,
    confidence: 0.82,
    provider: 'heuristic',
    model: 'jd-scorer-v1',
    decidedBy: 'content',
    tags: ['rust', 'Memory Safety'],
    summary: 'Rust ownership rules.',
    ...overrides,
  };
}

export function aClassification(overrides: Partial<Classification> = {}): Classification {
  return {
    url: 'https://doc.rust-lang.org/book/ch04-01-what-is-ownership.html',
    jd_id: '41.03',
    path: '40-49 Learning and reference/41 Programming/41.03 Languages and frameworks',
    category: { id: '41', name: 'Programming', path: '40-49 Learning and reference/41 Programming' },
    item: { id: '41.03', name: 'Languages and frameworks', path: '40-49 Learning and reference/41 Programming/41.03 Languages and frameworks' },
    confidence: 0.8166,
    needs_review: false,
    decided_by: 'content',
    title: 'What is Ownership?',
    tags: ['rust'],
    signals: [],
    alternatives: [],
    provider: 'heuristic',
    model: 'jd-scorer-v1',
    cached: false,
    ...overrides,
  };
}
