import { isPagePayload, newestVersionPerPage, pageItem, pageItemKey, type PageSummary } from './page-item';

const summary = (id: string, version: number, title = `Page ${id}`): PageSummary => ({
  id,
  title,
  spaceKey: 'DOC',
  version,
  lastModified: '2025-03-01T10:00:00.000Z',
  ancestors: [],
  labels: [],
});

describe('page items', () => {
  it('keys an item by space, page id and version, labels it with the title and carries page and space', () => {
    const item = pageItem({ key: 'DOC', name: 'Documentation' }, summary('65538', 7, 'Release process'));
    expect(item).toEqual({ key: 'DOC:65538:7', label: 'Release process', payload: { page: summary('65538', 7, 'Release process'), space: { key: 'DOC', name: 'Documentation' } } });
  });

  it('gives a new key to a new version of the same page', () => {
    expect(pageItemKey('DOC', { id: '1', version: 2 })).not.toBe(pageItemKey('DOC', { id: '1', version: 3 }));
  });

  it('keeps keys within 200 characters, shortening the space key but never the id and version', () => {
    const key = pageItemKey('S'.repeat(255), { id: '12345678901234567890', version: 123456 });
    expect(key).toHaveLength(200);
    expect(key.endsWith(':12345678901234567890:123456')).toBe(true);
  });

  it('keeps only the newest version of a page a listing showed twice', () => {
    const pages = newestVersionPerPage([summary('1', 2), summary('2', 1), summary('1', 3), summary('1', 1)]);
    expect(pages.map((page) => `${page.id}@${page.version}`)).toEqual(['1@3', '2@1']);
  });

  it('tells page payloads from what rejected entries carry', () => {
    expect(isPagePayload({ page: summary('1', 1), space: { key: 'DOC', name: 'Doc' } })).toBe(true);
    expect(isPagePayload(undefined)).toBe(false);
    expect(isPagePayload(null)).toBe(false);
    expect(isPagePayload({ space: { key: 'DOC' } })).toBe(false);
  });
});
